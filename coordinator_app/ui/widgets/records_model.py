"""A read-only table model over a list of records (frozen dataclasses from a service), with
one function turning a record into its cells: the small lists (placements, expenses,
activities) need no more than this."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView

from coordinator_app.ui.widgets.fit import fit_columns

Index = QModelIndex | QPersistentModelIndex
Record = TypeVar("Record")


class RecordsModel(QAbstractTableModel, Generic[Record]):
    def __init__(self, headers: Sequence[str], cells: Callable[[Record], Sequence[str]]) -> None:
        super().__init__()
        self.headers, self._cells = tuple(headers), cells
        self.records: list[Record] = []

    def set_records(self, records: Sequence[Record]) -> None:
        self.beginResetModel()
        self.records = list(records)
        self.endResetModel()

    def record(self, index: Index) -> Record | None:
        if not index.isValid() or not 0 <= index.row() < len(self.records):
            return None
        return self.records[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        record = self.record(index)
        if record is None or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        cells = self._cells(record)
        return cells[index.column()] if 0 <= index.column() < len(cells) else None


def records_table(name: str, model: RecordsModel[Any], stretch: int = 0) -> QTableView:
    """A read-only, row-selecting table; columns fit their contents and ``stretch`` takes
    the rest of the width (so long names wrap there, not in short columns), and rows are
    as high as their wrapped text."""
    view = QTableView()
    view.setAccessibleName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(True)
    fit_columns(view, stretch)
    return view
