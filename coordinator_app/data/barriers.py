"""A volunteer's barrier rows and the open barriers' keys on the volunteer
(``barriers_json``), kept in step: the rows are the record, the keys are what the form ticks
and the lists count."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from coordinator_app.data.models import BarrierRow, VolunteerRow
from coordinator_app.domain import choices


def rows_of(session: Session, volunteer_id: int) -> list[BarrierRow]:
    return list(
        session.scalars(
            select(BarrierRow)
            .where(BarrierRow.volunteer_id == volunteer_id)
            .order_by(BarrierRow.identified_on, BarrierRow.id)
        )
    )


def follow_ticks(session: Session, person: VolunteerRow, keys: Iterable[str], on: date) -> None:
    """The rows after the form's ticks were saved: a barrier newly ticked is identified
    ``on``, an open one no longer ticked is resolved ``on``. Two open rows of one barrier
    (after a merge) become the earlier one."""
    wanted = set(keys)
    open_rows: dict[str, BarrierRow] = {}
    for row in rows_of(session, person.id):
        if row.resolved_on is not None:
            continue
        if row.key in open_rows:
            session.delete(row)
        elif row.key in wanted:
            open_rows[row.key] = row
        else:
            row.resolved_on = max(on, row.identified_on)
    for key in sorted(wanted - set(open_rows)):
        session.add(BarrierRow(volunteer_id=person.id, key=key, identified_on=on, helped=""))
    session.flush()
    refresh_open(session, person)


def first_ticks(session: Session, ticks: Sequence[tuple[int, Iterable[str], date]]) -> None:
    """``follow_ticks`` for people just added (volunteer id, ticked keys, the day found),
    who have no barrier rows yet, in one INSERT: each barrier ticked is identified that day.
    Their ``barriers_json`` is ``open_keys_json`` of the same keys, written with the person."""
    rows = [
        {"volunteer_id": person, "key": key, "identified_on": on, "resolved_on": None, "helped": ""}
        for person, keys, on in ticks
        for key in sorted(set(keys))
    ]
    if rows:
        session.connection().execute(insert(BarrierRow), rows)


def refresh_open(session: Session, person: VolunteerRow) -> None:
    """``barriers_json`` from the rows: the keys of the barriers still open."""
    rows = rows_of(session, person.id)
    person.barriers_json = open_keys_json(r.key for r in rows if r.resolved_on is None)


def open_keys_json(keys: Iterable[str]) -> str:
    """The open barriers' keys as ``barriers_json`` holds them: in the list's order, as the
    form gives them, so saving unchanged ticks changes nothing."""
    order = [b.key for b in choices.barriers()]
    ordered = sorted(set(keys), key=lambda k: (order.index(k) if k in order else len(order), k))
    return json.dumps(ordered)
