"""Every name prints in every PDF: Turkish, Vietnamese, Greek, Ukrainian, Arabic, Persian,
Pashto, Urdu, Sorani, Tigrinya and Amharic names are drawn in embedded, subset fonts and
copy back out of the PDF in the order they were typed.

pdftotext (poppler-utils) reads the PDFs as a reader's copy and paste would; pypdf stands in
where it is missing. Both give a ligature (lam-alef, the name Muhammad) as its one Unicode
presentation form, so the text read back is compared after NFKC. The zero-width non-joiner
(U+200C) some Persian names are typed with is invisible: pdftotext drops it, pypdf reads a
space.
"""

from __future__ import annotations

import re
import shutil
import string
import subprocess
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from coordinator_app.domain.dashboard import Counted, Dashboard, Distance
from coordinator_app.domain.periods import ReturnPeriod
from coordinator_app.domain.return_figures import MonthHours
from coordinator_app.domain.trusts import Trust
from coordinator_app.export import fonts
from coordinator_app.export.hours_statement import (
    HoursStatement,
    StatementLine,
    write_hours_statement,
)
from coordinator_app.export.key_sheet import KeySheet, write_key_sheet
from coordinator_app.export.plan_sheet import PlanSheet, write_plan_sheet
from coordinator_app.export.progress_report import ProgressReport, write_progress_report
from coordinator_app.export.recovery_sheet import write_recovery_sheet
from coordinator_app.export.return_summary import write_return_summary
from coordinator_app.export.return_workbook import Figure, ReturnContent
from coordinator_app.export.subject_access import write_subject_access

# Fictional people, one per language the programme's volunteers write their names in.
NAMES = {
    "Turkish": "Ayşe Çelikoğlu",
    "Vietnamese": "Nguyễn Thị Hằng",
    "Greek": "Αλέξης Παπαδόπουλος",
    "Ukrainian": "Олена Ковальчук",
    "Arabic": "محمد الأحمد",
    "Persian": "زهرا رضایی",
    "Persian with a non-joiner": "مریم عبدالله‌زاده",
    "Pashto": "ګلالۍ ځدراڼ",
    "Urdu": "عائشہ صدیقی",
    "Sorani": "ڕێژان ئەحمەد",
    "Tigrinya": "ተስፋዬ ገብረመድህን",
    "Amharic": "ሰላም ኣበበ",
}
MIXED = "Ayşe / آیشه / ኣይሻ"
BIDI_CONTROLS = re.compile("[\u200c\u200e\u200f\u202a-\u202e]")


def comparable(text: str) -> str:
    return BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text))


def assert_reads_back(name: str, text: str) -> None:
    assert comparable(name) in text or comparable(name.replace("\u200c", " ")) in text


def read_text(pdf: Path) -> str:
    if shutil.which("pdftotext"):
        done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
        return done.stdout.decode("utf-8")
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def fonts_of(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table: one dict a font (name, emb, sub); pypdf's fonts without it."""
    if shutil.which("pdffonts"):
        lines = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, check=True, text=True
        ).stdout.splitlines()[2:]
        return [
            {"name": line.split()[0], "emb": line.split()[-5], "sub": line.split()[-4]}
            for line in lines
        ]
    found = []
    for page in PdfReader(pdf).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            name = str(font["/BaseFont"]).lstrip("/")
            found.append(
                {
                    "name": name,
                    "emb": "yes" if embedded else "no",
                    "sub": "yes" if "+" in name else "no",
                }
            )
    return found


def _subject_access(folder: Path) -> Path:
    pdf = folder / "subject-access.pdf"
    people = [[language, name, f"Met {name} at the induction"] for language, name in NAMES.items()]
    record_fields = ["Given name", "Family name", "Preferred name", "Languages", "Notes"]
    record = ["زهرا", "رضایی", MIXED, "Dari, Pashto, English", NAMES["Tigrinya"]]
    write_subject_access(
        folder / "subject-access.xlsx",
        pdf,
        NAMES["Persian"],
        "V-0042",
        date(2026, 12, 4),
        [
            ("People", ["Language", "Name", "Note"], people),
            ("Volunteer", record_fields, [record]),
        ],
    )
    return pdf


def _hours_statement(folder: Path) -> Path:
    pdf = folder / "hours.pdf"
    lines = tuple(
        StatementLine(f"2026-{month:02d}", f"Ward {month}, {name}", 180 + month, month < 6)
        for month, name in enumerate(NAMES.values(), start=1)
    )
    statement = HoursStatement(
        NAMES["Pashto"],
        "V-0042",
        "Leeds Teaching Hospitals",
        NAMES["Sorani"],
        lines,
        95,
        date(2026, 12, 4),
    )
    write_hours_statement(pdf, statement)
    return pdf


def _plan_sheet(folder: Path) -> Path:
    pdf = folder / "plan.pdf"
    step = (
        "Register with the NMC",
        "in progress",
        date(2027, 3, 1),
        None,
        "Book the test",
        NAMES["Amharic"],
    )
    sheet = PlanSheet(
        NAMES["Urdu"],
        "Trust",
        NAMES["Greek"],
        date(2026, 12, 4),
        MIXED,
        NAMES["Ukrainian"],
        (NAMES["Tigrinya"],),
        ((NAMES["Arabic"], (step,)),),
    )
    write_plan_sheet(pdf, sheet)
    return pdf


def _recovery_sheet(folder: Path) -> Path:
    pdf = folder / "recovery.pdf"
    write_recovery_sheet(
        pdf,
        trust=Trust("RR8", "Leeds", "Leeds Teaching Hospitals NHS Trust"),
        coordinator_name=NAMES["Vietnamese"],
        vault_id="vault-1",
        recovery_key="ABCDE-FGHJK-MNPQR-STVWX-YZ234-56789",
        created_at=datetime(2026, 12, 4, 9, 30),
    )
    return pdf


