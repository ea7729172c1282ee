"""The programme manager's recipient sheet: the age recipient (`age1…`) that coordinators
register so their returns are encrypted to the programme manager, and a fingerprint to read
over the phone, so a recipient sent by email is checked by voice before it is trusted."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from coordinator_app.export.pdf import BOLD, MONO, build_atomically, esc, styles, table_style


@dataclass(frozen=True)
class RecipientSheet:
    names: tuple[str, ...]  # who holds the programme manager's vault
    recipient: str
    fingerprint: str
    created_at: str
    retired: tuple[str, ...]  # earlier recipients: no longer to be encrypted to


def write_recipient_sheet(path: Path, sheet: RecipientSheet) -> None:
    s = styles()
    mono = s["small"].clone("mono", fontName=MONO, fontSize=9.5, leading=13)
    rows = [
        ["Programme manager", Paragraph(esc(", ".join(sheet.names)), s["body"])],
        ["Recipient", Paragraph(esc(sheet.recipient), mono)],
        ["In use from", sheet.created_at],
    ]
    details = Table(rows, colWidths=[40 * mm, 120 * mm])
    details.setStyle(
        table_style(
            ("FONTNAME", (0, 0), (0, -1), BOLD),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        )
    )
    box = Table([[Paragraph(esc(sheet.fingerprint), s["key"])]], colWidths=[160 * mm])
    box.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
            ("TOPPADDING", (0, 0), (-1, -1), 10),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
        )
    )
    story: list[Flowable] = [
        Paragraph("Programme manager's encryption recipient", s["title"]),
        Paragraph("Helpforce Refugee Volunteer to Career programme", s["subtitle"]),
        Spacer(1, 8 * mm),
        details,
        Spacer(1, 6 * mm),
        Paragraph("Fingerprint (the coordinator reads it back to you)", s["heading"]),
        box,
        Spacer(1, 4 * mm),
        Paragraph(
            "A trust's coordinator registers this recipient once, in Coordinator's Settings "
            "or with `coordinator recipient add`, and only after the fingerprint their copy "
            "of Coordinator shows matches the one above, read over the phone. Their returns "
            "are then encrypted so that only this programme manager's vault can open them.",
            s["body"],
        ),
    ]
    if sheet.retired:
        earlier = Table([[Paragraph(esc(r), mono)] for r in sheet.retired], colWidths=[160 * mm])
        earlier.setStyle(table_style())
        story += [
            Paragraph("Earlier recipients (remove them)", s["heading"]),
            Paragraph(
                "Returns are no longer to be encrypted to these; the programme manager can "
                "still open returns already sent to them.",
                s["body"],
            ),
            earlier,
        ]
    build_atomically(path, story, "Programme manager's encryption recipient")
