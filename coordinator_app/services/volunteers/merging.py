"""Merging two records of one person: the kept record takes the details chosen side by side
and everything the other held (onboarding checks, shifts, attendance, support plan and
milestones, reviews, outcomes with their follow-ups, expenses) in one unit of work, so every
return counts the same hours, sessions and records after the merge as before it. The other
record is archived and points at the kept one, whose code it then resolves to.

Shifts of the two records that overlap (domain.shifts.overlaps: one person cannot work both)
are not merged silently: ``clashes`` lists them and the caller says, per clash, which to keep.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, time
from typing import Any, Literal, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from coordinator_app.data import audit, barriers
from coordinator_app.data import volunteers as store
from coordinator_app.data.models import (
    ActivityAttendanceRow,
    BarrierRow,
    CaseNoteRow,
    ExpenseRow,
    OutcomeRow,
    PlacementRow,
    PlanMilestoneRow,
    ReviewRow,
    ShiftRow,
    SupportPlanRow,
    VolunteerRow,
)
from coordinator_app.data.vault import Vault
from coordinator_app.domain.errors import InvalidInput, UserFacingError
from coordinator_app.domain.shifts import ShiftTime, overlaps
from coordinator_app.domain.volunteers import VolunteerDetails, validate
from coordinator_app.services.guards import refuse_if_locked
from coordinator_app.services.volunteers.volunteers import VolunteerRecord, record_of, row_of

Choice = Literal["keep", "other", "both"]  # the kept record's shift, the other's, or both
CHOICES: tuple[Choice, ...] = ("keep", "other", "both")
# A milestone both records hold: the one further on wins ("dropped" is a decision, so it
# outranks a step never started).
_ADVANCE = {"not_started": 0, "dropped": 1, "in_progress": 2, "achieved": 3}


@dataclass(frozen=True)
class ShiftClash:
    """A shift of the other record overlapping one or more of the kept record's."""

    other_shift: int
    kept_shifts: tuple[int, ...]
    on: date
    other_slot: str  # "09:00–13:00 Generated Ward (Attended)": no personal data
    kept_slots: tuple[str, ...]


@dataclass(frozen=True)
class Merged:
    record: VolunteerRecord
    merged_code: str
    moved: dict[str, int]  # what moved to the kept record, by kind
    shifts_removed: int  # clashing shifts the caller chose not to keep
    choices: tuple[tuple[ShiftClash, Choice], ...]


class UnresolvedClashes(UserFacingError):
    """Both records hold overlapping shifts and no choice was given for some of them."""

    def __init__(self, clashes: tuple[ShiftClash, ...]) -> None:
        super().__init__(
            f"The two records have {len(clashes)} overlapping shift(s).",
            "Choose for each which shift to keep, then merge again.",
        )
        self.clashes = clashes


def clashes(vault: Vault, keep_id: int, other_id: int) -> list[ShiftClash]:
    with vault.unit_of_work() as session:
        return _clashes(session, keep_id, other_id)


def fill_gaps(keep: VolunteerDetails, other: VolunteerDetails) -> VolunteerDetails:
    """The kept record's details, with each empty field taken from the other record (what
    the merge dialog proposes and the command line uses)."""
    taken = {
        f.name: getattr(other, f.name)
        for f in fields(VolunteerDetails)
        if getattr(keep, f.name) in (None, "", ()) and getattr(other, f.name) not in (None, "", ())
    }
    return replace(keep, **taken)


