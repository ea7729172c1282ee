"""The Volunteers table: a lazy model over SQL pages. Only the row count and the pages in
view are held; pages load on the database thread and fill in when they arrive. Filtering,
search and sorting are done by the query, never by a proxy model over all rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from coordinator_app.domain.volunteers import STATE_LABELS
from coordinator_app.ui.session.session import AppSession

if TYPE_CHECKING:
    from coordinator_app.services.vault.vaults import Vault
    from coordinator_app.services.volunteers.volunteers import ListFilter, VolunteerListRow

PAGE_SIZE = 100  # a screenful is ~30 rows; small pages keep each keystroke cheap
# (header, sort key in SQL, row attribute)
COLUMNS = (
    ("Name", "name", "name"),
    ("Code", "code", "code"),
    ("State", "state", "state"),
    ("Ready", "ready", "ready"),
    ("Immigration status", "status", "status"),
    ("Profession", "profession", "profession"),
)
Index = QModelIndex | QPersistentModelIndex


class VolunteersModel(QAbstractTableModel):
    refreshed = Signal(int)  # the new row count, after a filter, search or sort

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session = session
        self._today = session.clock.today
        self._count = 0
        self._pages: dict[int, list[VolunteerListRow]] = {}
        self._asked: set[int] = set()
        self._generation = 0
        self._query: ListFilter | None = None
        self._sort = ("name", False)
        self._in_flight = False
        self._pending = False

    # --- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._count:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return "…"  # the page is on its way
        value = getattr(row, COLUMNS[index.column()][2])
        if COLUMNS[index.column()][2] == "ready":
            return "Ready" if value else "Not ready"
        if COLUMNS[index.column()][2] == "state":
            return STATE_LABELS.get(value, value)
        return value

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            self._sort = (COLUMNS[column][1], order == Qt.SortOrder.DescendingOrder)
            self.refresh()

    # --- loading ---------------------------------------------------------------------------
    def row_at(self, row: int) -> VolunteerListRow | None:
        page = row // PAGE_SIZE
        rows = self._pages.get(page)
        if rows is None:
            self._ask(page)
            rows = self._pages.get(page)  # already there when operations run inline (tests)
        if rows is None or row % PAGE_SIZE >= len(rows):
            return None
        return rows[row % PAGE_SIZE]

    def set_query(self, query: ListFilter) -> None:
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Count and first page for the current query; typing fast coalesces to the last."""
        if not self.session.is_unlocked or self._query is None:
            return
        if self._in_flight:
            self._pending = True
            return
        self._in_flight = True
        query, (sort, descending), today = self._query, self._sort, self._today()
        from coordinator_app.services.volunteers import volunteers

        def load(vault: Vault, _: object) -> tuple[int, list[VolunteerListRow]]:
            first = volunteers.page(
                vault, query, today, offset=0, limit=PAGE_SIZE, sort=sort, descending=descending
            )
            # A short first page is the whole result: no need to count.
            short = len(first) < PAGE_SIZE
            return (len(first) if short else volunteers.count(vault, query, today)), first

        self.session.op(None, load, self._reset).failure(self._failed).run()

    def _reset(self, result: tuple[int, list[VolunteerListRow]]) -> None:
        self._in_flight = False
        if self._pending:
            self._pending = False
            self.refresh()
            return
        self.beginResetModel()
        self._generation += 1
        self._count, first = result
        self._pages = {0: first}
        self._asked = {0}
        self.endResetModel()
        self.refreshed.emit(self._count)

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        from coordinator_app.ui.widgets.error_dialog import show_error

        show_error(None, exc)

    def _ask(self, page: int) -> None:
        if page in self._asked or not self.session.is_unlocked or self._query is None:
            return
        self._asked.add(page)
        generation, query, (sort, descending), today = (
            self._generation,
            self._query,
            self._sort,
            self._today(),
        )
        from coordinator_app.services.volunteers import volunteers

        def load(vault: Vault, _: object) -> list[VolunteerListRow]:
            return volunteers.page(
                vault,
                query,
                today,
                offset=page * PAGE_SIZE,
                limit=PAGE_SIZE,
                sort=sort,
                descending=descending,
            )

        def arrived(rows: list[VolunteerListRow]) -> None:
            if generation != self._generation:
                return  # the query changed meanwhile
            self._pages[page] = rows
            first, last = page * PAGE_SIZE, min(self._count, (page + 1) * PAGE_SIZE) - 1
            # Later, not inside data(): views do not expect signals while they paint.
            QTimer.singleShot(0, lambda: self._changed(generation, first, last))

        self.session.op(None, load, arrived).failure(self._failed).run()

    def _changed(self, generation: int, first: int, last: int) -> None:
        if generation == self._generation and last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def clear(self) -> None:
        """Forget every row (the vault is locking)."""
        self.beginResetModel()
        self._generation += 1
        self._count, self._pages, self._asked = 0, {}, set()
        self.endResetModel()
