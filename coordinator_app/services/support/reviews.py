"""Review meetings: the volunteer's self-ratings (1-5 on confidence, English, belonging and
career clarity) with notes, their ratings over time, and the distance travelled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from coordinator_app.data import audit
from coordinator_app.data.models import ReviewRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.reviews import (
    Change,
    DatedRatings,
    ReviewRatings,
    check_review,
    distance_travelled,
)
from coordinator_app.services.guards import current_volunteer


@dataclass(frozen=True)
class ReviewRecord:
    id: int
    held_on: date
    ratings: ReviewRatings
    notes: str


@dataclass(frozen=True)
class ReviewHistory:
    reviews: tuple[ReviewRecord, ...]  # oldest first
    distance: dict[str, Change | None]


def add_review(
    vault: Vault,
    volunteer_id: int,
    held_on: date,
    ratings: ReviewRatings,
    notes: str,
    today: date,
) -> int:
    check_review(held_on, ratings, today)
    with vault.unit_of_work() as session:
        volunteer = current_volunteer(session, volunteer_id)
        row = ReviewRow(
            volunteer_id=volunteer_id,
            held_on=held_on,
            confidence=ratings.confidence,
            english=ratings.english,
            belonging=ratings.belonging,
            career_clarity=ratings.career_clarity,
            notes=notes.strip(),
            created_at=audit.utc_now_text(session),
        )
        session.add(row)
        session.flush()
        audit.record(
            session, vault.actor, "review_added", {"code": volunteer.code, "review": row.id}
        )
        return row.id


def history(vault: Vault, volunteer_id: int) -> ReviewHistory:
    with vault.unit_of_work() as session:
        current_volunteer(session, volunteer_id)
        rows = session.scalars(
            select(ReviewRow)
            .where(ReviewRow.volunteer_id == volunteer_id)
            .order_by(ReviewRow.held_on, ReviewRow.id)
        )
        records = tuple(
            ReviewRecord(
                r.id,
                r.held_on,
                ReviewRatings(r.confidence, r.english, r.belonging, r.career_clarity),
                r.notes,
            )
            for r in rows
        )
    dated = [DatedRatings(r.held_on, r.ratings) for r in records]
    return ReviewHistory(records, distance_travelled(dated))
