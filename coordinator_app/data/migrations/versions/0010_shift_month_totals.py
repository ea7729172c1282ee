"""Each volunteer's service minutes and attended shifts per month, kept by triggers on the
shift table: the dashboard, the progress report and hours by month read these (one row per
volunteer and month) instead of summing every shift of the year (430,000 on the large demo).

Triggers, not code, so every writer (booking, marking, editing, merging, erasing, imports,
demo data, raw SQL) keeps the totals right in the same transaction.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from coordinator_app.data.migrations.shift_totals import COUNTS, add, take

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

def upgrade() -> None:
    op.create_table(
        "shift_month_total",
        sa.Column("volunteer_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("service_minutes", sa.Integer, nullable=False),
        sa.Column("attended", sa.Integer, nullable=False),
    )
    op.create_index("ix_shift_month_total_month", "shift_month_total", ["month"])
    op.execute(
        "INSERT INTO shift_month_total (volunteer_id, month, service_minutes, attended) "
        f"SELECT volunteer_id, month, sum(service_minutes), sum(outcome {COUNTS}) "
        "FROM shift GROUP BY volunteer_id, month"
    )
    op.execute(f"CREATE TRIGGER shift_total_insert AFTER INSERT ON shift BEGIN {add('NEW')} END")
    op.execute(f"CREATE TRIGGER shift_total_delete AFTER DELETE ON shift BEGIN {take('OLD')} END")
    op.execute(
        "CREATE TRIGGER shift_total_update AFTER UPDATE OF volunteer_id, month, service_minutes, "
        f"outcome ON shift BEGIN {take('OLD')} {add('NEW')} END"
    )


def downgrade() -> None:
    for trigger in ("shift_total_insert", "shift_total_delete", "shift_total_update"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.drop_table("shift_month_total")
