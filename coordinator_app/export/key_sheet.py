"""The key registration sheet: what the programme manager needs to trust this vault's
returns (trust, coordinator, key id, public key) and a fingerprint to read over the phone,
so a key sent by email can be checked by voice before it is added to trusted keys."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from coordinator_app.export.pdf import BOLD, MONO, build_atomically, esc, styles, table_style


@dataclass(frozen=True)
class KeySheet:
    trust_code: str
    trust_name: str
    coordinator: str
    key_id: str
    public_key: str
    fingerprint: str
    valid_from: str
    retired: tuple[tuple[str, str], ...]  # (key id, retired at): to be revoked


def write_key_sheet(path: Path, sheet: KeySheet) -> None:
    s = styles()
    mono = s["small"].clone("mono", fontName=MONO, fontSize=9.5, leading=13)
    rows = [
        ["Trust", Paragraph(f"{esc(sheet.trust_name)} ({esc(sheet.trust_code)})", s["body"])],
        ["Coordinator", Paragraph(esc(sheet.coordinator), s["body"])],
        ["Key id", Paragraph(esc(sheet.key_id), mono)],
        ["Public key", Paragraph(esc(sheet.public_key), mono)],
        ["Valid from", sheet.valid_from],
    ]
    details = Table(rows, colWidths=[35 * mm, 125 * mm])
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
    story = [
        Paragraph("Return signing key registration", s["title"]),
        Paragraph("Helpforce Refugee Volunteer to Career programme", s["subtitle"]),
        Spacer(1, 8 * mm),
        details,
        Spacer(1, 6 * mm),
        Paragraph("Fingerprint (read it aloud to the programme manager)", s["heading"]),
        box,
        Spacer(1, 4 * mm),
        Paragraph(
            "The programme manager adds this key to the trusted keys only after the "
            "fingerprint read over the phone matches the one their copy of Coordinator shows. "
            "Returns signed with this key are accepted from the time above.",
            s["body"],
        ),
    ]
    if sheet.retired:  # ReportLab refuses a table with no rows: a first key has none
        retired = Table(
            [[Paragraph(esc(key), mono), at] for key, at in sheet.retired],
            colWidths=[110 * mm, 50 * mm],
        )
        retired.setStyle(table_style())
        story += [
            Paragraph("Keys to revoke", s["heading"]),
            Paragraph(
                "These older keys of this trust's vault no longer sign returns. Mark them "
                "revoked from the time shown:",
                s["body"],
            ),
            retired,
        ]
    build_atomically(path, story, "Return signing key registration")
