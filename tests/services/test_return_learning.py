"""The return's learning content (content version 2) on a real vault, read back from the
signed bundle: every new figure against the hand counts in ``learning_data``; case notes
and what helped never in the bundle's bytes; case notes in subject access and on Today,
gone after erasure."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from coordinator_app.data.models import BarrierRow, CaseNoteRow
from coordinator_app.data.vault import Vault
from coordinator_app.export.return_workbook import CONTENT_VERSION, read_totals
from coordinator_app.export.verify.bundle import verify_bundle
from coordinator_app.services.reports.today import today_view
from coordinator_app.services.returns import returns
from coordinator_app.services.support import case_notes
from coordinator_app.services.vault import signing
from coordinator_app.services.volunteers import erasure, subject_access, volunteers
from tests.services import learning_data
from tests.services.learning_data import HELPED, NOTE, PERIOD, TODAY


@pytest.fixture
def filled(new_vault: tuple[Vault, str]) -> tuple[Vault, dict[str, int]]:
    vault, _ = new_vault
    return vault, learning_data.fill(vault)


@pytest.fixture
def bundle(filled: tuple[Vault, dict[str, int]], tmp_path: Path) -> Path:
    vault, _ = filled
    return returns.build_return(vault, PERIOD, tmp_path, today=TODAY).path


def _entry(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def _sheet(book: object, name: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in book[name].iter_rows(min_row=2, values_only=True)]  # type: ignore[index]


def _codes(vault: Vault, people: dict[str, int]) -> dict[str, str]:
    return {k: volunteers.get(vault, v, TODAY).code for k, v in people.items()}


def test_every_learning_figure_matches_the_hand_counts(
    filled: tuple[Vault, dict[str, int]], bundle: Path
) -> None:
    vault, people = filled
    accepted = verify_bundle(
        bundle.read_bytes(),
        bundle.name,
        signing.as_trusted(signing.records(vault)),
        None,
        datetime.now(UTC),
        read_totals,
    )
    totals = accepted.totals
    assert CONTENT_VERSION == 2
    assert {k: totals[k] for k in totals if k.startswith(("barriers", "follow_ups"))} == {
        "barriers_identified": 2,
        "barriers_resolved": 1,
        "barriers_open": 4,
        "follow_ups_done": 3,
        "follow_ups_in_post": 1,
        "follow_ups_in_study": 1,
        "follow_ups_left": 1,
    }
    assert totals["volunteers_first_shift"] == 2
    book = load_workbook(io.BytesIO(_entry(bundle, "return.xlsx")))
    code = _codes(vault, people)
    a, b, c = code["a"], code["b"], code["c"]
    assert sorted(_sheet(book, "Barriers")) == sorted(
        [
            (a, "English language", "2026-06", "2026-08", "no"),
            (a, "Confidence", "2026-06", None, "yes"),
            (b, "Housing insecurity", "2026-08", None, "yes"),  # resolved after the quarter
            (b, "Travel cost or distance", "2026-09", None, "yes"),
            (c, "English language", "2026-01", "2026-03", "no"),
            (c, "Digital access or skills", "2026-02", None, "yes"),
        ]
    )
    assert _sheet(book, "Journeys") == sorted(
        [
            (a, "Refugee charity", "2026-06", "2026-07", 35, "2026-08", 70),
            (b, "Job Centre", "2026-08", "2026-08", 7, None, None),
            (c, "Not recorded", "2026-01", "2026-02", 22, "2026-07", 191),
            (code["f"], "Other", "2026-09", None, None, None, None),
        ]
    )
    follow_ups = [(r[0], r[1], r[2], r[3], r[5], r[6]) for r in _sheet(book, "Follow-ups")]
    assert follow_ups == [
        (a, "Paid job", "2026-04", 3, "In post", "Contract or course continued"),
        (b, "Training or course", "2026-06", 3, "In study", None),
        (c, "Apprenticeship", "2026-06", 3, "Left", "Health"),
    ]
    by_kind = {r[0]: r[1:] for r in _sheet(book, "Barriers by kind")}
    assert by_kind["English language"] == (0, 1, 0)
    assert by_kind["Confidence"] == (0, 0, 1)
    assert by_kind["Travel cost or distance"] == (1, 0, 1)
    assert by_kind["Housing insecurity"] == (1, 0, 1)
    assert by_kind["Digital access or skills"] == (0, 0, 1)
    assert sum(sum(v) for v in by_kind.values()) == 2 + 1 + 4  # nothing else counted
    sources = {r[0]: r[1:] for r in _sheet(book, "Referral sources") if r[1]}
    assert sources == {
        "Refugee charity": (1, 0),
        "Job Centre": (1, 1),
        "Other": (1, 1),
        "Not recorded": (1, 0),
    }
    assert _sheet(book, "Time to first steps") == [
        ("Enquiry to first shift", 3, 22, 2, 7),
        ("Enquiry to first milestone", 2, 70, 2, 70),
    ]
    assert _sheet(book, "Follow-up results") == [
        (3, "In post", "Contract or course continued", 1),
        (3, "In study", None, 1),
        (3, "Left", "Health", 1),
    ]
    about = " ".join(str(v) for r in _sheet(book, "About") for v in r if v)
    for sheet in ("Journeys", "Barriers by kind", "Follow-up results"):
        assert sheet in about  # every sheet in the data dictionary


def test_the_summary_shows_barriers_identified_and_resolved_with_small_counts_hidden(
    bundle: Path,
) -> None:
    pdf = PdfReader(io.BytesIO(_entry(bundle, "summary.pdf")))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    # Identified, resolved, open at the end, per barrier with any; every count 1-4 hidden.
    assert (
        "Barriers to work: identified and resolved Barrier Identified Resolved Open at end "
        "English language 0 <5 0 Confidence 0 0 <5 Travel cost or distance <5 0 <5 "
        "Housing insecurity <5 0 <5 Digital access or skills 0 0 <5 All barriers <5 <5 <5"
    ) in text


def _all_bytes(data: bytes) -> bytes:
    """The bytes, every member of every zip inside them uncompressed, and a PDF's text."""
    found = [data]
    if data[:4] == b"%PDF":
        pdf = PdfReader(io.BytesIO(data))
        found += [page.extract_text().encode() for page in pdf.pages]
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found += [_all_bytes(archive.read(name)) for name in archive.namelist()]
    return b"".join(found)


