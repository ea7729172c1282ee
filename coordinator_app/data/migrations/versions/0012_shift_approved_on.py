"""Hours approved shift by shift: ``shift.approved_on`` is the day a coordinator approved
a shift's hours (by month, ISO week or volunteer), empty while they are not approved.

Shifts in months approved and locked before are marked approved on the day their month
was approved.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("shift", sa.Column("approved_on", sa.Date, nullable=True))
    op.execute(
        "UPDATE shift SET approved_on = (SELECT substr(approved_at, 1, 10) FROM month_approval "
        "WHERE month_approval.month = shift.month AND month_approval.locked) "
        "WHERE service_minutes > 0"
    )


def downgrade() -> None:
    # Not a batch (which copies the table and drops its triggers, migration 0010's).
    op.execute("ALTER TABLE shift DROP COLUMN approved_on")
