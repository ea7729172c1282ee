"""A volunteer's hours statement: their own record of volunteering, for a CV or a
reference. It names the volunteer (it is theirs to hand on), the trust and each month's
hours by placement, and says which months the coordinator has approved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table

from coordinator_app.export.pdf import BOLD, build_atomically, esc, styles, table_style


@dataclass(frozen=True)
class StatementLine:
    month: str  # YYYY-MM
    placement: str
    service_minutes: int
    approved: bool


@dataclass(frozen=True)
class HoursStatement:
    volunteer_name: str
    volunteer_code: str
    trust_name: str
    coordinator_name: str
    lines: tuple[StatementLine, ...]
    training_minutes: int
    issued_on: date

    @property
    def service_minutes(self) -> int:
        return sum(line.service_minutes for line in self.lines)


def hours_text(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _month_name(month: str) -> str:
    year, number = month.split("-")
    return f"{date(int(year), int(number), 1):%B %Y}"


def write_hours_statement(path: Path, statement: HoursStatement) -> None:
    s = styles()
    rows: list[list[object]] = [["Month", "Placement", "Hours", "Approved"]]
    for line in statement.lines:
        rows.append(
            [
                _month_name(line.month),
                Paragraph(esc(line.placement), s["body"]),
                hours_text(line.service_minutes),
                "yes" if line.approved else "not yet",
            ]
        )
    rows.append(["Total volunteering", "", hours_text(statement.service_minutes), ""])
    table = Table(rows, colWidths=[35 * mm, 75 * mm, 28 * mm, 22 * mm], repeatRows=1)
    table.setStyle(
        table_style(
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
            ("FONTNAME", (0, -1), (-1, -1), BOLD),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (2, 0), (2, -1), "RIGHT"),
        )
    )
    period = (
        f"{_month_name(statement.lines[0].month)} to {_month_name(statement.lines[-1].month)}"
        if statement.lines
        else "no volunteering recorded yet"
    )
    story = [
        Paragraph("Volunteering hours statement", s["title"]),
        Paragraph(esc(statement.trust_name), s["subtitle"]),
        Spacer(1, 8 * mm),
        Paragraph(
            f"<b>{esc(statement.volunteer_name, bold=True)}</b> volunteered with "
            f"{esc(statement.trust_name)} "
            f"through the Helpforce Refugee Volunteer to Career programme ({period}).",
            s["body"],
        ),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 4 * mm),
        Paragraph(
            f"Training and workshops attended: {hours_text(statement.training_minutes)}.",
            s["body"],
        ),
        Paragraph(
            "Hours count attended shifts only (late arrivals at the hours actually worked). "
            "Approved months have been checked by the volunteer coordinator and can no longer "
            "change without a recorded reason.",
            s["small"],
        ),
        Spacer(1, 10 * mm),
        Paragraph(
            f"Issued {statement.issued_on:%d/%m/%Y} by {esc(statement.coordinator_name)}, "
            f"volunteer coordinator. Reference {esc(statement.volunteer_code)}.",
            s["body"],
        ),
    ]
    build_atomically(path, story, "Volunteering hours statement")
