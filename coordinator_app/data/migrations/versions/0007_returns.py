"""Signing keys and the history of signed return bundles.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signing_key",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key_id", sa.String(32), nullable=False, unique=True),
        sa.Column("public_key", sa.String(64), nullable=False),
        # Raw Ed25519 private key: only ever inside this encrypted database.
        sa.Column("private_key", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("retired_at", sa.String(32), nullable=True),
    )
    op.create_table(
        "return_export",
        sa.Column("sequence", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("period_label", sa.String(10), nullable=False, index=True),
        sa.Column("period_start", sa.String(10), nullable=False),
        sa.Column("period_end", sa.String(10), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("manifest_sha256", sa.String(64), nullable=False),
        sa.Column("file_name", sa.String(120), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("supersedes", sa.Integer, nullable=True),
        sa.Column("totals_json", sa.Text, nullable=False),
        # The exact bytes sent, so "save again" gives the very same file.
        sa.Column("bundle", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("return_export")
    op.drop_table("signing_key")
