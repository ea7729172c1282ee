"""Activities: workshops and sessions (CV, interview practice, English…) with a register of
who attended. Attended time counts as *training* hours, kept apart from service hours on
wards, because the programme reports the two separately."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from coordinator_app.domain.errors import InvalidInput
from coordinator_app.domain.shifts import ShiftTime

KINDS = {
    "cv_workshop": "CV workshop",
    "interview_practice": "Interview practice",
    "mock_interview": "Mock interview",
    "english_class": "English class",
    "mentoring": "Mentoring",
    "it_skills": "IT skills",
    "careers_talk": "Careers talk",
    "training_course": "Training course",
}
MAX_ACTIVITY_MINUTES = 8 * 60
PLAN_AHEAD_DAYS = 366


@dataclass(frozen=True)
class ActivityDetails:
    kind: str
    title: str
    time: ShiftTime
    facilitator: str = ""
    note: str = ""


def check_activity(details: ActivityDetails, today: date) -> ActivityDetails:
    """Refuses what cannot be right, with the fix in the message; tidies the text."""
    if details.kind not in KINDS:
        raise InvalidInput("Choose the kind of activity from the list.", "")
    title = " ".join(details.title.split()) or KINDS[details.kind]
    minutes = details.time.minutes()
    if not 0 < minutes <= MAX_ACTIVITY_MINUTES:
        raise InvalidInput(
            f"A session of {minutes / 60:.1f} hours cannot be right.",
            f"Check the start and end times (a session is at most "
            f"{MAX_ACTIVITY_MINUTES // 60} hours).",
        )
    if details.time.on > today + timedelta(days=PLAN_AHEAD_DAYS):
        raise InvalidInput("That date is more than a year ahead.", "Check the date.")
    return ActivityDetails(
        details.kind, title, details.time, details.facilitator.strip(), details.note.strip()
    )


def may_mark_attendance(on: date, today: date) -> None:
    """Attendance is a fact about the past: a session still to come has none yet."""
    if on > today:
        raise InvalidInput(
            "This session has not happened yet.", "Mark who attended on or after its date."
        )