def _key_sheet(folder: Path) -> Path:
    pdf = folder / "key.pdf"
    sheet = KeySheet(
        "RR8",
        "Leeds",
        NAMES["Turkish"],
        "k1",
        "AAAA" * 11,
        "AB12 CD34",
        "04/12/2026",
        (("k0", "01/12/2026"),),
    )
    write_key_sheet(pdf, sheet)
    return pdf


def _return_summary(folder: Path) -> Path:
    pdf = folder / "summary.pdf"
    content = ReturnContent(
        "RR8",
        "Leeds",
        "2026-Q4",
        date(2026, 10, 1),
        date(2026, 12, 31),
        datetime(2026, 12, 4, 9),
        (Figure("people", "Active", 7, "people"),),
        (MonthHours("2026-10", 600, 120),),
        (NAMES["Persian"],),
        (),
    )
    pdf.write_bytes(write_return_summary(content))
    return pdf


def _progress_report(folder: Path) -> Path:
    pdf = folder / "progress.pdf"
    period = ReturnPeriod("2026-Q4", date(2026, 10, 1), date(2026, 12, 31))
    months = (MonthHours("2026-10", 600, 120),)
    board = Dashboard(
        period,
        7,
        (Counted("Active", 7),),
        months,
        (),
        (),
        (Distance("Confidence", 2.0, 4.0, 6),),
        (Counted(NAMES["Ukrainian"], 5),),
    )
    figures = (Figure("people", "Active", 7, "people"),)
    write_progress_report(pdf, ProgressReport("Leeds", figures, board, months))
    return pdf


WRITERS: dict[str, Callable[[Path], Path]] = {
    "subject access": _subject_access,
    "hours statement": _hours_statement,
    "plan sheet": _plan_sheet,
    "recovery sheet": _recovery_sheet,
    "key sheet": _key_sheet,
    "return summary": _return_summary,
    "progress report": _progress_report,
}


@pytest.mark.parametrize("language", list(NAMES))
def test_every_name_reads_back_in_typed_order(tmp_path: Path, language: str) -> None:
    text = comparable(read_text(_subject_access(tmp_path)))
    assert_reads_back(NAMES[language], text)


def test_the_hours_statement_prints_names_in_bold_and_in_tables(tmp_path: Path) -> None:
    pdf = _hours_statement(tmp_path)
    text = comparable(read_text(pdf))
    for name in NAMES.values():
        assert_reads_back(name, text)
    names = {font["name"].split("+")[-1] for font in fonts_of(pdf)}
    # The volunteer's Pashto name sits in <b>: its run is in Arabic bold, not regular.
    assert {"NotoSansArabic-Bold", "NotoSansArabic-Regular", "NotoSansEthiopic-Regular"} <= names


@pytest.mark.parametrize("writer", ["subject access", "hours statement"])
def test_no_letter_reads_back_as_another(tmp_path: Path, writer: str) -> None:
    # Each glyph copies out as a letter that was written: none as a private-use code, and
    # a comma after an Arabic name stays a comma (shaped in its own font: once, reportlab
    # shaped it with the Arabic font and drew Noto Sans's glyph of that number, an ê).
    text = comparable(read_text(WRITERS[writer](tmp_path)))
    written = comparable("".join(NAMES.values()) + MIXED + "–…’")
    assert set(text) - set(written) - set(string.printable) - {"\f"} == set()
    if writer == "hours statement" and shutil.which("pdftotext"):
        assert f"{comparable(NAMES['Sorani'])}, volunteer coordinator" in text


def test_arabic_letters_are_joined_by_shaping(tmp_path: Path) -> None:
    # Joined forms are glyphs of their own: lam-alef is a required ligature, and reads back
    # as its presentation form (U+FEFB/FEFC). Unshaped text would give lam and alef apart.
    raw = read_text(_subject_access(tmp_path))
    assert "\ufefb" in raw or "\ufefc" in raw
    assert "ګلالۍ" not in BIDI_CONTROLS.sub("", raw)  # as typed only after NFKC


@pytest.mark.parametrize("writer", list(WRITERS))
def test_every_font_is_embedded_and_subset(tmp_path: Path, writer: str) -> None:
    found = fonts_of(WRITERS[writer](tmp_path))
    assert found
    for font in found:
        assert (font["emb"], font["sub"]) == ("yes", "yes"), font
        assert font["name"].split("+")[-1].startswith("Noto"), font  # never Helvetica


def test_mixed_scripts_split_into_runs_each_in_a_font_with_its_letters() -> None:
    assert fonts.markup(MIXED) == (
        f'Ayşe / <font face="{fonts.ARABIC}">آیشه</font> / <font face="{fonts.ETHIOPIC}">ኣይሻ</font>'
    )
    # A name's words stay one right-to-left unit (no break space), so they read right to left.
    assert fonts.markup("زهرا رضایی", bold=True) == (
        f'<font face="{fonts.ARABIC}-Bold">زهرا\u00a0رضایی</font>'
    )
    assert fonts.markup("<Ayşe & co>") == "&lt;Ayşe &amp; co&gt;"


def test_the_mixed_name_prints_in_three_fonts(tmp_path: Path) -> None:
    pdf = _subject_access(tmp_path)
    names = {font["name"].split("+")[-1] for font in fonts_of(pdf)}
    assert {"NotoSans-Regular", "NotoSansArabic-Regular", "NotoSansEthiopic-Regular"} <= names
    text = comparable(read_text(pdf))
    for part in MIXED.split(" / "):
        assert_reads_back(part, text)
