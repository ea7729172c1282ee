"""Support plans: choose a volunteer, then their plan (needs, strengths, the pathways
chosen with them and each milestone's progress, with the plan's warnings), their reviews
with ratings over time, their outcomes with follow-ups, their barriers with dates and their
case notes. The plan prints as a
plain-English copy for the volunteer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from coordinator_app.domain import pathways
from coordinator_app.ui.session.changes import Change, FollowsChanges
from coordinator_app.ui.session.session import AppSession
from coordinator_app.ui.widgets.announce import MessageLabel
from coordinator_app.ui.widgets.choosers import Chooser, choose_folder
from coordinator_app.ui.widgets.dates import parse_uk_date, required_uk_date, uk_date
from coordinator_app.ui.widgets.error_dialog import say_or_show
from coordinator_app.ui.widgets.fields import (
    combo,
    line,
    text_box,
)
from coordinator_app.ui.widgets.fit import WrappedLabel
from coordinator_app.ui.widgets.people_combo import PeopleCombo
from coordinator_app.ui.widgets.records_model import RecordsModel, records_table

if TYPE_CHECKING:
    from coordinator_app.services.support.plans import MilestoneView, PlanView
    from coordinator_app.services.volunteers.volunteers import VolunteerListRow


def _milestone_cells(m: MilestoneView) -> tuple[str, ...]:
    return (
        m.pathway_title,
        m.title,
        m.status_label,
        uk_date(m.target_on),
        uk_date(m.achieved_on),
        "⚠ " + m.warnings[0] if m.warnings else "",
    )


class PlansPage(FollowsChanges, QWidget):
    """The Support plans section; its forms are kept as a draft when the vault locks."""

    TABS = ("plan", "reviews", "outcomes", "barriers", "notes")  # what Today's lines open

    shows = frozenset(
        {Change.VOLUNTEERS, Change.CHECKS, Change.PLANS, Change.REVIEWS, Change.OUTCOMES}
    )

    def __init__(
        self,
        session: AppSession,
        folders: Chooser = choose_folder,
    ) -> None:
        super().__init__()
        self.session, self.today, self.folders = session, session.clock.today, folders
        self.setAccessibleName("Support plans")
        self.volunteer = PeopleCombo("Volunteer")
        self.volunteer.currentIndexChanged.connect(lambda _: self.show_volunteer())
        self.message = MessageLabel("Support plan message")
        self.message.setWordWrap(True)
        self.volunteer.gone.connect(self._person_gone)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Support plan views")
        self.tabs.tabBar().setAccessibleName("Support plan views")
        self.tabs.addTab(self._plan_tab(), "&Plan")
        from coordinator_app.ui.support.barriers_panel import BarriersPanel
        from coordinator_app.ui.support.case_notes_panel import CaseNotesPanel
        from coordinator_app.ui.support.outcomes_panel import OutcomesPanel
        from coordinator_app.ui.support.reviews_panel import ReviewsPanel

        self.reviews = ReviewsPanel(session, self.message)
        self.outcomes = OutcomesPanel(session, self.message)
        self.barrier_dates = BarriersPanel(session, self.message)
        self.case_notes = CaseNotesPanel(session, self.message)
        self.tabs.addTab(self.reviews, "&Reviews")
        self.tabs.addTab(self.outcomes, "&Outcomes")
        self.tabs.addTab(self.barrier_dates, "&Barriers")
        self.tabs.addTab(self.case_notes, "&Case notes")
        top = QHBoxLayout()
        label = QLabel("Vo&lunteer:")
        label.setBuddy(self.volunteer)
        top.addWidget(label)
        top.addWidget(self.volunteer, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.shown: PlanView | None = None
        self._draft: dict[str, Any] | None = None
        self._wanted: int | None = None
        session.unlocked.connect(self.start)
        if session.is_unlocked:
            self.start()

    # --- building ----------------------------------------------------------------------
    def _plan_tab(self) -> QWidget:
        tab = QWidget()
        self.needs = text_box("What they need help with")
        self.strengths = text_box("Their strengths")
        self.barriers = QLabel()
        self.barriers.setWordWrap(True)
        self.barriers.setAccessibleDescription("Barriers")
        self.save_assessment_button = QPushButton("Save the assess&ment")
        self.save_assessment_button.clicked.connect(self.save_assessment)
        assessment = QGroupBox("Needs and strengths")
        form = QFormLayout(assessment)
        form.addRow("&Needs:", self.needs)
        form.addRow("S&trengths:", self.strengths)
        form.addRow("Barriers:", self.barriers)
        form.addRow("", self.save_assessment_button)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        assessment.setSizePolicy(
            assessment.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Maximum
        )
        self.pathway = combo("Pathway to add", [(p.key, p.title) for p in pathways.pathways()])
        self.add_pathway_button = QPushButton("Add this path&way")
        self.add_pathway_button.clicked.connect(self.add_pathway)
        self.print_button = QPushButton("Pr&int the plan for the volunteer…")
        self.print_button.clicked.connect(self.print_plan)
        bar = QHBoxLayout()
        bar.addWidget(self.pathway, 1)
        bar.addWidget(self.add_pathway_button)
        bar.addWidget(self.print_button)
        self.templates_button = QPushButton("&Edit pathway templates…")
        self.templates_button.clicked.connect(self.edit_templates)
        bar.addWidget(self.templates_button)
        self.milestones: RecordsModel[MilestoneView] = RecordsModel(
            ("Pathway", "Milestone", "Status", "Target", "Achieved", "Warning"), _milestone_cells
        )
        self.table = records_table("Milestones", self.milestones, stretch=1)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._milestone_chosen())
        split = QSplitter()
        split.setChildrenCollapsible(False)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(assessment)
        left_layout.addStretch(1)
        split.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(bar)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self._milestone_editor())
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        QVBoxLayout(tab).addWidget(split)
        return tab

    def _milestone_editor(self) -> QGroupBox:
        from coordinator_app.services.support.plans import OWNERS, STATES

        box = QGroupBox("The chosen milestone")
        # In a splitter, which gives no height for the width: they ask for it themselves.
        self.evidence = WrappedLabel()
        self.evidence.setAccessibleDescription("Evidence expected")
        self.warnings = WrappedLabel()
        self.warnings.setAccessibleDescription("Milestone warnings")
        self.status = combo("Milestone status", list(STATES.items()))
        self.target = line("Target date", "dd/mm/yyyy")
        self.achieved = line("Date achieved", "dd/mm/yyyy")
        self.owner = combo("Who takes the next step", list(OWNERS.items()))
        self.next_step = line("Next step")
        self.evidence_note = line("Evidence seen")
        self.save_milestone_button = QPushButton("&Save the milestone")
        self.save_milestone_button.clicked.connect(self.save_milestone)
        form = QFormLayout(box)
        form.addRow("Evidence expected:", self.evidence)
        form.addRow("", self.warnings)
        form.addRow("Stat&us:", self.status)
        form.addRow("Tar&get date:", self.target)
        form.addRow("Date &achieved:", self.achieved)
        form.addRow("Ne&xt step:", self.next_step)
        form.addRow("Next step b&y:", self.owner)
        form.addRow("Evi&dence seen:", self.evidence_note)
        form.addRow("", self.save_milestone_button)
        return box

    # --- loading -----------------------------------------------------------------------
    def reload(self) -> None:
        """The people to choose from, then the plan shown (typing in it is kept)."""
        self.start()

    def start(self) -> None:
        today = self.today()
        from coordinator_app.services.volunteers import volunteers

        def fill(people: list[VolunteerListRow]) -> None:
            # Whose plan to open: one asked for from Today, else a draft waiting from before
            # the lock, else whoever was shown.
            chosen = self._wanted or (
                self._draft.get("volunteer") if self._draft else self.volunteer.currentData()
            )
            self._wanted = None
            self.volunteer.set_people(people, chosen)
            self.show_volunteer()

        self.session.op(self, lambda vault, _: volunteers.all_rows(vault, today), fill).run()

    def search_box(self) -> QWidget:
        return self.volunteer

    def open_volunteer(self, volunteer_id: int, tab: int = 0) -> None:
        """Opens a volunteer's plan on a tab (an index into ``TABS``), as soon as the list
        of people has loaded if it has not yet."""
        self.tabs.setCurrentIndex(tab)
        found = self.volunteer.findData(volunteer_id)
        if found < 0:
            self._wanted = volunteer_id
        elif found != self.volunteer.currentIndex():
            self.volunteer.setCurrentIndex(found)  # shows the plan
        self.tabs.currentWidget().setFocus()

    def show_volunteer(self, keep: int | None = None) -> None:
        person, today = self.volunteer.currentData(), self.today()
        if person is None:
            return
        from coordinator_app.services.support import plans

        def shown(view: PlanView) -> None:
            changed = self.shown is None or self.shown.volunteer_id != view.volunteer_id
            self.shown = view
            if changed:
                self.needs.setPlainText(view.needs)
                self.strengths.setPlainText(view.strengths)
            draft, self._draft = self._draft, None
            if draft is not None and draft.get("volunteer") == view.volunteer_id:
                self._put_draft(draft)  # typed before the lock: on top of what was saved
            self.barriers.setText(", ".join(view.barriers) or "none recorded")
            self.milestones.set_records(view.milestones)
            row = next((n for n, m in enumerate(view.milestones) if m.id == keep), 0)
            if view.milestones:
                self.table.selectRow(row)
            else:
                self._clear_milestone()

        self.session.op(self, lambda vault, _: plans.plan(vault, person, today), shown).failure(
            self._failed
        ).run()
        self.reviews.show_volunteer(person)
        self.outcomes.show_volunteer(person)
        self.barrier_dates.show_volunteer(person)
        self.case_notes.show_volunteer(person)

    def _person_gone(self, text: str) -> None:
        """Merged or erased elsewhere: their plan is no longer shown, nor anyone else's."""
        self._clear_plan()
        self.message.setText(text)

    def _clear_plan(self) -> None:
        self.shown = None
        self.milestones.set_records([])
        for box in (self.needs, self.strengths):
            box.clear()
        self.barriers.clear()
        self._clear_milestone()
        self.reviews.clear_personal_data()
        self.outcomes.clear_personal_data()

    def _milestone_chosen(self) -> None:
        chosen = self.milestones.record(self.table.currentIndex())
        if chosen is None:
            self._clear_milestone()
            return
        self.evidence.setText(chosen.evidence)
        self.warnings.setText(" ".join(chosen.warnings))
        self.status.setCurrentIndex(max(0, self.status.findData(chosen.status)))
        self.target.setText(uk_date(chosen.target_on))
        self.achieved.setText(uk_date(chosen.achieved_on))
        self.owner.setCurrentIndex(max(0, self.owner.findData(chosen.owner)))
        self.next_step.setText(chosen.next_step)
        self.evidence_note.setText(chosen.evidence_note)

    def _clear_milestone(self) -> None:
        for field in (self.target, self.achieved, self.next_step, self.evidence_note):
            field.clear()
        self.evidence.clear()
        self.warnings.clear()

    # --- saving ------------------------------------------------------------------------
    def save_assessment(self) -> None:
        person = self.volunteer.currentData()
        if person is None:
            return
        from coordinator_app.services.support import plans

        needs, strengths = self.needs.toPlainText(), self.strengths.toPlainText()
        self.session.op(
            self,
            lambda vault, _: plans.save_assessment(vault, person, needs, strengths),
            lambda _: self.message.setText("Needs and strengths saved."),
        ).changes(Change.PLANS).failure(self._failed).run()

    def add_pathway(self) -> None:
        person, key = self.volunteer.currentData(), self.pathway.currentData()
        if person is None or key is None:
            return
        from coordinator_app.services.support import plans

        def added(_: object) -> None:
            self.message.setText(f"{self.pathway.currentText()} added to the plan.")
            self.show_volunteer()

        self.session.op(
            self, lambda vault, _: plans.add_pathway(vault, person, key), added
        ).changes(Change.PLANS).failure(self._failed).run()

    def save_milestone(self) -> None:
        today = self.today()
        chosen = self.milestones.record(self.table.currentIndex())
        if chosen is None:
            self.message.setText("Choose a milestone in the list first.")
            return
        from coordinator_app.domain.errors import UserFacingError
        from coordinator_app.services.support import plans

        status = self.status.currentData()
        # Achieved needs the day it was achieved: an empty field never quietly becomes today.
        read_achieved = required_uk_date if status == "achieved" else parse_uk_date
        try:
            change = plans.MilestoneChange(
                status=status,
                target_on=parse_uk_date("target date", self.target.text()),
                achieved_on=read_achieved("date achieved", self.achieved.text()),
                evidence_note=self.evidence_note.text(),
                next_step=self.next_step.text(),
                owner=self.owner.currentData(),
            )
        except UserFacingError as exc:
            self.message.setText(exc.sentence())
            field = self.achieved if "achieved" in exc.sentence() else self.target
            field.setFocus()
            return

        def saved(_: object) -> None:
            self.message.setText(f"{chosen.title}: saved.")
            self.show_volunteer(keep=chosen.id)

        self.session.op(
            self, lambda vault, _: plans.update_milestone(vault, chosen.id, change, today), saved
        ).changes(Change.PLANS).failure(self._failed).run()

    def print_plan(self) -> None:
        person, today = self.volunteer.currentData(), self.today()
        if person is None or not self.session.is_unlocked:
            return
        folder = self.folders(self, "Where should the volunteer's plan be saved?")
        if folder is None:
            return
        from coordinator_app.services.support import plans

        path = Path(folder) / f"support-plan-{today:%Y-%m-%d}.pdf"
        self.session.op(
            self,
            lambda vault, _: plans.write_plan_sheet(vault, person, path, today),
            lambda _: self.message.setText(
                f"Saved the plan as {path}. It names the volunteer: give it to them, and "
                "do not leave copies on shared drives."
            ),
        ).failure(self._failed).run()

    def edit_templates(self) -> None:
        from coordinator_app.ui.support.pathway_editor import PathwayEditor

        self.editor = PathwayEditor(self.today(), self)
        self.editor.choices_loaded(self.session)  # edits kept at a lock come back
        self.editor.accepted.connect(self._templates_saved)
        self.editor.open()

    def _templates_saved(self) -> None:
        chosen = self.pathway.currentData()
        self.pathway.clear()
        for p in pathways.pathways():
            self.pathway.addItem(p.title, p.key)
        self.pathway.setCurrentIndex(max(0, self.pathway.findData(chosen)))
        self.message.setText("Pathway templates saved: new plans use them from now on.")

    def _failed(self, exc: BaseException) -> None:
        say_or_show(self.message, self, exc)

    # --- drafts and locking ------------------------------------------------------------
    def draft_key(self) -> str:
        return "support_plan"

    def draft_payload(self) -> dict[str, Any] | None:
        if self.shown is None:
            return None
        return {
            "volunteer": self.shown.volunteer_id,
            "needs": self.needs.toPlainText(),
            "strengths": self.strengths.toPlainText(),
            "review_notes": self.reviews.notes.toPlainText(),
            "outcome_note": self.outcomes.note.text(),
            "case_note": self.case_notes.note.toPlainText(),
        }

    def restore_draft(self, payload: dict[str, Any]) -> None:
        """Kept until that volunteer's plan has loaded, then put on top of it."""
        self._draft = payload
        index = self.volunteer.findData(payload.get("volunteer"))
        if index >= 0 and index != self.volunteer.currentIndex():
            self.volunteer.setCurrentIndex(index)
        elif self.shown is not None:
            self.show_volunteer()

    def _put_draft(self, payload: dict[str, Any]) -> None:
        self.needs.setPlainText(str(payload.get("needs", "")))
        self.strengths.setPlainText(str(payload.get("strengths", "")))
        self.reviews.notes.setPlainText(str(payload.get("review_notes", "")))
        self.outcomes.note.setText(str(payload.get("outcome_note", "")))
        self.case_notes.note.setPlainText(str(payload.get("case_note", "")))

    def clear_personal_data(self) -> None:
        self.volunteer.blockSignals(True)
        self.volunteer.clear()
        self.volunteer.blockSignals(False)
        self._clear_plan()
        self.message.clear()
        self.barrier_dates.clear_personal_data()
        self.case_notes.clear_personal_data()