def merge(
    vault: Vault,
    keep_id: int,
    other_id: int,
    merged: VolunteerDetails,
    today: date,
    choices: Mapping[int, Choice] | None = None,
) -> Merged:
    """``choices`` maps each clash's ``other_shift`` to what to keep; a clash left out
    refuses the merge (UnresolvedClashes) with nothing changed."""
    if keep_id == other_id:
        raise InvalidInput("A record cannot be merged with itself.", "Choose two different people.")
    clean = validate(merged, today)
    choices = dict(choices or {})
    with vault.unit_of_work() as session:
        keep, other = row_of(session, keep_id), row_of(session, other_id)
        for row in (keep, other):
            if row.merged_into_id is not None:
                raise InvalidInput(
                    f"{row.code} was already merged into another record.",
                    "Merge with the record it was merged into.",
                )
        found = _clashes(session, keep_id, other_id)
        missing = tuple(c for c in found if choices.get(c.other_shift) not in CHOICES)
        if missing:
            raise UnresolvedClashes(missing)
        removed = _resolve_clashes(session, found, choices)
        moved = _move_everything(session, keep, other)
        store.write_details(keep, clean)
        # A merge keeps what either record held open: it never resolves a barrier.
        held = {r.key for r in barriers.rows_of(session, keep.id) if r.resolved_on is None}
        barriers.follow_ticks(session, keep, held | set(clean.barriers), today)
        store.refresh_ready_until(keep)
        other.archived = True
        other.merged_into_id = keep.id
        # Records merged into the other one earlier now point at the kept one directly.
        session.execute(
            update(VolunteerRow)
            .where(VolunteerRow.merged_into_id == other.id)
            .values(merged_into_id=keep.id)
        )
        keep.updated_at = other.updated_at = audit.utc_now_text(session)
        picked = [choices[c.other_shift] for c in found]
        audit.record(
            session,
            vault.actor,
            "volunteers_merged",
            {
                "kept": keep.code,
                "merged": other.code,
                "moved": moved,
                "clashes": {choice: picked.count(choice) for choice in CHOICES},
                "shifts_removed": removed,
            },
        )
        return Merged(
            record_of(session, keep, today),
            other.code,
            moved,
            removed,
            tuple((c, choices[c.other_shift]) for c in found),
        )


# --- the parts of one merge ------------------------------------------------------------
def _shifts(session: Session, volunteer_id: int) -> list[tuple[ShiftRow, str]]:
    rows = session.execute(
        select(ShiftRow, PlacementRow.name)
        .join(PlacementRow, PlacementRow.id == ShiftRow.placement_id)
        .where(ShiftRow.volunteer_id == volunteer_id, ShiftRow.outcome != "cancelled")
        .order_by(ShiftRow.shift_date, ShiftRow.start_time)
    )
    return [(shift, str(place)) for shift, place in rows]


def _time(row: ShiftRow) -> ShiftTime:
    return ShiftTime(
        row.shift_date,
        time.fromisoformat(row.start_time),
        time.fromisoformat(row.end_time),
    )


def _slot(row: ShiftRow, place: str) -> str:
    return f"{row.start_time}–{row.end_time} {place} ({row.outcome.replace('_', '-')})"


def _clashes(session: Session, keep_id: int, other_id: int) -> list[ShiftClash]:
    mine = [(row, place, _time(row)) for row, place in _shifts(session, keep_id)]
    found = []
    for row, place in _shifts(session, other_id):
        when = _time(row)
        hit = [(k, p) for k, p, t in mine if overlaps(when, t)]
        if hit:
            found.append(
                ShiftClash(
                    other_shift=row.id,
                    kept_shifts=tuple(k.id for k, _ in hit),
                    on=when.on,
                    other_slot=_slot(row, place),
                    kept_slots=tuple(_slot(k, p) for k, p in hit),
                )
            )
    return found


def _resolve_clashes(
    session: Session, found: list[ShiftClash], choices: Mapping[int, Choice]
) -> int:
    """Delete the shifts not kept (a double entry of one shift); approved months stay as
    approved unless the coordinator unlocks them first."""
    drop: set[int] = set()
    for clash in found:
        choice = choices[clash.other_shift]
        if choice == "keep":
            drop.add(clash.other_shift)
        elif choice == "other":
            drop.update(clash.kept_shifts)
    for shift_id in sorted(drop):
        row = session.get(ShiftRow, shift_id)
        if row is not None:
            refuse_if_locked(session, row.month)
            session.delete(row)
    session.flush()
    return len(drop)


