"""The programme manager's figures on screen: every cross-trust table of the analysis, one
under the other, each trust side by side and the programme beside them, as published (the
same "<5" and "*" as the funder's report)."""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from coordinator_app.domain.programme_figures import Analysis
from coordinator_app.domain.suppression import publish_all
from coordinator_app.ui.widgets.records_model import Index, RecordsModel

PROGRAMME = "Programme"


class FigureRow(NamedTuple):
    label: str
    cells: tuple[str, ...]
    title: bool  # a table's title, shown bold with no figures


def _cells(row: FigureRow) -> tuple[str, ...]:
    return (row.label, *row.cells)


class ProgrammeFiguresModel(RecordsModel[FigureRow]):
    """Rows: a table's title (bold), then its rows and its averages or medians."""

    def __init__(self) -> None:
        super().__init__(("Figure", PROGRAMME), _cells)

    def set_analysis(self, analysis: Analysis | None) -> None:
        codes = tuple(t.code for t in analysis.trusts) if analysis else ()
        self.headers = ("Figure", *codes, PROGRAMME)
        blank = ("",) * (len(self.headers) - 1)
        rows: list[FigureRow] = []
        for table in publish_all(analysis) if analysis else ():
            rows.append(FigureRow(table.table.title, blank, True))
            for label, cells in (*table.rows, *table.measures):
                rows.append(FigureRow(label, tuple(c.text for c in cells), False))
        self.set_records(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.record(index)
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.FontRole and row.title:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        text = super().data(index, Qt.ItemDataRole.DisplayRole) or ""
        if role == Qt.ItemDataRole.AccessibleTextRole and column > 0 and text:
            return f"{self.headers[column]}: {text}"
        return (
            text
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
            else None
        )
