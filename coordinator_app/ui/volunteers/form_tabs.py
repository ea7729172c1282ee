"""A form in scrolling tabs whose fields each show their own problem, and whose controls'
state can be kept as a draft exactly as left (even a date that cannot be read yet)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.dates import parse_uk_date
from coordinator_app.ui.widgets.passphrase_fields import make_bold


class FieldProblem(Exception):
    """A value that cannot be read, said beside its field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def read_date(field: str, label: str, edit: QLineEdit) -> date | None:
    """The date in ``edit``, or FieldProblem carrying the sentence every screen uses."""
    try:
        return parse_uk_date(label, edit.text())
    except InvalidInput as exc:
        raise FieldProblem(field, exc.sentence()) from None


class FieldTabs(QTabWidget):
    """Subclasses build tabs with ``_tab`` and rows with ``_row``, and may add controls
    outside ``inputs`` to ``_editors`` so drafts keep them too."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: dict[str, QLabel] = {}
        self.inputs: dict[str, QWidget] = {}

    # --- building ------------------------------------------------------------------------
    def _row(
        self,
        form: QFormLayout,
        field: str,
        label: str,
        widget: QWidget,
        buddy: QWidget | None = None,
    ) -> QLabel | None:
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget)
        error = MessageLabel(f"{label.replace('&', '')} problem")
        error.setWordWrap(True)
        make_bold(error)
        error.hide()
        box.addWidget(error)
        form.addRow(label, holder)
        label_widget = form.labelForField(holder)
        self.errors[field] = error
        self.inputs[field] = widget
        if isinstance(label_widget, QLabel):
            label_widget.setBuddy(buddy or widget)
            return label_widget
        return None

    def _tab(self, title: str) -> QFormLayout:
        # Scrolls, so a small laptop screen or a 200% font never pushes fields off-screen.
        page = QWidget()
        form = QFormLayout(page)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidget(page)
        scroller.setAccessibleName(title.replace("&", ""))
        # Tab goes straight to the fields; the area scrolls to whichever one has focus.
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.addTab(scroller, title)
        return form

    # --- problems ------------------------------------------------------------------------
    def show_problems(self, problems: dict[str, str]) -> None:
        self.clear_problems()
        first: QWidget | None = None
        for field, message in problems.items():
            label = self.errors.get(field)
            if label is None:
                continue
            label.setText(message)
            label.show()
            if first is None:
                first = self.inputs[field]
        if first is not None:  # take the coordinator to the first problem
            page = first.parentWidget()
            while page is not None and self.indexOf(page) < 0:
                page = page.parentWidget()
            if page is not None:
                self.setCurrentWidget(page)
            scroller = self.currentWidget()
            if isinstance(scroller, QScrollArea):
                scroller.ensureWidgetVisible(first)
            first.setFocus()

    def clear_problems(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.hide()

    # --- drafts --------------------------------------------------------------------------
    def _editors(self) -> dict[str, QWidget]:
        """Every control the coordinator can change, by a stable name."""
        return dict(self.inputs)

    def payload(self) -> dict[str, Any]:
        """Every control's state exactly as left, for a draft kept while the vault is locked."""
        values: dict[str, Any] = {}
        for name, widget in self._editors().items():
            if isinstance(widget, QLineEdit):
                values[name] = widget.text()
            elif isinstance(widget, QComboBox):
                values[name] = widget.currentText()
            elif isinstance(widget, QCheckBox):
                values[name] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                values[name] = widget.value()
            elif isinstance(widget, QPlainTextEdit):
                values[name] = widget.toPlainText()
        return values

    def restore(self, values: dict[str, Any]) -> None:
        for name, widget in self._editors().items():
            value = values.get(name)
            if isinstance(widget, QLineEdit) and isinstance(value, str):
                widget.setText(value)
            elif isinstance(widget, QComboBox) and isinstance(value, str):
                index = widget.findText(value)
                if index >= 0:
                    widget.setCurrentIndex(index)
                elif widget.isEditable():
                    widget.setCurrentText(value)
            elif isinstance(widget, QCheckBox) and isinstance(value, bool):
                widget.setChecked(value)
            elif isinstance(widget, QSpinBox) and isinstance(value, int):
                widget.setValue(value)
            elif isinstance(widget, QPlainTextEdit) and isinstance(value, str):
                widget.setPlainText(value)
