"""Returns: choose a month or quarter, preview its figures (what changed since the last
return, what is left out and why), then build and sign the bundle for the programme
manager. The history lists every bundle sent and saves any of them again, byte for byte.
The signing key's id and fingerprint are here too, with its registration sheet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain.shifts import months_before
from coordinator_app.ui.returns.signed_panel import SignedPanel, details_of
from coordinator_app.ui.session.changes import ABOUT_A_PERSON, Change, FollowsChanges
from coordinator_app.ui.session.session import AppSession, HoldsNoDrafts
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.choosers import Chooser, choose_folder
from coordinator_app.ui.widgets.dates import local_time, period_name
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.export.return_workbook import Figure
    from coordinator_app.services.returns.recipients import Registered
    from coordinator_app.services.returns.returns import BuiltReturn, ExportRecord, ReturnPreview
    from coordinator_app.services.vault.signing import KeyRecords


def period_choices(today: date) -> list[str]:
    """Last month first (the usual return), then earlier months, then recent quarters."""
    months = months_before(today, 12)
    quarter = (today.month - 1) // 3 + 1
    quarters, year = [], today.year
    for _ in range(4):
        quarter, year = (quarter - 1, year) if quarter > 1 else (4, year - 1)
        quarters.append(f"{year}-Q{quarter}")
    return [*months, *quarters]


# Asked before every return: True encrypts to the recipients, False sends it plain, None stops.
EncryptionChoice = Callable[[QWidget, tuple[str, ...]], bool | None]


def _short(recipient: str) -> str:
    """An age recipient is one 62-letter word: in full it would make the question wider
    than a laptop's screen at a large font. Its ends tell it apart; Settings shows it all."""
    return recipient if len(recipient) <= 24 else f"{recipient[:12]}…{recipient[-8:]}"


