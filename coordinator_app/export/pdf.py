"""What Coordinator's PDFs share: paragraph styles in the bundled fonts, text as reportlab
markup (escaped, each script in a font that has it: ``esc``), table styles in those fonts,
and writing atomically (a crash leaves no half-written PDF under the name asked for)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, TableStyle

from coordinator_app.export import fonts
from coordinator_app.files import write_atomically

REGULAR, BOLD = fonts.SANS, fonts.SANS_BOLD
MONO, MONO_BOLD = fonts.MONO, fonts.MONO_BOLD


def styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = getSampleStyleSheet()
    # shaping: HarfBuzz joins Arabic letters and lays a right-to-left run out right to left.
    body = ParagraphStyle(
        "body", parent=base["BodyText"], fontName=REGULAR, fontSize=10.5, leading=14, shaping=1
    )
    return {
        "title": ParagraphStyle(
            "title", parent=base["Title"], fontName=BOLD, fontSize=20, spaceAfter=4, shaping=1
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, alignment=TA_CENTER, textColor=colors.HexColor("#444444")
        ),
        # Upright bold: no italic face is bundled.
        "heading": ParagraphStyle(
            "heading", parent=base["Heading3"], fontName=BOLD, spaceBefore=10, shaping=1
        ),
        "body": body,
        "key": ParagraphStyle(
            "key", parent=body, fontName=MONO_BOLD, fontSize=17, leading=24, alignment=TA_CENTER
        ),
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12),
    }


def esc(text: str, bold: bool = False) -> str:
    """Any text (a name, a note) as paragraph markup: escaped, and each run of Arabic script
    or Ethiopic in a font that has its letters. ``bold`` in a bold style or inside <b>."""
    return fonts.markup(text, bold)


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A table's style whose plain-text cells are in the bundled font (reportlab's default
    is Helvetica); ``commands`` come after, so a header row can still be set in BOLD."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


def build_atomically(path: Path, story: list[Flowable], title: str) -> None:
    write_atomically(path, build_pdf(story, title))


def build_pdf(story: list[Flowable], title: str, margins_mm: tuple[int, int] = (25, 20)) -> bytes:
    """The PDF's bytes; the same story gives the same bytes (invariant: no time stamp)."""
    fonts.register()
    out = io.BytesIO()
    side, top = margins_mm
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=side * mm,
        rightMargin=side * mm,
        topMargin=top * mm,
        bottomMargin=top * mm,
        title=title,
        author="Coordinator",
        invariant=True,
        # A canvas starts in Helvetica, which would be listed (unembedded) in every PDF.
        initialFontName=REGULAR,
    )
    doc.build(story)
    return out.getvalue()
