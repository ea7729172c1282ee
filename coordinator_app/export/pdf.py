"""What Coordinator's PDFs share: paragraph styles, escaping for reportlab's markup, and
writing atomically (a crash leaves no half-written PDF under the name asked for)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate


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
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=25 * mm,
            rightMargin=25 * mm,
            topMargin=20 * mm,
            bottomMargin=20 * mm,
            title=title,
            author="Coordinator",
        )
        doc.build(story)
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
