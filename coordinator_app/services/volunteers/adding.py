"""Adding volunteers: each gets a fresh pseudonym code no one in the vault has, and the
barriers ticked when they were entered open on the day they joined (or today). One batched
INSERT for any number of people: registering one person and importing a sheet of thousands
take the same path."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from coordinator_app.data import audit, barriers
from coordinator_app.data import volunteers as store
from coordinator_app.data.models import SettingRow, TrustRow, VolunteerRow
from coordinator_app.domain import pseudonym
from coordinator_app.domain.volunteers import VolunteerDetails

_PSEUDONYM_SETTING = "pseudonym_secret"
_CODES_TAKEN = select(VolunteerRow.code).where(
    VolunteerRow.code.in_(bindparam("codes", expanding=True))
)
_CHUNK = 500  # values per IN (...): well under SQLite's limit on bound parameters


def new_rows(
    session: Session, people: Sequence[VolunteerDetails], today: date | None = None
) -> list[VolunteerRow]:
    """Add validated volunteers, each with a fresh pseudonym code (``add_people``), and give
    back their rows, read in one query."""
    added = add_people(session, people, today)
    by_id: dict[int, VolunteerRow] = {}
    for n in range(0, len(added), _CHUNK):
        ids = [a.id for a in added[n : n + _CHUNK]]
        by_id.update(
            (r.id, r) for r in session.scalars(select(VolunteerRow).where(VolunteerRow.id.in_(ids)))
        )
    return [by_id[a.id] for a in added]


@dataclass(frozen=True)
class AddedVolunteer:
    id: int
    code: str


def add_people(
    session: Session, people: Sequence[VolunteerDetails], today: date | None = None
) -> list[AddedVolunteer]:
    """Add validated volunteers, each with a fresh pseudonym code, in the caller's unit of
    work; ``today`` defaults to the vault's clock. One batched INSERT with the ids known up
    front (the next after the highest, as SQLite gives them), no ORM rows: an import's
    thousands of people were a flush and three queries each."""
    if not people:
        return []
    trust = session.scalars(select(TrustRow.code)).first() or "XXX"
    uids = [str(uuid.uuid4()) for _ in people]
    codes = _unique_codes(session, trust, _secret(session), uids)
    first = int(session.scalar(select(func.max(VolunteerRow.id))) or 0) + 1
    today = today or audit.clock_of(session).today()
    rows: list[dict[str, Any]] = []
    ticks: list[tuple[int, Sequence[str], date]] = []
    for n, (clean, uid, code) in enumerate(zip(people, uids, codes, strict=True)):
        now = audit.utc_now_text(session)
        columns = store.details_columns(clean, code)
        # As ``barriers.follow_ticks`` leaves it for someone new: the ticks, in the list's order.
        columns["barriers_json"] = barriers.open_keys_json(clean.barriers)
        rows.append(
            {
                "id": first + n,
                "uid": uid,
                "code": code,
                "archived": False,
                "ready_until": None,
                "merged_into_id": None,
                "created_at": now,
                "updated_at": now,
                **columns,
            }
        )
        # Barriers named at registration were found when the person joined (or today).
        found = min(today, clean.joined_on) if clean.joined_on else today
        ticks.append((first + n, clean.barriers, found))
    session.connection().execute(insert(VolunteerRow), rows)
    barriers.first_ticks(session, ticks)
    return [AddedVolunteer(first + n, code) for n, code in enumerate(codes)]


def _secret(session: Session) -> bytes:
    row = session.get(SettingRow, _PSEUDONYM_SETTING)
    if row is None:
        row = SettingRow(key=_PSEUDONYM_SETTING, value_json=f'"{secrets.token_hex(32)}"')
        session.add(row)
        session.flush()
    return bytes.fromhex(row.value_json.strip('"'))


def _unique_codes(session: Session, trust: str, secret: bytes, uids: Sequence[str]) -> list[str]:
    """A code for each uid that no one in the vault has, nor anyone earlier in ``uids``: each
    person's first free attempt, as adding them one by one would choose it. The vault is
    asked once per chunk of first attempts (a later attempt, after a clash, is rare)."""
    connection = session.connection()
    firsts = [pseudonym.pseudonym(trust, secret, uid, 0) for uid in uids]
    taken: set[str] = set()
    for n in range(0, len(firsts), _CHUNK):
        taken.update(connection.execute(_CODES_TAKEN, {"codes": firsts[n : n + _CHUNK]}).scalars())
    chosen: set[str] = set()
    codes = []
    for uid, first in zip(uids, firsts, strict=True):
        for attempt in range(100):
            code = first if attempt == 0 else pseudonym.pseudonym(trust, secret, uid, attempt)
            if code in chosen:
                continue
            if attempt > 0:
                taken.update(connection.execute(_CODES_TAKEN, {"codes": [code]}).scalars())
            if code not in taken:
                break
        else:
            raise RuntimeError("no free pseudonym code after 100 attempts")  # 32^5 codes
        chosen.add(code)
        codes.append(code)
    return codes
