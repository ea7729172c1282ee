"""The programme manager's side: trusted keys and the returns accepted from trusts.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "trusted_key",
        sa.Column("key_id", sa.String(32), primary_key=True),
        sa.Column("trust", sa.String(16), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("valid_from", sa.String(32), nullable=False),
        sa.Column("revoked_at", sa.String(32), nullable=True),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_table(
        "received_return",
        sa.Column("trust", sa.String(16), primary_key=True),
        sa.Column("sequence", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("period_label", sa.String(10), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("manifest_sha256", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("file_name", sa.String(120), nullable=False),
        sa.Column("supersedes", sa.Integer, nullable=True),
        sa.Column("totals_json", sa.Text, nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        # The accepted bundle itself: evidence of what the trust sent, byte for byte.
        sa.Column("bundle", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("received_return")
    op.drop_table("trusted_key")
