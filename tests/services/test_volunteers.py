"""Volunteer use cases on a real SQLCipher vault."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from coordinator_app.data import audit
from coordinator_app.data.models import AuditEntryRow, BarrierRow, VolunteerRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain import pseudonym
from coordinator_app.domain.errors import InvalidRecord
from coordinator_app.domain.onboarding import CheckRecord
from coordinator_app.domain.volunteers import VolunteerDetails, validate
from coordinator_app.services.volunteers import adding, merging, volunteers
from coordinator_app.services.volunteers.volunteers import ListFilter, PossibleDuplicates

TODAY = date(2026, 11, 27)


def generated(n: int, **changes: object) -> VolunteerDetails:
    fields = {
        "given_names": f"Generated{n}",
        "family_name": "Person-Test",
        "date_of_birth": date(1980, 1, 1) + timedelta(days=97 * n),
        "phone": f"020 7946 0{n:03d}",
        "email": f"generated{n}@example.org",
        **changes,
    }
    return VolunteerDetails(**fields)  # type: ignore[arg-type]


def _audit(vault: Vault) -> list[tuple[str, dict[str, object]]]:
    with vault.unit_of_work() as session:
        rows = session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.id))
        return [(r.action, json.loads(r.detail_json)) for r in rows]


def test_register_gives_a_stable_valid_code_and_audits_without_personal_data(
    new_vault: tuple[Vault, str],
) -> None:
    vault, _ = new_vault
    record = volunteers.register(vault, generated(1), TODAY)
    assert record.code.startswith("RUH-") and pseudonym.is_valid(record.code)
    again = volunteers.update(vault, record.id, generated(1, family_name="Person-Renamed"), TODAY)
    assert again.code == record.code
    entries = _audit(vault)
    assert ("volunteer_updated", {"code": record.code, "fields": ["family_name"]}) in entries
    assert "Generated1" not in json.dumps(entries) and "Renamed" not in json.dumps(entries)


def test_invalid_record_saves_nothing(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    with pytest.raises(InvalidRecord) as caught:
        volunteers.register(vault, generated(1, email="not-an-email"), TODAY)
    assert set(caught.value.problems) == {"email"}
    assert volunteers.count(vault, ListFilter(), TODAY) == 0


def test_likely_duplicates_are_shown_before_saving(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    first = volunteers.register(
        vault, generated(1, given_names="Mohammed", family_name="Haddad"), TODAY
    )
    twin = generated(1, given_names="Muhammad", family_name="Haddad", phone="", email="")
    with pytest.raises(PossibleDuplicates) as caught:
        volunteers.register(vault, twin, TODAY)
    assert [c.code for c in caught.value.candidates] == [first.code]
    assert "similar name" in caught.value.candidates[0].reasons[0]
    second = volunteers.register(vault, twin, TODAY, allow_duplicates=True)
    merged = merging.merge(vault, first.id, second.id, first.details, TODAY).record
    assert merged.code == first.code
    assert volunteers.count(vault, ListFilter(), TODAY) == 1
    assert volunteers.get(vault, second.id, TODAY).merged_into == first.code
    logged = [d for action, d in _audit(vault) if action == "volunteers_merged"]
    assert [(d["kept"], d["merged"]) for d in logged] == [(first.code, second.code)]


def test_the_import_finder_finds_what_the_query_finds(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    for n in range(1, 6):
        volunteers.register(vault, generated(n), TODAY)
    probes = [
        generated(2, given_names="Generated2", phone="", email=""),  # birth date and name
        generated(9, phone=generated(3).phone),  # phone only
        generated(9, email=generated(4).email),  # email only
        generated(9),  # nobody
    ]
    with vault.unit_of_work() as session:
        find = volunteers.duplicate_finder(session)
        for probe in probes:
            clean = validate(probe, TODAY)
            assert find(clean) == volunteers.duplicates_in(session, clean, exclude_id=None)
        assert [len(find(validate(p, TODAY))) for p in probes] == [1, 1, 1, 0]


def test_batched_rows_get_distinct_codes_and_one_chained_audit_trail(
    new_vault: tuple[Vault, str],
) -> None:
    vault, _ = new_vault
    with vault.unit_of_work() as session:
        rows = volunteers.new_rows(session, [validate(generated(n), TODAY) for n in range(30)])
        audit.record_many(session, vault.actor, [("imported", {"code": r.code}) for r in rows])
    codes = [r.code for r in rows]
    assert len(set(codes)) == 30 and all(pseudonym.is_valid(c) for c in codes)
    assert [d for a, d in _audit(vault) if a == "imported"] == [{"code": c} for c in codes]
    with vault.unit_of_work() as session:
        assert audit.verify_chain(session).ok


def test_paging_search_filters_and_sorting_happen_in_sql(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    names = ["Zahra", "Omar", "Çağlar", "Lina", "Olena"]
    for n, name in enumerate(names):
        volunteers.register(vault, generated(n, given_names=name, family_name=f"F{n}"), TODAY)
    page = volunteers.page(vault, ListFilter(), TODAY, offset=1, limit=2, sort="name")
    assert [r.name.split()[1] for r in page] == ["F1", "F2"]
    desc = volunteers.page(
        vault, ListFilter(), TODAY, offset=0, limit=1, sort="name", descending=True
    )
    assert desc[0].name.endswith("F4")
    assert [
        r.name
        for r in volunteers.page(vault, ListFilter(search="caglar"), TODAY, offset=0, limit=9)
    ] == ["Çağlar F2"]
    by_phone = volunteers.page(vault, ListFilter(search="07946 0003"), TODAY, offset=0, limit=9)
    assert [r.name for r in by_phone] == ["Lina F3"]
    assert volunteers.count(vault, ListFilter(search="generated3@"), TODAY) == 1
    assert volunteers.count(vault, ListFilter(search="100%_"), TODAY) == 0


def test_readiness_filter_follows_checks_and_the_date(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    record = volunteers.register(vault, generated(1, role="non_patient_facing"), TODAY)
    assert volunteers.count(vault, ListFilter(ready=True), TODAY) == 0
    from coordinator_app.domain import onboarding

    role = onboarding.role("non_patient_facing")
    assert role is not None
    checks = [CheckRecord(k, TODAY - timedelta(days=5)) for k in role.items]
    done = volunteers.set_checks(vault, record.id, checks, TODAY)
    assert done.readiness.ready
    assert volunteers.count(vault, ListFilter(ready=True), TODAY) == 1
    a_year_on = TODAY + timedelta(days=365)  # 12-month training has lapsed by then
    assert volunteers.count(vault, ListFilter(ready=True), a_year_on) == 0
    assert volunteers.count(vault, ListFilter(ready=False), a_year_on) == 1


def test_archive_and_restore(new_vault: tuple[Vault, str]) -> None:
    vault, _ = new_vault
    record = volunteers.register(vault, generated(1), TODAY)
    volunteers.set_archived(vault, record.id, True, TODAY)
    assert volunteers.count(vault, ListFilter(), TODAY) == 0
    assert volunteers.count(vault, ListFilter(include_archived=True), TODAY) == 1
    volunteers.set_archived(vault, record.id, False, TODAY)
    assert volunteers.count(vault, ListFilter(), TODAY) == 1


def test_generated_people_are_all_valid_with_fictional_contacts() -> None:
    import random

    from coordinator_app.domain.volunteers import validate
    from coordinator_app.services.demo import demo_people

    rng = random.Random(1)
    phones = set()
    for index in range(14_000):
        details, _checks = demo_people.person(rng, index, TODAY)
        clean = validate(details, TODAY)  # raises if the generator makes a bad record
        assert clean.email.endswith("@example.org")
        if clean.phone:
            assert clean.phone not in phones  # no two people share a number
            phones.add(clean.phone)


def test_a_code_already_taken_or_just_chosen_moves_to_the_next_attempt(
    new_vault: tuple[Vault, str],
) -> None:
    vault, _ = new_vault
    held = volunteers.register(vault, generated(1), TODAY)
    trust = held.code.split("-")[0]
    with vault.unit_of_work() as session:
        secret = adding._secret(session)

        def code(uid: str, attempt: int) -> str:
            return pseudonym.pseudonym(trust, secret, uid, attempt)

        # The vault already holds the first code "held" would get: a clash, as with anyone.
        session.execute(
            update(VolunteerRow).where(VolunteerRow.id == held.id).values(code=code("held", 0))
        )
        codes = adding._unique_codes(session, trust, secret, ["free", "held", "held", "free"])
        session.rollback()
    assert codes == [code("free", 0), code("held", 1), code("held", 2), code("free", 1)]


def test_barriers_ticked_when_registering_open_on_the_day_the_person_joined(
    new_vault: tuple[Vault, str],
) -> None:
    vault, _ = new_vault
    joined = date(2026, 9, 2)
    ticks = ("travel", "english", "travel")
    first = volunteers.register(vault, generated(1, joined_on=joined, barriers=ticks), TODAY)
    later = volunteers.register(
        vault, generated(2, joined_on=TODAY + timedelta(days=3), barriers=("digital",)), TODAY
    )
    assert first.details.barriers == ("english", "travel")  # the list's order, once each
    with vault.unit_of_work() as session:
        rows = session.execute(
            select(BarrierRow.volunteer_id, BarrierRow.key, BarrierRow.identified_on)
            .where(BarrierRow.resolved_on.is_(None))
            .order_by(BarrierRow.id)
        )
        assert list(rows) == [
            (first.id, "english", joined),
            (first.id, "travel", joined),
            (later.id, "digital", TODAY),
        ]
    # Saved again unchanged, nothing changes (the ticks read back as the form gives them).
    entries = len(_audit(vault))
    volunteers.update(vault, first.id, first.details, TODAY)
    assert len(_audit(vault)) == entries
