"""Support plans (assessment, pathways' milestones), reviews with self-ratings, outcomes and
their follow-ups.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "support_plan",
        sa.Column("volunteer_id", sa.Integer, sa.ForeignKey("volunteer.id"), primary_key=True),
        sa.Column("needs", sa.Text, nullable=False),
        sa.Column("strengths", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "plan_milestone",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("volunteer_id", sa.Integer, sa.ForeignKey("volunteer.id"), nullable=False),
        sa.Column("pathway", sa.String(60), nullable=False),
        sa.Column("step", sa.String(60), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        # Copied from the template when added: the plan stays as agreed if templates change.
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("depends_on_json", sa.Text, nullable=False),
        sa.Column("valid_months", sa.Integer, nullable=True),
        sa.Column("needs_valid_json", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("target_on", sa.String(10), nullable=True),
        sa.Column("achieved_on", sa.String(10), nullable=True),
        sa.Column("evidence_note", sa.Text, nullable=False),
        sa.Column("next_step", sa.Text, nullable=False),
        sa.Column("owner", sa.String(20), nullable=False),
        sa.UniqueConstraint("volunteer_id", "pathway", "step"),
    )
    op.create_index("ix_milestone_volunteer", "plan_milestone", ["volunteer_id", "position"])
    op.create_index("ix_milestone_achieved", "plan_milestone", ["achieved_on"])
    op.create_index("ix_milestone_target", "plan_milestone", ["target_on"])
    op.create_table(
        "review",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("volunteer_id", sa.Integer, sa.ForeignKey("volunteer.id"), nullable=False),
        sa.Column("held_on", sa.String(10), nullable=False),
        sa.Column("confidence", sa.Integer, nullable=True),
        sa.Column("english", sa.Integer, nullable=True),
        sa.Column("belonging", sa.Integer, nullable=True),
        sa.Column("career_clarity", sa.Integer, nullable=True),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_review_volunteer", "review", ["volunteer_id", "held_on"])
    op.create_index("ix_review_held", "review", ["held_on"])
    op.create_table(
        "outcome",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("volunteer_id", sa.Integer, sa.ForeignKey("volunteer.id"), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("started_on", sa.String(10), nullable=False),
        sa.Column("employer", sa.String(200), nullable=False),
        sa.Column("nhs", sa.Boolean, nullable=False),
        sa.Column("role", sa.String(200), nullable=False),
        sa.Column("band", sa.String(4), nullable=False),
        sa.Column("hours_per_week", sa.Float, nullable=True),
        sa.Column("course", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(100), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_outcome_volunteer", "outcome", ["volunteer_id"])
    op.create_index("ix_outcome_started", "outcome", ["started_on"])
    op.create_table(
        "outcome_follow_up",
        sa.Column("outcome_id", sa.Integer, sa.ForeignKey("outcome.id"), primary_key=True),
        sa.Column("months", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("done_on", sa.String(10), nullable=False),
        sa.Column("still_there", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("outcome_follow_up")
    op.drop_table("outcome")
    op.drop_table("review")
    op.drop_table("plan_milestone")
    op.drop_table("support_plan")
