"""The programme manager's figures on screen: every cross-trust table of the analysis, one
under the other, each trust side by side and the programme beside them, as published (the
same "<5" and "*" as the funder's report)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from coordinator_app.domain.programme_figures import Analysis
from coordinator_app.domain.suppression import publish_all

Index = QModelIndex | QPersistentModelIndex
PROGRAMME = "Programme"


class ProgrammeFiguresModel(QAbstractTableModel):
    """Rows: a table's title (bold), then its rows and its averages or medians."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: tuple[str, ...] = ("Figure", PROGRAMME)
        self.rows: list[tuple[str, tuple[str, ...], bool]] = []  # label, cells, is a title

    def set_analysis(self, analysis: Analysis | None) -> None:
        self.beginResetModel()
        self.rows = []
        codes = tuple(t.code for t in analysis.trusts) if analysis else ()
        self.headers = ("Figure", *codes, PROGRAMME)
        for table in publish_all(analysis) if analysis else ():
            self.rows.append((table.table.title, (), True))
            for label, cells in (*table.rows, *table.measures):
                self.rows.append((label, tuple(c.text for c in cells), False))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        label, cells, title = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.FontRole and title:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if column == 0:
            return label
        text = cells[column - 1] if 0 < column <= len(cells) else ""
        if role == Qt.ItemDataRole.AccessibleTextRole and text:
            return f"{self.headers[column]}: {text}"
        return text
