"""Activities (workshops, classes, sessions) and their attendance registers.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("held_on", sa.String(10), nullable=False, index=True),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("start_time", sa.String(5), nullable=False),
        sa.Column("end_time", sa.String(5), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("facilitator", sa.String(200), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "activity_attendance",
        sa.Column("activity_id", sa.Integer, sa.ForeignKey("activity.id"), primary_key=True),
        sa.Column("volunteer_id", sa.Integer, sa.ForeignKey("volunteer.id"), primary_key=True),
        sa.Column("attended", sa.Boolean, nullable=False),
    )
    # Training hours per volunteer (statement, returns) start from the volunteer.
    op.create_index(
        "ix_attendance_volunteer", "activity_attendance", ["volunteer_id", "attended"]
    )


def downgrade() -> None:
    op.drop_table("activity_attendance")
    op.drop_table("activity")
