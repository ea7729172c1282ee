"""Drafts of half-filled forms, kept when the vault locks.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("form_key", sa.String(200), primary_key=True),
        sa.Column("saved_at", sa.String(32), nullable=False),
        sa.Column("payload_json", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("draft")
