"""The programme progress report for the funder (``consolidate … --report FILE.pdf``, and
the programme manager's "Save programme report…"): the period covered, each trust named,
then every cross-trust table with its chart, the trusts side by side and the programme
beside them, and a definitions page. Counts of 1 to 4 are "<5" and the cells that would
give one away are "*", in the tables and in the charts alike (``domain/suppression.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)

from coordinator_app.domain.programme_figures import Analysis, TrustColumn
from coordinator_app.domain.suppression import NOTES, PublishedTable, publish_all
from coordinator_app.export.pdf import BOLD, build_pdf, esc, styles, table_style
from coordinator_app.export.programme_charts import counts_chart, measures_chart, trust_colour
from coordinator_app.files import write_atomically

TITLE = "Refugee Volunteer to Career: programme progress report"
PROGRAMME = "Programme"
BODY_WIDTH = 160  # mm: A4 less the margins
GENERAL = (
    (
        "Returns",
        "each trust's signed monthly or quarterly returns, checked before use (signature, "
        "sequence, totals). Where a trust corrected a return, the correction is used.",
    ),
    (
        "Volunteers",
        "only volunteers who gave consent to sharing are in a return, under a code; no "
        "names or contact details leave a trust.",
    ),
    (
        PROGRAMME,
        "the trusts added up; for a figure some trusts' returns do not hold (returns made "
        "before version 2 of the return), the trusts that do.",
    ),
)


def _month(month: str) -> str:
    if not month:
        return "no returns"
    return f"{date(int(month[:4]), int(month[5:7]), 1):%B %Y}"


def _covered(trust: TrustColumn) -> str:
    months = trust.months
    if not months:
        return "no returns"
    count = f"{len(months)} month{'s' if len(months) != 1 else ''}"
    if len(months) == 1:
        return f"{_month(months[0])} ({count})"
    return f"{_month(months[0])} to {_month(months[-1])} ({count})"


def _grid(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    total_rows: Sequence[int] = (),
    ruled: Sequence[int] = (),
) -> Table:
    s = styles()
    body = [
        [
            Paragraph(esc(cell), s["small"]) if isinstance(cell, str) and n == 0 else cell
            for n, cell in enumerate(row)
        ]
        for row in rows
    ]
    table = Table(body, colWidths=[w * mm for w in widths], repeatRows=1)
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F0F4F5")]),
        ("LINEBEFORE", (-1, 0), (-1, -1), 0.5, colors.HexColor("#768692")),
    ]
    for r in total_rows:
        commands += [
            ("FONTNAME", (1, r), (-1, r), BOLD),
            ("LINEABOVE", (0, r), (-1, r), 0.8, colors.black),
        ]
    for r in ruled:  # the averages and medians under the counts
        commands.append(("LINEABOVE", (0, r), (-1, r), 0.8, colors.black))
    table.setStyle(table_style(*commands))
    return table


def _widths(trusts: int) -> list[float]:
    """The label, each trust (a code), then the programme (its heading is longer)."""
    column = min(16.0, 80.0 / max(trusts, 1))
    return [BODY_WIDTH - column * trusts - 22.0, *[column] * trusts, 22.0]


def _figures_table(table: PublishedTable, codes: Sequence[str]) -> Table:
    heading = (table.table.row_heading, *codes, PROGRAMME)
    rows: list[Sequence[object]] = [heading]
    rows += [(label, *[c.text for c in cells]) for label, cells in table.rows]
    totals = [len(table.table.rows) + 1] if table.table.total_label else []
    first_measure = len(rows)
    rows += [(label, *[c.text for c in cells]) for label, cells in table.measures]
    return _grid(rows, _widths(len(codes)), totals, [first_measure] if table.measures else [])


def _section(table: PublishedTable, codes: Sequence[str]) -> list[Flowable]:
    s = styles()
    parts: list[Flowable] = [Paragraph(esc(table.table.title, bold=True), s["heading"])]
    chart = None
    if table.table.key == "distance":
        pairs = [(2 * n, 2 * n + 1) for n in range(len(table.table.rows))]
        chart = measures_chart(
            table, pairs, ("First rating (programme average)", "Latest rating (programme average)")
        )
    elif table.table.chart:
        chart = counts_chart(table, codes)
    if chart is not None:
        parts.append(chart)
    parts += [_figures_table(table, codes), Spacer(1, 1.5 * mm)]
    parts.append(Paragraph(esc(table.table.definition), s["small"]))
    return [CondPageBreak(70 * mm), KeepTogether(parts[:2]), *parts[2:]]


def _trusts_table(analysis: Analysis) -> Table:
    rows: list[Sequence[object]] = [("Trust", "Code", "Period covered by its returns", "Returns")]
    rows += [(t.name, t.code, _covered(t), str(t.returns)) for t in analysis.trusts]
    table = _grid(rows, (62, 16, 62, 20))
    for n in range(len(analysis.trusts)):
        table.setStyle([("TEXTCOLOR", (1, n + 1), (1, n + 1), trust_colour(n))])
    return table


def _definitions(tables: Sequence[PublishedTable]) -> list[Flowable]:
    s = styles()
    story: list[Flowable] = [PageBreak(), Paragraph("Definitions", s["heading"])]
    for term, text in GENERAL:
        story.append(Paragraph(f"<b>{esc(term, bold=True)}</b>: {esc(text)}", s["small"]))
    story.append(Paragraph("What each table counts", s["heading"]))
    for t in tables:
        story.append(
            Paragraph(
                f"<b>{esc(t.table.title, bold=True)}</b>: {esc(t.table.definition)}", s["small"]
            )
        )
    story.append(Paragraph("Small numbers", s["heading"]))
    for mark, meaning in NOTES:
        story.append(Paragraph(f"<b>{esc(mark, bold=True)}</b>: {esc(meaning)}", s["small"]))
    story.append(
        Paragraph(
            esc(
                "In the charts, a count shown as <5 is a pale bar the height of 5 labelled "
                "<5, and a figure not shown has no bar; the value axis steps in fives, so "
                "no chart tells a hidden count."
            ),
            s["small"],
        )
    )
    return story


def programme_report_pdf(analysis: Analysis, made: datetime) -> bytes:
    s = styles()
    tables = publish_all(analysis)
    codes = [t.code for t in analysis.trusts]
    period = _month(analysis.first_month)
    if analysis.last_month != analysis.first_month:
        period += f" to {_month(analysis.last_month)}"
    story: list[Flowable] = [
        Paragraph(TITLE, s["title"]),
        Paragraph(f"Helpforce, {esc(period)}. Made {made:%d/%m/%Y}.", s["subtitle"]),
        Spacer(1, 5 * mm),
        Paragraph("The trusts in this report", s["heading"]),
        _trusts_table(analysis)
        if analysis.trusts
        else Paragraph("No returns were combined.", s["body"]),
        Spacer(1, 2 * mm),
        Paragraph(
            esc(
                "Counts from 1 to 4 are shown as <5 and a count that would let one be worked "
                "out from a total as *, so that nobody can be identified. Definitions are on "
                "the last page."
            ),
            s["small"],
        ),
    ]
    for table in tables:
        story += _section(table, codes)
    story += _definitions(tables)
    return build_pdf(
        story, f"Programme progress report {analysis.first_month} to {analysis.last_month}"
    )


def write_programme_report(path: Path, analysis: Analysis, made: datetime) -> Path:
    """Written whole or not at all (a crash leaves no half-written PDF under ``path``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, programme_report_pdf(analysis, made))
    return path