def ask_encryption(parent: QWidget, recipients: tuple[str, ...]) -> bool | None:
    box = QMessageBox(parent)
    box.setWindowTitle("Encrypt the return?")
    plain_risk = (
        "Unencrypted, its pseudonymised per-person rows are still personal data under UK "
        "GDPR: send it only by a route your trust has approved for personal data (for "
        "example NHSmail to NHSmail), never by ordinary email."
    )
    if recipients:
        box.setText(
            "Encrypt this return so that only the programme manager can open it "
            f"(recipient {', '.join(_short(r) for r in recipients)})?"
        )
        encrypt = box.addButton(
            "&Encrypt for the programme manager", QMessageBox.ButtonRole.AcceptRole
        )
        box.setDefaultButton(encrypt)
    else:
        box.setText(
            "No programme manager's recipient is registered (Settings › Encryption of "
            "returns), so this return cannot be encrypted."
        )
        encrypt = None
    box.setInformativeText(plain_risk)  # a separate paragraph: the box stays screen-sized
    plain = box.addButton("Send &unencrypted", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    return True if clicked is encrypt and encrypt else False if clicked is plain else None


def _figure_cells(figure: Figure) -> tuple[str, ...]:
    if figure.unit == "minutes":
        return figure.label, f"{figure.value / 60:,.1f} hours"
    if figure.unit == "pence":
        return figure.label, f"£{figure.value / 100:,.2f}"
    return figure.label, f"{figure.value:,}"


def _history_cells(record: ExportRecord) -> tuple[str, ...]:
    # Hashes, key ids and UTC stay under Details: the list says what a person reads.
    corrects = f"corrects {record.supersedes}" if record.supersedes else ""
    return (
        str(record.sequence),
        period_name(record.period_label),
        local_time(record.created_at),
        record.saved_as,
        corrects,
    )


# Asked before signing a number that is not simply the last + 1 (see returns_chain).
Confirm = Callable[[QWidget, str, int], bool]


def confirm_sequence(parent: QWidget, why: str, sequence: int) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Confirm the return's number")
    box.setText(f"Sign this return as number {sequence}?")
    box.setInformativeText(
        f"{why}\n\nSign it as {sequence} only if no return numbered {sequence} or above was "
        "sent from another copy of this vault. If unsure, ask the programme manager which "
        "number they received last."
    )
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Yes


class ReturnsPage(FollowsChanges, HoldsNoDrafts, QWidget):
    # The figures count everything recorded about people; then returns sent and the key.
    shows = frozenset({*ABOUT_A_PERSON, Change.RETURNS, Change.KEYS})

    def __init__(
        self,
        session: AppSession,
        folders: Chooser | None = None,
        asks_encryption: EncryptionChoice = ask_encryption,
        confirm: Confirm = confirm_sequence,
    ) -> None:
        super().__init__()
        self.confirm = confirm
        self.session, self.today = session, session.clock.today
        self.asks_encryption = asks_encryption
        self._recipients: tuple[str, ...] = ()
        # Returns are saved where Settings says exports go, unless chosen otherwise.
        self.folders: Chooser = folders or (
            lambda parent, title: choose_folder(parent, title, session.settings.export_folder)
        )
        self.setAccessibleName("Returns")
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        for label in period_choices(self.today()):
            self.period.addItem(period_name(label), label)
        self.period.currentIndexChanged.connect(lambda _: self.show_preview())
        self.build_button = QPushButton("&Build and sign the return…")
        self.build_button.clicked.connect(self.build)
        self.figures: RecordsModel[Figure] = RecordsModel(("Figure", "This period"), _figure_cells)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleDescription("Before you send")
        self.changes = QLabel()
        self.changes.setWordWrap(True)
        self.changes.setAccessibleDescription("Changes since the last return")
        self.message = MessageLabel("Returns message")
        self.message.setWordWrap(True)
        self.signed = SignedPanel()
        self.history: RecordsModel[ExportRecord] = RecordsModel(
            ("No.", "Period", "Signed", "File", "Note"), _history_cells
        )
        self.history_table = records_table("Returns sent", self.history, stretch=3)
        self.history_table.selectionModel().currentRowChanged.connect(
            lambda *_: self._show_details()
        )
        self.again_button = QPushButton("&Save the chosen return again…")
        self.again_button.clicked.connect(self.save_again)
        self.key_label = QLabel()
        self.key_label.setWordWrap(True)
        self.key_label.setAccessibleDescription("Signing key")
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The proof for whoever checks it: hashes, key ids and UTC times, folded away.
        self.details_button = QPushButton("Show &details")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._fold_details)
        self.details_text = QLabel()
        self.details_text.setWordWrap(True)
        self.details_text.setAccessibleDescription("Details of the return")
        self.details_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QWidget()
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.details_text)
        details_layout.addWidget(self.key_label)
        self.details.hide()
        self.sheet_button = QPushButton("Save the key &registration sheet…")
        self.sheet_button.clicked.connect(self.save_key_sheet)
        self.copy_button = QPushButton("&Copy the key record")
        self.copy_button.clicked.connect(self.copy_key_record)
        self._key_record = ""

        bar = QHBoxLayout()
        period_label = QLabel("&Period:")
        period_label.setBuddy(self.period)
        bar.addWidget(period_label)
        bar.addWidget(self.period)
        bar.addStretch(1)
        bar.addWidget(self.build_button)
        history_bar = QHBoxLayout()
        history_bar.addWidget(self.details_button)
        history_bar.addStretch(1)
        history_bar.addWidget(self.again_button)
        key_box = QGroupBox("Signing key")
        key_layout = QVBoxLayout(key_box)
        key_buttons = QHBoxLayout()
        key_buttons.addWidget(self.sheet_button)
        key_buttons.addWidget(self.copy_button)
        key_buttons.addStretch(1)
        key_layout.addLayout(key_buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(records_table("Figures for the period", self.figures), 4)
        layout.addWidget(self.warnings)
        layout.addWidget(self.changes)
        layout.addWidget(self.message)
        layout.addWidget(self.signed)
        layout.addWidget(QLabel("Returns sent from this vault:"))
        layout.addWidget(self.history_table, 1)
        layout.addLayout(history_bar)
        layout.addWidget(self.details)
        layout.addWidget(key_box)
        session.unlocked.connect(self.refresh)
        if session.is_unlocked:
            self.refresh()

    def reload(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.show_preview()
        self.show_history()
        self.show_key()
        self.show_recipients()

    def show_recipients(self) -> None:
        from coordinator_app.services.returns import recipients

        self.session.op(
            self, lambda vault, _: recipients.registered(vault), self._recipients_shown
        ).run()

    def _recipients_shown(self, found: list[Registered]) -> None:
        self._recipients = tuple(r.recipient for r in found)

    def show_preview(self) -> None:
        label, today = self.period.currentData(), self.today()
        if label is None:
            return
        from coordinator_app.services.returns import returns

        self.session.op(
            self, lambda vault, _: returns.preview(vault, label, today), self._previewed
        ).failure(self._failed).run()

    def _previewed(self, shown: ReturnPreview) -> None:
        self.figures.set_records(shown.figures)
        # Once this period is signed with these figures there is nothing left to send.
        signed = shown.corrects is not None and not shown.changes
        heading = "Already signed: " if signed else "Before you send: "
        self.warnings.setText(
            heading + " ".join(shown.warnings) if shown.warnings else "Ready to send."
        )
        if shown.compared_with is None:
            self.changes.setText("This will be the first return from this vault.")
        elif not shown.changes:
            self.changes.setText(
                f"No figure changed since return {shown.compared_with.sequence} "
                f"({period_name(shown.compared_with.period_label)})."
            )
        else:
            listed = "; ".join(f"{c.label}: {c.before:,} → {c.now:,}" for c in shown.changes)
            self.changes.setText(
                f"Compared with return {shown.compared_with.sequence} "
                f"({period_name(shown.compared_with.period_label)}): {listed}."
            )

    def show_history(self) -> None:
        from coordinator_app.services.returns import returns

        self.session.op(self, lambda vault, _: returns.history(vault), self._history_shown).run()

    def _history_shown(self, records: list[ExportRecord]) -> None:
        self.history.set_records(records)
        self._show_details()

    def _fold_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText("Hide &details" if shown else "Show &details")

    def _show_details(self) -> None:
        """Of the return chosen in the list, else the newest."""
        chosen = self.history.record(self.history_table.currentIndex())
        records = self.history.records
        record = chosen or (records[0] if records else None)  # newest first
        self.details_text.setText(details_of(record) if record else "No return signed yet.")

    def show_key(self) -> None:
        from coordinator_app.services.vault import signing

        self.session.op(self, lambda vault, _: signing.records(vault), self._key_shown).run()

    def _key_shown(self, found: KeyRecords) -> None:
        import json

        from coordinator_app.services.vault.signing import trusted_key_entries

        key = found.current
        self.key_label.setText(
            f"Key id {key.key_id}, in use since {key.created_at}.\n"
            f"Fingerprint to read to the programme manager: {key.fingerprint}"
        )
        self._key_record = json.dumps(trusted_key_entries(found), indent=2)

    def build(self) -> None:
        label, today = self.period.currentData(), self.today()
        if label is None or not self.session.is_unlocked:
            return
        encrypt = self.asks_encryption(self, self._recipients)
        if encrypt is None:
            return
        folder = self.folders(self, "Where should the return be saved?")
        if folder is None:
            return
        self._sign(label, folder, today, encrypt, None)

    def _sign(
        self, label: str, folder: Path, today: date, encrypt: bool, accept: int | None
    ) -> None:
        from coordinator_app.services.returns import returns

        # The bundle is signed and recorded in one unit of work, its workbook written inside
        # it: that one stays on the database thread whole.
        self.session.op(
            self,
            lambda vault, progress: returns.build_return(
                vault,
                label,
                folder,
                today=today,
                progress=progress,
                unencrypted=not encrypt,
                accept_sequence=accept,
            ),
            self._built,
        ).changes(Change.RETURNS, Change.KEYS).failure(
            lambda exc: self._not_built(exc, label, folder, today, encrypt)
        ).on_cancel(lambda: self.message.setText("Stopped: no return was made.")).with_progress(
            "Building and signing the return…"
        ).run()

    def _not_built(
        self, exc: BaseException, label: str, folder: Path, today: date, encrypt: bool
    ) -> None:
        from coordinator_app.services.returns.returns_chain import SequenceNotConfirmed

        if not isinstance(exc, SequenceNotConfirmed):
            self._failed(exc)
        elif self.confirm(self, exc.message, exc.sequence):
            self._sign(label, folder, today, encrypt, exc.sequence)
        else:
            self.message.setText("No return was made: its number was not confirmed.")

    def _built(self, built: BuiltReturn) -> None:
        self.message.clear()
        self.signed.show_built(built)
        self.show_history()
        self.show_preview()

    def save_again(self) -> None:
        record = self.history.record(self.history_table.currentIndex())
        if record is None:
            self.message.setText("Choose a return in the list first.")
            return
        folder = self.folders(self, "Where should the copy be saved?")
        if folder is None:
            return
        from coordinator_app.services.returns import returns

        sequence = record.sequence
        self.session.op(
            self,
            lambda vault, _: returns.save_again(vault, sequence, folder),
            lambda path: self.message.setText(f"Saved the very same file again as {path}."),
        ).failure(self._failed).run()

    def save_key_sheet(self) -> None:
        if not self.session.is_unlocked:
            return
        folder = self.folders(self, "Where should the key registration sheet be saved?")
        if folder is None:
            return
        from coordinator_app.services.vault import signing

        path = folder / "signing-key-registration.pdf"
        self.session.op(
            self,
            lambda vault, _: signing.write_key_sheet(vault, path),
            lambda _: self.message.setText(f"Saved the key registration sheet as {path}."),
        ).failure(self._failed).run()

    def copy_key_record(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self._key_record)
        self.message.setText("The key record is copied: paste it into an email to the manager.")

    def _failed(self, exc: BaseException) -> None:
        say_or_show(self.message, self, exc)

    def clear_personal_data(self) -> None:
        # Figures are counts, but they are the vault's: hidden while locked.
        self.figures.set_records([])
        self.history.set_records([])
        for label in (self.warnings, self.changes, self.message, self.key_label, self.details_text):
            label.clear()
        self.signed.clear()
