"""The Volunteers list's search-as-you-type and filters, and the lazy table they drive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain import choices, immigration
from coordinator_app.domain.volunteers import STATE_LABELS

if TYPE_CHECKING:
    from coordinator_app.services.volunteers.volunteers import ListFilter
    from coordinator_app.ui.volunteers.volunteers_model import VolunteersModel


class VolunteerSearch(QWidget):
    """Search box, count shown and four filters; ``changed`` whenever the query does."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.search = QLineEdit()
        self.search.setAccessibleName("Search volunteers")
        self.search.setPlaceholderText("Search names, code, phone or email")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.changed)
        self.state_filter = self._filter(
            "State filter", [(None, "All states"), *list(STATE_LABELS.items())]
        )
        self.ready_filter = self._filter(
            "Readiness filter",
            [(None, "Ready or not"), (True, "Ready to volunteer"), (False, "Not ready")],
        )
        self.status_filter = self._filter(
            "Status filter",
            [(None, "All statuses")] + [(s.key, s.label) for s in immigration.status_categories()],
        )
        self.profession_filter = self._filter(
            "Profession filter",
            [(None, "All professions")] + [(p, p) for p in choices.professions()],
        )
        self.count_label = QLabel()
        self.count_label.setAccessibleDescription("Volunteers shown")
        bar = QHBoxLayout()
        search_label = QLabel("Search (Ctrl+F):")
        search_label.setBuddy(self.search)
        bar.addWidget(search_label)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        filters = QHBoxLayout()
        for box in (
            self.state_filter,
            self.ready_filter,
            self.status_filter,
            self.profession_filter,
        ):
            filters.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(filters)

    def _filter(self, name: str, items: list[tuple[object, str]]) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        for value, label in items:
            box.addItem(label, value)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(10)
        box.currentIndexChanged.connect(self.changed)
        return box

    def query(self) -> ListFilter:
        from coordinator_app.services.volunteers.volunteers import ListFilter

        return ListFilter(
            search=self.search.text(),
            state=self.state_filter.currentData(),
            ready=self.ready_filter.currentData(),
            status=self.status_filter.currentData(),
            profession=self.profession_filter.currentData(),
        )

    def show_count(self, count: int) -> None:
        self.count_label.setText(f"{count} shown")

    def clear(self) -> None:
        """On lock: what was searched for can name someone."""
        self.search.clear()
        self.count_label.clear()


def volunteer_table(model: VolunteersModel) -> QTableView:
    """The list: sorted by name at first, one row chosen at a time."""
    table = QTableView()
    table.setAccessibleName("Volunteer list")
    table.setModel(model)
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    # Columns as wide as their headings and cells; the list scrolls sideways at a large
    # font. (A stretched last column would get no room there, and be cut.)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # Measured on the rows on screen only: Qt would read the first 1,000, and so load ten
    # pages of the list at every keystroke instead of one.
    table.horizontalHeader().setResizeContentsPrecision(0)
    return table
