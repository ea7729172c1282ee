"""The Volunteers page's other actions: finding duplicates and merging, importing, the
hours statement, the list export and the data-rights actions (subject access, erasure)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from coordinator_app.domain.wording import counted
from coordinator_app.ui.volunteers.volunteer_record import RecordEditing
from coordinator_app.ui.widgets.choosers import Chooser

if TYPE_CHECKING:
    from coordinator_app.services.volunteers.volunteers import DuplicateCandidate, VolunteerRecord


class RecordActions(RecordEditing):
    """Mixin for the page, as RecordEditing."""

    choose_folder: Chooser

    # --- duplicates and import -------------------------------------------------------------
    def find_duplicates(self) -> None:
        current = self.current
        if current is None:
            return
        today = self.today()
        from coordinator_app.services.volunteers import volunteers

        def found(candidates: list[DuplicateCandidate]) -> None:
            if not candidates:
                self.message.setText(f"No likely duplicates of {current.code} were found.")
                return
            from coordinator_app.ui.volunteers.merge_dialog import MergeDialog

            self.merge_dialog = MergeDialog(self.session, current, candidates, self)
            self.merge_dialog.merged.connect(self._merged)
            self.merge_dialog.open()

        self.session.op(
            self,
            lambda vault, _: volunteers.find_duplicates(vault, current.details, today, current.id),
            found,
        ).run()

    def _merged(self, record: VolunteerRecord) -> None:
        self.undo_stack.clear()  # a merge is recorded in the audit log, not undone here
        self._after_save(record, f"Merged into {record.code}; the other record is archived.")

    def open_import(self) -> None:
        from coordinator_app.ui.volunteers.import_wizard import ImportWizard

        self.import_wizard = ImportWizard(self.session, self)
        self.import_wizard.imported.connect(self._say_and_refresh)
        self.import_wizard.open()

    def _say_and_refresh(self, text: str) -> None:
        self.message.setText(text)
        self.model.refresh()

    # --- files -----------------------------------------------------------------------------
    def _save_path(self, title: str, name: str, kinds: str) -> Path | None:
        folder = self.session.settings.export_folder or str(Path.home())
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(folder) / name), kinds)
        return Path(path) if path else None

    def save_hours_statement(self) -> None:
        if self.current is None:
            return
        path = self._save_path(
            "Save the hours statement", f"hours-statement-{self.current.code}.pdf", "PDF (*.pdf)"
        )
        if path is not None:
            self.write_hours_statement(path)

    def write_hours_statement(self, path: Path) -> None:
        current = self.current
        if current is None:
            return
        today = self.today()
        from coordinator_app.services.shifts import hours

        self.session.op(
            self,
            lambda vault, _: hours.hours_statement(vault, current.id, path, today),
            lambda statement: self.message.setText(
                f"Hours statement saved to {path} "
                f"({statement.service_minutes // 60} hours of volunteering)."
            ),
        ).with_progress("Writing the hours statement…").run()

    def export_list(self) -> None:
        if not self.session.is_unlocked:
            return
        path = self._save_path(
            "Export the volunteer list", "volunteers.xlsx", "Excel workbook (*.xlsx)"
        )
        if path is not None:
            self.export_to(path)

    def export_to(self, path: Path) -> None:
        today = self.today()
        from coordinator_app.services.volunteers import volunteer_export

        self.session.op(
            self,
            lambda vault, _: volunteer_export.export_volunteer_list(vault, path, today),
            lambda n: self.message.setText(
                f"{counted(n, 'volunteer')} written to {path}. "
                "It holds personal data: keep it safe."
            ),
        ).with_progress("Writing the volunteer list…").run()

    # --- data rights -----------------------------------------------------------------------
    def subject_access(self) -> None:
        if self.current is None:
            return
        from coordinator_app.ui.volunteers.data_rights import export_subject_access

        folder = self.choose_folder(self, "Where should the subject access files be saved?")
        if folder is not None:
            export_subject_access(
                self, self.session, self.current.id, folder, self.today(), self.message.setText
            )

    def open_erase(self) -> None:
        if self.current is None:
            return
        from coordinator_app.ui.volunteers.data_rights import EraseDialog

        self.erase_dialog = EraseDialog(self.session, self.current.id, self.current.code, self)
        self.erase_dialog.erased.connect(self._say_and_refresh)
        self.erase_dialog.open()