def test_case_notes_and_what_helped_never_leave_in_the_bundle(bundle: Path) -> None:
    everything = _all_bytes(bundle.read_bytes())
    # The search sees inside: words only in the workbook, and only in the summary, found.
    assert b"Refugee charity" in everything and b"Refugee charity" not in bundle.read_bytes()
    assert b"Barriers to work: identified and resolved" in everything
    for secret in (NOTE, HELPED, learning_data.NEXT_STEP, learning_data.FREE_TEXT_REFERRAL):
        assert secret.encode() not in everything
        assert secret.encode("utf-16-le") not in everything


def test_case_notes_show_on_today_are_in_subject_access_and_go_with_erasure(
    filled: tuple[Vault, dict[str, int]], tmp_path: Path
) -> None:
    vault, people = filled
    a = people["a"]
    due = [t for t in today_view(vault, TODAY).to_do if t.opens == "notes"]
    assert [(t.kind, t.volunteer_id, t.what, t.due_on) for t in due] == [
        ("Safeguarding", a, learning_data.NEXT_STEP, date(2026, 11, 30))
    ]
    found = subject_access.export(vault, a, tmp_path, TODAY)
    tables = {name: (heads, rows) for name, heads, rows in found.tables}
    heads, rows = tables["Case note"]
    assert [r[heads.index("note")] for r in rows] == [NOTE]
    heads, rows = tables["Barrier"]
    assert sorted(r[heads.index("helped")] for r in rows) == ["", HELPED]
    book = load_workbook(found.workbook)
    assert NOTE in {c for ws in book for row in ws.iter_rows(values_only=True) for c in row}

    (step,) = case_notes.notes(vault, a)
    case_notes.mark_next_step_done(vault, step.id)
    assert not [t for t in today_view(vault, TODAY).to_do if t.opens == "notes"]

    erasure.erase(vault, a, "Generated erasure request")
    with vault.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(CaseNoteRow)) == 0
        kept = session.execute(
            select(BarrierRow.key, BarrierRow.helped).where(BarrierRow.volunteer_id == a)
        ).all()
    assert sorted(kept) == [("confidence", ""), ("english", "")]  # counts stay, story goes
