"""The trust's progress report for a board or the funder: the return's headline figures for
a period, the dashboard's figures for it, and hours by month over the twelve months to its
end. Counts only: nobody is named."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from coordinator_app.data import audit
from coordinator_app.data.models import TrustRow
from coordinator_app.data.vault import Vault
from coordinator_app.domain.dashboard import last_twelve_months
from coordinator_app.domain.periods import ReturnPeriod, parse_period
from coordinator_app.export.progress_report import ProgressReport
from coordinator_app.services.reports.dashboard import dashboard_in
from coordinator_app.services.returns import return_consent, return_content


def build(vault: Vault, period: ReturnPeriod | str) -> ProgressReport:
    """For a month or quarter label (the CLI), or any period the dashboard's picker offers."""
    if isinstance(period, str):
        period = parse_period(period)
    year = last_twelve_months(period.end)
    with vault.unit_of_work() as session:
        trust = session.scalars(select(TrustRow)).one()
        consent = return_consent.consent_in(session, period)
        unapproved = return_content.unapproved_months(session, period)
        report = ProgressReport(
            trust_name=trust.full_name,
            figures=return_content.figures(session, period, consent, len(unapproved)),
            dashboard=dashboard_in(session, period),
            year_months=return_content.month_hours_all(session, year),
        )
        audit.record(session, vault.actor, "progress_report_written", {"period": period.label})
    return report


def write(vault: Vault, period: ReturnPeriod | str, path: Path) -> ProgressReport:
    from coordinator_app.export.progress_report import write_progress_report  # reportlab

    report = build(vault, period)
    write_progress_report(path, report)
    return report
