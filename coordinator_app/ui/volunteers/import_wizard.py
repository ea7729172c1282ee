"""Import wizard: choose the spreadsheet, check how its columns match the record's fields,
preview (new people, people already here, every problem), then import all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from coordinator_app.domain.errors import UserFacingError
from coordinator_app.domain.wording import agree, counted
from coordinator_app.ui.session.changes import Change
from coordinator_app.ui.session.ops import Operation
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.error_dialog import show_error
from coordinator_app.ui.widgets.fit import fit_to_content

if TYPE_CHECKING:
    from coordinator_app.services.volunteers.volunteer_import import (
        ImportPreview,
        ImportResult,
        SheetColumns,
    )


class ImportWizard(QWizard):
    imported = Signal(str)

    def __init__(self, session: AppSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        fit_to_content(self)
        self.session, self.today = session, session.clock.today
        self.setWindowTitle("Import volunteers")
        self.setAccessibleName("Import volunteers")
        self.path: Path | None = None
        self.mapping: dict[int, str] = {}
        self.preview: ImportPreview | None = None
        self.file_page = _FilePage(self)
        self.mapping_page = _MappingPage(self)
        self.preview_page = _PreviewPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, "&Import")
        self.resize(820, 600)

    def accept(self) -> None:
        path = self.path
        if path is None or self.preview is None or self.preview.problems:
            return
        mapping, today = dict(self.mapping), self.today()
        from coordinator_app.services.volunteers import volunteer_import

        def done(result: ImportResult) -> None:
            self.imported.emit(
                f"Imported {counted(result.added, 'volunteer')} from {path.name}; "
                f"{result.already_present} {agree(result.already_present, 'was', 'were')} "
                "already in Coordinator and not added again."
            )
            super(ImportWizard, self).accept()

        self.session.op(
            self,
            lambda vault, progress: volunteer_import.import_volunteers(
                vault, path, today, mapping, progress=progress
            ),
            done,
        ).changes(Change.VOLUNTEERS, Change.CHECKS).with_progress("Importing volunteers…").run()


class _FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Choose the spreadsheet")
        self.setSubTitle(
            "An .xlsx or .csv file with one volunteer per row and headings in the first row."
        )
        self.edit = QLineEdit()
        self.edit.setAccessibleName("Spreadsheet file")
        self.edit.textChanged.connect(self.completeChanged)
        browse = QPushButton("B&rowse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        label = QLabel("&File:")
        label.setBuddy(self.edit)
        row.addWidget(label)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addStretch(1)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose the spreadsheet", str(Path.home()), "Spreadsheets (*.xlsx *.csv)"
        )
        if path:
            self.edit.setText(path)

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        return Path(self.edit.text().strip()).is_file()

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        self.owner.path = Path(self.edit.text().strip())
        return True


class _MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Match the columns")
        self.setSubTitle(
            "Each heading of your sheet and the field it fills. Fix any that are wrong."
        )
        self.form = QFormLayout()
        self.boxes: list[QComboBox] = []
        self.reading = False  # this sheet's columns are being read on the database thread
        self.message = MessageLabel("Column matching message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        path = self.owner.path
        if path is None:
            return
        from coordinator_app.services.volunteers import volunteer_import

        self._clear()  # the sheet chosen before may have had other columns
        self.reading = True
        self.message.setText("Reading the sheet's columns…")
        Operation(self, lambda _: volunteer_import.columns(path), self._show).failure(
            self._failed
        ).run()

    def _clear(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.boxes = []

    def _show(self, found: SheetColumns) -> None:
        from coordinator_app.services.volunteers.volunteer_import import FIELDS

        self.reading = False
        self._clear()
        for index, heading in enumerate(found.header):
            box = QComboBox()
            box.setAccessibleName(f"Field for column {heading or index + 1}")
            box.addItem("Not imported", None)
            for field, (label, _spellings) in FIELDS.items():
                box.addItem(label, field)
            box.setCurrentIndex(max(0, box.findData(found.guessed.get(index))))
            example = next(
                (row[index] for row in found.sample if index < len(row) and row[index]), ""
            )
            self.form.addRow(
                f"{heading or f'Column {index + 1}'}  (e.g. {example[:30] or '—'}):", box
            )
            self.boxes.append(box)
        self.message.setText(
            f"{sum(1 for b in self.boxes if b.currentData())} of {len(self.boxes)} columns matched."
        )

    def _failed(self, exc: BaseException) -> None:
        self.reading = False
        self.message.setText(
            exc.sentence() if isinstance(exc, UserFacingError) else "The file could not be read."
        )
        if not isinstance(exc, UserFacingError):
            show_error(self, exc)

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        if self.reading:  # Enter before the columns are shown: nothing to check yet
            return False
        mapping = {i: str(b.currentData()) for i, b in enumerate(self.boxes) if b.currentData()}
        if len(set(mapping.values())) != len(mapping):
            self.message.setText(
                "Two columns are matched to the same field: each field can be filled from "
                "one column only."
            )
            return False
        if not {"given_names", "family_name"} & set(mapping.values()):
            self.message.setText("Match at least one column to First name or Last name.")
            return False
        self.owner.mapping = mapping
        return True


class _PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.owner = wizard
        self.setTitle("Check before importing")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleDescription("Import summary")
        self.problems = QPlainTextEdit()
        self.problems.setReadOnly(True)
        self.problems.setAccessibleName("Problems found")
        self.save_report = QPushButton("&Save the problems list…")
        self.save_report.clicked.connect(self._save_report)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.save_report)

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        path = self.owner.path
        if path is None:
            return
        self.owner.preview = None
        self.summary.setText("Checking every row…")
        mapping, today = dict(self.owner.mapping), self.owner.today()
        from coordinator_app.services.volunteers import volunteer_import

        self.owner.session.op(
            self,
            lambda vault, progress: volunteer_import.preview(vault, path, today, mapping, progress),
            self._show,
        ).with_progress("Checking the spreadsheet…").run()

    def _show(self, preview: ImportPreview) -> None:
        self.owner.preview = preview
        if preview.problems:
            self.summary.setText(
                f"{counted(len(preview.problems), 'problem')} found in the sheet's "
                f"{counted(preview.rows, 'row')}. "
                "Nothing can be "
                "imported until they are corrected in the spreadsheet (all or nothing, so no "
                "one is half-added)."
            )
        else:
            self.summary.setText(
                f"{counted(preview.rows, 'row')}: {counted(preview.new, 'new volunteer')} "
                f"will be added; {preview.already_present} "
                f"{agree(preview.already_present, 'is', 'are')} already in Coordinator and "
                "will not be added again."
            )
        lines = [f"Row {p.row}, {p.column}: {p.reason}" for p in preview.problems]
        if not preview.problems:  # show who is already here, so a wrong match is seen
            lines = [f"Row {m.row} is {m.code} already ({m.reason})." for m in preview.matched]
        self.problems.setPlainText("\n".join(lines))
        self.problems.setAccessibleName("Problems found" if preview.problems else "Rows matched")
        self.problems.setVisible(bool(lines))
        self.save_report.setVisible(bool(preview.problems))
        self.completeChanged.emit()
        # Once the page is on screen (this may run while it is being set up).
        QTimer.singleShot(0, self._focus_import)

    def _focus_import(self) -> None:
        """The focus may still sit on the previous page's last box, hidden now, or nowhere
        after the progress window: it goes to Import, so Enter imports."""
        if self.isComplete() and self.owner.currentPage() is self:
            finish = self.owner.button(QWizard.WizardButton.FinishButton)
            if isinstance(finish, QPushButton):
                finish.setDefault(True)
            finish.setFocus(Qt.FocusReason.OtherFocusReason)

    def isComplete(self) -> bool:  # noqa: N802 (Qt API)
        preview = self.owner.preview
        return preview is not None and not preview.problems and preview.new > 0

    def _save_report(self) -> None:
        preview = self.owner.preview
        if preview is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Save the problems list",
            str(Path.home() / "import-problems.xlsx"),
            "Excel workbook (*.xlsx)",
        )
        if path:
            from coordinator_app.services.volunteers.volunteer_import import write_report

            problems, made = preview.problems, self.owner.session.clock.now()
            Operation(
                self, lambda _: write_report(Path(path), problems, made), lambda _: None
            ).on_report_worker().run()
