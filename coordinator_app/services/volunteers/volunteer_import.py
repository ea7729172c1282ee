"""Importing the coordinators' existing volunteer spreadsheets, all or nothing.

Headers are matched to fields automatically (the coordinator can fix the mapping); every
row is checked first; if any row is bad nothing is imported and a report names each row,
column and reason (also saved as xlsx). People already in the vault are matched, not added
again, so importing the same sheet twice adds nobody the second time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from coordinator_app.data import audit
from coordinator_app.data.vault import Vault
from coordinator_app.domain import immigration
from coordinator_app.domain.duplicates import PersonKey, SeenPeople
from coordinator_app.domain.errors import InvalidInput, InvalidRecord, UserFacingError
from coordinator_app.domain.names import fold
from coordinator_app.domain.volunteers import STATES, LanguageSkill, VolunteerDetails, validate
from coordinator_app.export.sheets import Cell, read_table, write_table
from coordinator_app.services.progress import Progress
from coordinator_app.services.volunteers import adding, volunteers
from coordinator_app.services.volunteers.adding import AddedVolunteer

# field -> (label, header spellings seen in coordinators' sheets, compared folded)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "given_names": (
        "First name",
        (
            "first name",
            "first names",
            "given name",
            "given names",
            "forename",
            "forenames",
            "first",
        ),
    ),
    "family_name": ("Last name", ("last name", "surname", "family name", "last")),
    "preferred_name": ("Preferred name", ("preferred name", "known as", "nickname")),
    "date_of_birth": ("Date of birth", ("date of birth", "dob", "birth date", "birthday", "d o b")),
    "email": ("Email", ("email", "email address", "e mail", "e mail address")),
    "phone": (
        "Mobile/Phone",
        (
            "mobile",
            "phone",
            "mobile phone",
            "telephone",
            "phone number",
            "mobile number",
            "tel",
            "mobile phone number",
            "contact number",
        ),
    ),
    "status": (
        "Immigration status",
        ("immigration status", "status", "immigration", "visa status", "leave status"),
    ),
    "joined_on": (
        "Date joined",
        ("date joined", "joined", "start date", "date started", "joined on"),
    ),
    "languages": ("Languages", ("languages", "language", "languages spoken", "first language")),
    "profession": (
        "Profession",
        ("profession", "occupation", "healthcare background", "previous profession", "job"),
    ),
    "postcode_district": ("Postcode", ("postcode", "post code", "postcode district")),
    "english_level": ("English level", ("english level", "english", "level of english", "cefr")),
    "state": ("State", ("state", "volunteer status", "stage")),
}
REQUIRED_ANY = ("given_names", "family_name")
_STATUS_WORDS = (  # checked in order: the first phrase found in the cell decides
    ("permission to work", "asylum_seeker_ptw"),
    ("ptw", "asylum_seeker_ptw"),
    ("asylum", "asylum_seeker"),
    ("humanitarian", "humanitarian_protection"),
    ("ukrain", "ukraine_scheme"),
    ("homes for ukraine", "ukraine_scheme"),
    ("afghan", "resettlement"),
    ("arap", "resettlement"),
    ("acrs", "resettlement"),
    ("resettle", "resettlement"),
    ("indefinite", "settled"),
    ("ilr", "settled"),
    ("settled", "settled"),
    ("refugee", "refugee"),
    ("leave", "other_leave"),
    ("not known", "not_known"),
    ("unknown", "not_known"),
)
_BATCH = 200  # people added per INSERT
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}


@dataclass(frozen=True)
class ImportProblem:
    row: int  # as numbered in the spreadsheet (the header is row 1)
    column: str
    reason: str


@dataclass(frozen=True)
class ImportMatch:
    """A row that is someone already in the vault (matched, so not added again)."""

    row: int
    code: str
    reason: str


@dataclass(frozen=True)
class ImportPreview:
    header: tuple[str, ...]
    mapping: dict[int, str]  # column index -> field
    rows: int
    new: int
    already_present: int
    matched: tuple[ImportMatch, ...]
    problems: tuple[ImportProblem, ...]
    sample: tuple[tuple[str, ...], ...]  # the first rows as they will be read


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_present: int


class ImportRefused(UserFacingError):
    def __init__(self, problems: Sequence[ImportProblem], report: Path | None) -> None:
        where = f" The list is saved in {report}." if report else ""
        super().__init__(
            f"Nothing was imported: {len(problems)} "
            f"{'problem was' if len(problems) == 1 else 'problems were'} found.{where}",
            "Correct those cells in the spreadsheet, then import it again.",
        )
        self.problems = tuple(problems)
        self.report = report


def guess_mapping(header: Sequence[str]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for index, text in enumerate(header):
        folded = fold(text)
        for field, (_label, spellings) in FIELDS.items():
            if folded in spellings and field not in mapping.values():
                mapping[index] = field
                break
    return mapping


@dataclass(frozen=True)
class SheetColumns:
    header: tuple[str, ...]
    guessed: dict[int, str]
    sample: tuple[tuple[str, ...], ...]


def columns(path: Path) -> SheetColumns:
    """The sheet's headings, the fields they were matched to, and its first rows."""
    header, rows = read_table(path)
    sample = tuple(tuple(_text(c) for c in row) for row in rows[:5])
    return SheetColumns(tuple(header), guess_mapping(header), sample)


