"""The volunteer's own copy of their support plan: plain English, what they are working
towards, the steps, what each needs as evidence and what happens next. It names them (it is
theirs) and gives no immigration or legal advice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from coordinator_app.export.pdf import BOLD, build_atomically, esc, styles, table_style

# (title, status, target, achieved, next step, evidence expected)
Step = tuple[str, str, date | None, date | None, str, str]


@dataclass(frozen=True)
class PlanSheet:
    volunteer_name: str
    trust_name: str
    coordinator_name: str
    issued_on: date
    needs: str
    strengths: str
    barriers: tuple[str, ...]
    pathways: tuple[tuple[str, tuple[Step, ...]], ...]


def _when(step: Step) -> str:
    _title, _status, target, achieved, _next, _evidence = step
    if achieved:
        return f"done {achieved:%d/%m/%Y}"
    return f"by {target:%d/%m/%Y}" if target else "date to agree"


def _steps_table(steps: tuple[Step, ...]) -> Table:
    s = styles()
    rows: list[list[object]] = [["Step", "When", "What you need", "Next"]]
    for step in steps:
        title, status, _target, _achieved, next_step, evidence = step
        rows.append(
            [
                Paragraph(f"<b>{esc(title, bold=True)}</b><br/>{esc(status)}", s["small"]),
                Paragraph(esc(_when(step)), s["small"]),
                Paragraph(esc(evidence), s["small"]),
                Paragraph(esc(next_step), s["small"]),
            ]
        )
    table = Table(rows, colWidths=[45 * mm, 25 * mm, 55 * mm, 35 * mm], repeatRows=1)
    table.setStyle(
        table_style(
            ("FONTNAME", (0, 0), (-1, 0), BOLD),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F0F4F5")]),
        )
    )
    return table


def write_plan_sheet(path: Path, sheet: PlanSheet) -> None:
    s = styles()
    story: list[Flowable] = [
        Paragraph("My support plan", s["title"]),
        Paragraph(esc(sheet.trust_name), s["subtitle"]),
        Spacer(1, 6 * mm),
        Paragraph(
            f"This is <b>{esc(sheet.volunteer_name, bold=True)}</b>'s plan, agreed with "
            f"{esc(sheet.coordinator_name)}, volunteer coordinator. It lists the steps towards "
            "the work you want and what each step needs. We will look at it together at each "
            "review.",
            s["body"],
        ),
    ]
    for heading, text in (
        ("What I need help with", sheet.needs),
        ("My strengths", sheet.strengths),
    ):
        if text:
            story += [Paragraph(heading, s["heading"]), Paragraph(esc(text), s["body"])]
    if sheet.barriers:
        story += [
            Paragraph("What can get in the way", s["heading"]),
            Paragraph(esc(", ".join(sheet.barriers)) + ".", s["body"]),
        ]
    for title, steps in sheet.pathways:
        story += [Paragraph(f"Towards: {esc(title, bold=True)}", s["heading"]), _steps_table(steps)]
    if not sheet.pathways:
        story.append(Paragraph("No career pathway has been chosen yet.", s["body"]))
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            "This plan is not immigration or legal advice. For questions about your "
            "immigration status or right to work, ask an accredited adviser.",
            s["small"],
        ),
        Paragraph(f"Printed {sheet.issued_on:%d/%m/%Y}.", s["small"]),
    ]
    build_atomically(path, story, "My support plan")
