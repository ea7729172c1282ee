"""The recovery sheet: one printed A4 page holding the vault's recovery key, for the trust's
Information Governance lead to lock away."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from coordinator_app.domain.trusts import Trust
from coordinator_app.export.pdf import BOLD, MONO, build_atomically, esc, styles, table_style


def write_recovery_sheet(
    path: Path,
    *,
    trust: Trust,
    coordinator_name: str,
    vault_id: str,
    recovery_key: str,
    created_at: datetime,
) -> None:
    """Write the sheet atomically: a crash leaves no half-written PDF under ``path``."""
    s = styles()
    details = Table(
        [
            ["Trust", Paragraph(f"{esc(trust.full_name)} ({esc(trust.code)})", s["body"])],
            ["Coordinator", Paragraph(esc(coordinator_name), s["body"])],
            ["Vault", Paragraph(esc(vault_id), s["body"])],
            ["Created", created_at.strftime("%d/%m/%Y")],
        ],
        colWidths=[35 * mm, 125 * mm],
    )
    details.setStyle(
        table_style(
            ("FONTNAME", (0, 0), (0, -1), BOLD),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        )
    )
    groups = "&nbsp;&nbsp;".join(esc(g) for g in recovery_key.split("-"))
    key_box = Table([[Paragraph(groups, s["key"])]], colWidths=[160 * mm])
    key_box.setStyle(
        table_style(
            ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
            ("TOPPADDING", (0, 0), (-1, -1), 10),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
        )
    )
    sign = Table(
        [["Stored by", ""], ["Where", ""], ["Date", ""], ["Signature", ""]],
        colWidths=[35 * mm, 125 * mm],
        rowHeights=[10 * mm] * 4,
    )
    sign.setStyle(
        table_style(
            ("FONTNAME", (0, 0), (0, -1), BOLD),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        )
    )
    story = [
        Paragraph("Coordinator recovery sheet", s["title"]),
        Paragraph("Helpforce Refugee Volunteer to Career programme", s["subtitle"]),
        Spacer(1, 8 * mm),
        details,
        Paragraph("Recovery key", s["heading"]),
        key_box,
        Spacer(1, 2 * mm),
        Paragraph(
            "Six groups of five letters and numbers. The letters I, L, O and U are never used, "
            "so a 0 is always zero and a 1 is always one.",
            s["small"],
        ),
        Paragraph("What it is for", s["heading"]),
        Paragraph(
            "This key opens the vault above if the coordinator's passphrase is forgotten. Use "
            "<b>Forgot passphrase?</b> on Coordinator's unlock screen, or the command "
            f"<font face='{MONO}'>coordinator passphrase recover</font>, then choose a new "
            "passphrase. Anyone holding this sheet and the laptop can read the vault's records "
            "about volunteers, so treat it like the records themselves.",
            s["body"],
        ),
        Paragraph("How to keep it", s["heading"]),
        Paragraph(
            "&bull; Keep it in a locked cabinet, never with the laptop or in its bag.<br/>"
            "&bull; Never photograph, scan, email or type it into anything but Coordinator.<br/>"
            "&bull; If a new sheet replaces this one, shred this one.",
            s["body"],
        ),
        Paragraph("Record of safekeeping", s["heading"]),
        sign,
    ]
    build_atomically(path, story, "Coordinator recovery sheet")
