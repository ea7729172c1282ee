"""Volunteers and their onboarding checks.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _date(name: str, index: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.String(10), nullable=True, index=index)


def upgrade() -> None:
    op.create_table(
        "volunteer",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(36), nullable=False, unique=True),
        sa.Column("code", sa.String(24), nullable=False, unique=True),
        sa.Column("given_names", sa.String(200), nullable=False),
        sa.Column("family_name", sa.String(200), nullable=False, index=True),
        sa.Column("preferred_name", sa.String(200), nullable=False),
        sa.Column("search_text", sa.Text, nullable=False),
        sa.Column("sort_name", sa.String(400), nullable=False),
        _date("date_of_birth", index=True),
        sa.Column("phone", sa.String(32), nullable=False, index=True),
        sa.Column("email", sa.String(320), nullable=False, index=True),
        sa.Column("postcode_district", sa.String(8), nullable=False),
        sa.Column("languages_json", sa.Text, nullable=False),
        sa.Column("english_level", sa.String(40), nullable=False),
        sa.Column("status", sa.String(40), nullable=False, index=True),
        _date("leave_expires_on"),
        sa.Column("rtw_evidence", sa.String(40), nullable=False),
        _date("rtw_checked_on"),
        sa.Column("rtw_checked_by", sa.String(200), nullable=False),
        _date("rtw_follow_up_on"),
        sa.Column("reporting_days_json", sa.String(40), nullable=False),
        sa.Column("profession", sa.String(100), nullable=False, index=True),
        sa.Column("country_qualified", sa.String(100), nullable=False),
        sa.Column("years_experience", sa.Integer, nullable=True),
        sa.Column("goals", sa.Text, nullable=False),
        sa.Column("barriers_json", sa.Text, nullable=False),
        sa.Column("barriers_note", sa.Text, nullable=False),
        sa.Column("referral_source", sa.String(100), nullable=False),
        _date("consent_records_on"),
        _date("consent_records_withdrawn_on"),
        _date("consent_sharing_on"),
        _date("consent_sharing_withdrawn_on"),
        _date("consent_follow_up_on"),
        _date("consent_follow_up_withdrawn_on"),
        sa.Column("state", sa.String(20), nullable=False, index=True),
        sa.Column("left_reason", sa.String(200), nullable=False),
        sa.Column("role", sa.String(60), nullable=False),
        _date("joined_on"),
        _date("ready_until", index=True),
        sa.Column("archived", sa.Boolean, nullable=False, index=True),
        sa.Column("merged_into_id", sa.Integer, sa.ForeignKey("volunteer.id"), nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
    )
    # The list's default order, walked in index order so a page of 200 needs no full sort.
    for column in ("sort_name", "code", "state", "status", "profession", "ready_until", "joined_on"):
        op.create_index(f"ix_volunteer_list_by_{column}", "volunteer", ["archived", column, "id"])
    op.create_table(
        "onboarding_check",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "volunteer_id",
            sa.Integer,
            sa.ForeignKey("volunteer.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("key", sa.String(60), nullable=False),
        _date("completed_on"),
        _date("expires_on", index=True),
        sa.Column("note", sa.Text, nullable=False),
        sa.UniqueConstraint("volunteer_id", "key"),
    )


def downgrade() -> None:
    op.drop_table("onboarding_check")
    op.drop_table("volunteer")
