"""Placements, shifts, expenses and month approvals.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "placement",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("role_description", sa.Text, nullable=False),
        sa.Column("supervisor", sa.String(200), nullable=False),
        sa.Column("patient_facing", sa.Boolean, nullable=False),
        sa.Column("role", sa.String(60), nullable=False),
        sa.Column("archived", sa.Boolean, nullable=False),
    )
    op.create_table(
        "shift",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("volunteer_id", sa.Integer, sa.ForeignKey("volunteer.id"), nullable=False),
        sa.Column("placement_id", sa.Integer, sa.ForeignKey("placement.id"), nullable=False),
        sa.Column("shift_date", sa.String(10), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("start_time", sa.String(5), nullable=False),
        sa.Column("end_time", sa.String(5), nullable=False),
        sa.Column("planned_minutes", sa.Integer, nullable=False),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("cancelled_by", sa.String(20), nullable=False),
        sa.Column("actual_minutes", sa.Integer, nullable=True),
        sa.Column("service_minutes", sa.Integer, nullable=False),
        sa.Column("series_id", sa.String(36), nullable=True),
        sa.Column("override_reason", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    # A volunteer's week (register, clashes), a day's shifts (Today), hours per month.
    op.create_index("ix_shift_volunteer_date", "shift", ["volunteer_id", "shift_date"])
    op.create_index("ix_shift_date", "shift", ["shift_date"])
    op.create_index(
        "ix_shift_volunteer_month", "shift", ["volunteer_id", "month", "service_minutes"]
    )
    op.create_table(
        "expense",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("volunteer_id", sa.Integer, sa.ForeignKey("volunteer.id"), nullable=False),
        sa.Column("claimed_on", sa.String(10), nullable=False),
        sa.Column("month", sa.String(7), nullable=False, index=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("amount_pence", sa.Integer, nullable=False),
        sa.Column("receipt", sa.Boolean, nullable=False),
        sa.Column("paid_on", sa.String(10), nullable=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_expense_volunteer", "expense", ["volunteer_id", "claimed_on"])
    op.create_table(
        "month_approval",
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.Column("approved_at", sa.String(32), nullable=False),
        sa.Column("approved_by", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("month_approval")
    op.drop_table("expense")
    op.drop_table("shift")
    op.drop_table("placement")
