"""What Coordinator's PDFs share: paragraph styles, escaping for reportlab's markup, and
writing atomically (a crash leaves no half-written PDF under the name asked for)."""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate

from coordinator_app.files import write_atomically


def styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontSize=10.5, leading=14)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontSize=20, spaceAfter=4),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, alignment=TA_CENTER, textColor=colors.HexColor("#444444")
        ),
        "heading": ParagraphStyle("heading", parent=base["Heading3"], spaceBefore=10),
        "body": body,
        "key": ParagraphStyle(
            "key",
            parent=body,
            fontName="Courier-Bold",
            fontSize=17,
            leading=24,
            alignment=TA_CENTER,
        ),
        "small": ParagraphStyle("small", parent=body, fontSize=9, leading=12),
    }


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_atomically(path: Path, story: list[Flowable], title: str) -> None:
    write_atomically(path, build_pdf(story, title))


def build_pdf(story: list[Flowable], title: str, margins_mm: tuple[int, int] = (25, 20)) -> bytes:
    """The PDF's bytes; the same story gives the same bytes (invariant: no time stamp)."""
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
    )
    doc.build(story)
    return out.getvalue()