class NoSuchDate(ValueError):
    """Written in a date form, but no such day exists (31/02/1988): said apart from a value
    that is not a date at all, so the coordinator checks the day rather than the format."""


def parse_date(value: Cell) -> date:
    """A real date cell, or text in a UK form: 31/01/1990, 31-1-90, 31 Jan 1990, 1990-01-31."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return _existing(int(m[1]), int(m[2]), int(m[3]), text)
    if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", text):
        return _existing(_year(m[3]), int(m[2]), int(m[1]), text)
    if m := re.fullmatch(
        r"(\d{1,2})(?:st|nd|rd|th)?[ \-]([A-Za-z]{3,9})[ \-,]+(\d{2}|\d{4})", text
    ):
        month = _MONTHS.get(m[2][:3].lower())
        if month:
            return _existing(_year(m[3]), month, int(m[1]), text)
    raise ValueError(text)


def _existing(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        if not 1 <= month <= 12:
            raise NoSuchDate(f"'{text}' is not a date: there is no month {month}.") from None
        named = date(year, month, 1)
        raise NoSuchDate(f"'{text}' is not a date: {named:%B %Y} has no day {day}.") from None


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:  # 2-digit years: 00-29 are 2000s, the rest 1900s
        year += 2000 if year < 30 else 1900
    return year


def parse_status(text: str) -> str:
    folded = fold(text)
    for category in immigration.status_categories():
        if folded in {fold(category.label), fold(category.key)}:
            return category.key
    for phrase, key in _STATUS_WORDS:
        if phrase in folded:
            return key
    raise ValueError(text)


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def row_details(
    values: Mapping[str, Cell], today: date
) -> tuple[VolunteerDetails | None, list[tuple[str, str]]]:
    """The row as a validated record, or the (field, reason) problems it has."""
    problems: list[tuple[str, str]] = []
    fields: dict[str, object] = {}
    for field, value in values.items():
        text = _text(value)
        if field in {"date_of_birth", "joined_on"}:
            if text:
                try:
                    fields[field] = parse_date(value)
                except NoSuchDate as missing:
                    problems.append((field, f"{missing} Check the day and the month."))
                except ValueError:
                    problems.append((field, f"'{text}' is not a date: write it as dd/mm/yyyy."))
        elif field == "status":
            try:
                fields[field] = parse_status(text) if text else "not_known"
            except ValueError:
                problems.append(
                    (field, f"'{text}' is not an immigration status Coordinator knows.")
                )
        elif field == "languages":
            fields[field] = tuple(
                LanguageSkill(p.strip()) for p in re.split(r"[,;/]", text) if p.strip()
            )
        elif field == "state":
            state = text.lower() or "enquiry"
            if state not in STATES:
                problems.append(
                    (field, f"'{text}' is not a state: use one of {', '.join(STATES)}.")
                )
            fields[field] = state
        else:
            fields[field] = text
    details = replace(VolunteerDetails(), **fields)  # type: ignore[arg-type]
    if details.state == "left":
        details = replace(details, left_reason="Recorded as left in an imported spreadsheet")
    try:
        clean = validate(details, today)
    except InvalidRecord as exc:
        problems.extend(exc.problems.items())
        return None, problems
    return (None, problems) if problems else (clean, [])


def _read(
    path: Path, mapping: Mapping[int, str] | None
) -> tuple[list[str], dict[int, str], list[list[Cell]]]:
    header, rows = read_table(path)
    chosen = dict(mapping) if mapping is not None else guess_mapping(header)
    if not any(f in chosen.values() for f in REQUIRED_ANY):
        raise InvalidInput(
            f"No column of {path.name} could be matched to a first or last name.",
            "Head the name columns 'First name' and 'Last name', or match them in the "
            "import window.",
        )
    return header, chosen, rows


@dataclass(frozen=True)
class _Plan:
    header: list[str]
    mapping: dict[int, str]
    rows: list[list[Cell]]
    new: list[tuple[int, VolunteerDetails]]
    matched: list[ImportMatch]
    problems: list[ImportProblem]


def _plan(
    vault: Vault, path: Path, mapping: Mapping[int, str] | None, today: date, progress: Progress
) -> _Plan:
    header, chosen, rows = _read(path, mapping)
    labels = {i: (header[i] or FIELDS[f][0]) for i, f in chosen.items()}
    column_of = {f: labels[i] for i, f in chosen.items()}
    problems: list[ImportProblem] = []
    new: list[tuple[int, VolunteerDetails]] = []
    matched: list[ImportMatch] = []
    seen = SeenPeople()  # earlier rows, by row number
    with vault.unit_of_work() as session:
        in_vault = volunteers.duplicate_finder(session)
        for n, row in enumerate(rows):
            progress.raise_if_cancelled()
            if n % 200 == 0:
                progress.update(n, len(rows), "Checking each row…")
            number = n + 2
            values = {f: (row[i] if i < len(row) else None) for i, f in chosen.items()}
            details, row_problems = row_details(values, today)
            for field, reason in row_problems:
                problems.append(
                    ImportProblem(
                        number, column_of.get(field, FIELDS.get(field, (field,))[0]), reason
                    )
                )
            if details is None:
                continue
            key = PersonKey(
                number, details.full_name, details.date_of_birth, details.phone, details.email
            )
            twin = seen.first_match(key)
            if twin is not None:
                problems.append(
                    ImportProblem(
                        number,
                        column_of.get("given_names", "Name"),
                        f"The same person as row {twin.id}.",
                    )
                )
                continue
            seen.add(key)
            found = in_vault(details)
            if found:
                matched.append(ImportMatch(number, found[0].code, "; ".join(found[0].reasons)))
            else:
                new.append((number, details))
    return _Plan(header, chosen, rows, new, matched, problems)


def preview(
    vault: Vault,
    path: Path,
    today: date,
    mapping: Mapping[int, str] | None = None,
    progress: Progress | None = None,
) -> ImportPreview:
    plan = _plan(vault, path, mapping, today, progress or Progress())
    return ImportPreview(
        header=tuple(plan.header),
        mapping=plan.mapping,
        rows=len(plan.rows),
        new=len(plan.new),
        already_present=len(plan.matched),
        matched=tuple(plan.matched),
        problems=tuple(plan.problems),
        sample=tuple(tuple(_text(c) for c in row) for row in plan.rows[:10]),
    )


def import_volunteers(
    vault: Vault,
    path: Path,
    today: date,
    mapping: Mapping[int, str] | None = None,
    report: Path | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Add every new person in the sheet, or nobody (ImportRefused lists the problems)."""
    progress = progress or Progress()
    plan = _plan(vault, path, mapping, today, progress)
    new, present, problems = plan.new, len(plan.matched), plan.problems
    if problems:
        if report is not None:
            write_report(report, problems, vault.clock.now())
        raise ImportRefused(problems, report)
    with vault.unit_of_work() as session:
        added: list[AddedVolunteer] = []
        # In batches (one INSERT each), so the progress moves and a cancel is heard.
        for n in range(0, len(new), _BATCH):
            progress.raise_if_cancelled()  # a cancel rolls the whole import back
            progress.update(n, len(new), "Adding volunteers…")
            batch = [details for _, details in new[n : n + _BATCH]]
            added += adding.add_people(session, batch, today)
        progress.raise_if_cancelled()
        audit.record_many(
            session,
            vault.actor,
            [("volunteer_imported", {"code": person.code}) for person in added]
            + [("volunteers_import", {"added": len(new), "already_present": present})],
        )
    return ImportResult(added=len(new), already_present=present)


def write_report(path: Path, problems: Sequence[ImportProblem], made: datetime) -> None:
    write_table(
        path,
        "Import problems",
        ("Row", "Column", "Problem"),
        [(p.row, p.column, p.reason) for p in problems],
        made,
    )