def _move(session: Session, model: Any, keep_id: int, other_id: int) -> int:
    done = session.execute(
        update(model).where(model.volunteer_id == other_id).values(volunteer_id=keep_id)
    )
    return int(cast("CursorResult[Any]", done).rowcount or 0)


def _move_everything(session: Session, keep: VolunteerRow, other: VolunteerRow) -> dict[str, int]:
    moved = {"checks": _move_checks(session, keep, other)}
    # The shift table's triggers move the monthly totals with the rows.
    for kind, model in (
        ("shifts", ShiftRow),
        ("expenses", ExpenseRow),
        ("reviews", ReviewRow),
        ("outcomes", OutcomeRow),  # their follow-ups hang on the outcome and go with it
        ("barriers", BarrierRow),
        ("notes", CaseNoteRow),  # case notes
    ):
        moved[kind] = _move(session, model, keep.id, other.id)
    moved["attendance"] = _move_attendance(session, keep.id, other.id)
    moved["milestones"] = _move_milestones(session, keep.id, other.id)
    moved["plan"] = _move_plan(session, keep.id, other.id)
    return moved


def _move_checks(session: Session, keep: VolunteerRow, other: VolunteerRow) -> int:
    """Onboarding checks combined: of two checks of one kind, the later completion wins."""
    combined = store.read_checks(keep)
    theirs = store.read_checks(other)
    for key, check in theirs.items():
        mine = combined.get(key)
        if mine is None or (check.completed_on or date.min) > (mine.completed_on or date.min):
            combined[key] = check
    store.write_checks(session, keep, combined.values())
    other.checks.clear()
    session.flush()
    return len(theirs)


def _move_attendance(session: Session, keep_id: int, other_id: int) -> int:
    mine = {
        row.activity_id: row
        for row in session.scalars(
            select(ActivityAttendanceRow).where(ActivityAttendanceRow.volunteer_id == keep_id)
        )
    }
    theirs = list(
        session.scalars(
            select(ActivityAttendanceRow).where(ActivityAttendanceRow.volunteer_id == other_id)
        )
    )
    joined = 0
    for row in theirs:
        same = mine.get(row.activity_id)
        if same is not None:  # both on one register: one person, attended if either did
            same.attended = same.attended or row.attended
            session.delete(row)
            joined += 1
    session.flush()
    return joined + _move(session, ActivityAttendanceRow, keep_id, other_id)


def _move_milestones(session: Session, keep_id: int, other_id: int) -> int:
    mine = {
        (row.pathway, row.step): row
        for row in session.scalars(
            select(PlanMilestoneRow).where(PlanMilestoneRow.volunteer_id == keep_id)
        )
    }
    theirs = session.scalars(
        select(PlanMilestoneRow).where(PlanMilestoneRow.volunteer_id == other_id)
    ).all()
    for row in theirs:
        same = mine.get((row.pathway, row.step))
        if same is None:
            continue
        behind = row if _ADVANCE.get(row.status, 0) <= _ADVANCE.get(same.status, 0) else same
        session.delete(behind)
    session.flush()
    return _move(session, PlanMilestoneRow, keep_id, other_id)


def _move_plan(session: Session, keep_id: int, other_id: int) -> int:
    """The kept plan stays; the other's needs and strengths are added to it, not lost."""
    theirs = session.get(SupportPlanRow, other_id)
    if theirs is None:
        return 0
    mine = session.get(SupportPlanRow, keep_id)
    if mine is None:
        return _move(session, SupportPlanRow, keep_id, other_id)
    for field in ("needs", "strengths"):
        extra = getattr(theirs, field).strip()
        if extra and extra not in getattr(mine, field):
            setattr(mine, field, "\n\n".join(p for p in (getattr(mine, field), extra) if p))
    mine.updated_at = audit.utc_now_text(session)
    session.execute(delete(SupportPlanRow).where(SupportPlanRow.volunteer_id == other_id))
    return 1
