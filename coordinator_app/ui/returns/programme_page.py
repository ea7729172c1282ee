"""The programme manager's screens: returns received from the trusts (each trust's status,
receiving a folder of bundles, the cross-trust figures, the combined workbook and the
programme report) and the trusted keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.wording import counted
from coordinator_app.ui.returns.programme_figures import ProgrammeFiguresModel
from coordinator_app.ui.session.changes import Change, FollowsChanges
from coordinator_app.ui.session.ops import Operation
from coordinator_app.ui.session.session import AppSession, HoldsNoDrafts
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.choosers import (
    Chooser,
    SaveChooser,
    choose_folder,
    choose_keys_file,
    choose_save_file,
)
from coordinator_app.ui.widgets.dates import uk_date, uk_date_time
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.domain.programme_figures import Analysis
    from coordinator_app.export.consolidate import TrustStatus
    from coordinator_app.export.verify.bundle import TrustedKey
    from coordinator_app.services.returns.programme import Received


def _status_cells(status: TrustStatus) -> tuple[str, ...]:
    missing = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in status.missing)
    return (
        status.trust,
        status.last_period or "none received",
        str(status.last_sequence or ""),
        uk_date_time(status.last_signed) if status.last_signed else "",
        missing,
        "late" if status.late else "",
    )


def _key_cells(key: TrustedKey) -> tuple[str, ...]:
    return (
        key.trust,
        key.key_id,
        uk_date(key.valid_from),
        f"revoked {uk_date_time(key.revoked_at)}" if key.revoked_at else "in use",
        key.note,
    )


def _message() -> QLabel:
    label = MessageLabel("Message")
    label.setWordWrap(True)
    return label


class ReceivedReturnsPage(FollowsChanges, HoldsNoDrafts, QWidget):
    shows = frozenset({Change.RETURNS, Change.KEYS})  # a revoked key refuses returns

    def __init__(
        self,
        session: AppSession,
        folders: Chooser = choose_folder,
        save_as: SaveChooser = choose_save_file,
    ) -> None:
        super().__init__()
        self.session, self.today, self.folders = session, session.clock.today, folders
        self.save_as = save_as
        self.analysis: Analysis | None = None
        self.setAccessibleName("Returns received")
        self.status: RecordsModel[TrustStatus] = RecordsModel(
            ("Trust", "Last period", "Last return", "Signed", "Missing returns", "Late"),
            _status_cells,
        )
        self.receive_button = QPushButton("&Receive returns from a folder…")
        self.receive_button.clicked.connect(self.receive)
        self.combine_button = QPushButton("Save the &combined workbook…")
        self.combine_button.clicked.connect(self.combine)
        self.report_button = QPushButton("Save the &programme report…")
        self.report_button.setAccessibleName("Save the programme report")
        self.report_button.clicked.connect(self.save_report)
        self.figures = ProgrammeFiguresModel()
        self.figures_table = records_table("Programme figures, trusts side by side", self.figures)
        self.message = _message()
        bar = QHBoxLayout()
        bar.addWidget(self.receive_button)
        bar.addWidget(self.combine_button)
        bar.addWidget(self.report_button)
        bar.addStretch(1)
        figures_label = QLabel("Programme fi&gures (counts of 1 to 4 shown as <5, as published)")
        figures_label.setBuddy(self.figures_table)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(records_table("Each trust's returns", self.status), 1)
        layout.addWidget(figures_label)
        layout.addWidget(self.figures_table, 2)
        layout.addWidget(self.message)
        session.unlocked.connect(self.refresh)
        if session.is_unlocked:
            self.refresh()

    def reload(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        today = self.today()
        from coordinator_app.services.returns import programme

        self.session.op(
            self, lambda vault, _: programme.trust_statuses(vault, today), self.status.set_records
        ).run()
        self.session.op(
            self, lambda vault, _: programme.programme_figures(vault), self._figures
        ).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def _figures(self, analysis: Analysis) -> None:
        self.analysis = analysis if analysis.trusts else None
        self.figures.set_analysis(self.analysis)

    def save_report(self) -> None:
        """The figures are already read (on the database thread); the PDF is drawn on the
        report worker."""
        analysis = self.analysis
        if analysis is None:
            self.message.setText("No returns have been received yet: receive some first.")
            return
        today = self.today()
        suggested = f"programme-report_{today:%Y-%m-%d}.pdf"
        path = self.save_as(self, "Save the programme report", suggested, "PDF (*.pdf)")
        if path is None:
            return
        from coordinator_app.export.programme_report import write_programme_report

        now = self.session.clock.now()
        Operation(
            self,
            lambda _: write_programme_report(path, analysis, now),
            lambda _: self.message.setText(f"Saved the programme report as {path}."),
        ).failure(lambda exc: say_or_show(self.message, self, exc)).with_progress(
            "Writing the programme report…", cancellable=False
        ).on_report_worker().run()

    def receive(self) -> None:
        folder = self.folders(self, "Which folder holds the returns?")
        if folder is None:
            return
        from coordinator_app.services.returns import programme

        now = self.session.clock.now()
        self.session.op(
            self,
            lambda vault, progress: programme.receive_folder(vault, folder, now, progress),
            self._received,
        ).changes(Change.RETURNS).failure(
            lambda exc: say_or_show(self.message, self, exc)
        ).with_progress("Checking the returns…").run()

    def _received(self, result: Received) -> None:
        lines = [f"{counted(len(result.accepted), 'return')} accepted."]
        lines += [
            f"{a.trust} return {a.sequence} ({a.period_label}): returns "
            f"{a.missing_before[0]}-{a.missing_before[1]} were never received."
            for a in result.accepted
            if a.missing_before
        ]
        lines += [f"Refused {r.file}: {r.reason}" for r in result.refused]
        self.message.setText("\n".join(lines))
        self.refresh()

    def combine(self) -> None:
        today = self.today()
        folder = self.folders(self, "Where should the combined workbook be saved?")
        if folder is None:
            return
        from coordinator_app.services.returns import programme

        path = folder / f"rvc-combined_{today:%Y-%m-%d}.xlsx"
        self.session.op(
            self,
            lambda vault, _: programme.write_combined(vault, path, today),
            lambda saved: self.message.setText(f"Saved the combined workbook as {saved}."),
        ).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def clear_personal_data(self) -> None:
        self.status.set_records([])
        self.analysis = None
        self.figures.set_analysis(None)
        self.message.clear()


class TrustedKeysPage(FollowsChanges, HoldsNoDrafts, QWidget):
    shows = frozenset({Change.KEYS})

    def __init__(self, session: AppSession, files: Chooser = choose_keys_file) -> None:
        super().__init__()
        self.session, self.files = session, files
        self.setAccessibleName("Trusted keys")
        self.keys: RecordsModel[TrustedKey] = RecordsModel(
            ("Trust", "Key id", "Valid from", "State", "Note"), _key_cells
        )
        self.table = records_table("Trusted keys list", self.keys, stretch=4)
        self.add_button = QPushButton("&Add keys from a file…")
        self.add_button.clicked.connect(self.add_keys)
        self.revoke_button = QPushButton("Rev&oke the chosen key now")
        self.revoke_button.clicked.connect(self.revoke)
        self.message = _message()
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addWidget(self.revoke_button)
        bar.addStretch(1)
        advice = QLabel(
            "Add a trust's key only after its coordinator has read you the fingerprint on "
            "their key registration sheet and it matched."
        )
        advice.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(advice)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        session.unlocked.connect(self.refresh)
        if session.is_unlocked:
            self.refresh()

    def reload(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        from coordinator_app.services.returns import programme

        self.session.op(
            self, lambda vault, _: programme.trusted_keys(vault), self.keys.set_records
        ).run()

    def add_keys(self) -> None:
        path = self.files(self, "Choose the trust's key record (trusted-keys.json)")
        if path is None:
            return
        from coordinator_app.services.returns import programme

        self.session.op(
            self, lambda vault, _: programme.add_keys(vault, path), self._added
        ).changes(Change.KEYS).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def _added(self, count: int) -> None:
        self.message.setText(f"{counted(count, 'new key')} trusted.")
        self.refresh()

    def revoke(self) -> None:
        key = self.keys.record(self.table.currentIndex())
        if key is None:
            self.message.setText("Choose a key in the list first.")
            return
        from coordinator_app.services.returns import programme

        now = self.session.clock.now()
        self.session.op(
            self,
            lambda vault, _: programme.revoke_key(vault, key.key_id, now),
            lambda _: self._revoked(key.key_id),
        ).changes(Change.KEYS).failure(lambda exc: say_or_show(self.message, self, exc)).run()

    def _revoked(self, key_id: str) -> None:
        self.message.setText(f"Key {key_id} is revoked: returns it signs from now on are refused.")
        self.refresh()

    def clear_personal_data(self) -> None:
        self.keys.set_records([])
        self.message.clear()
