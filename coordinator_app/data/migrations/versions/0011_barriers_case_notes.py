"""Barriers as dated rows (identified, resolved, what helped), case notes, and a result
with a reason on outcome follow-ups.

Each barrier in a volunteer's ``barriers_json`` becomes an open row identified on the day
they joined (the day the record was made when no joined day is recorded): the old list
held no dates, and joining is when the coordinator first asked. Follow-ups done before
get the result their ``still_there`` implies.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

STUDY = ("training", "study")  # outcome kinds whose follow-up result is "in study"


def upgrade() -> None:
    op.create_table(
        "barrier",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("volunteer_id", sa.Integer, sa.ForeignKey("volunteer.id"), nullable=False),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("identified_on", sa.String(10), nullable=False),
        sa.Column("resolved_on", sa.String(10), nullable=True),
        sa.Column("helped", sa.Text, nullable=False),
    )
    op.create_index("ix_barrier_volunteer", "barrier", ["volunteer_id"])
    op.create_table(
        "case_note",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("volunteer_id", sa.Integer, sa.ForeignKey("volunteer.id"), nullable=False),
        sa.Column("written_on", sa.String(10), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("safeguarding", sa.Boolean, nullable=False),
        sa.Column("next_step", sa.Text, nullable=False),
        sa.Column("next_step_on", sa.String(10), nullable=True),
        sa.Column("next_step_done", sa.Boolean, nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_case_note_volunteer", "case_note", ["volunteer_id", "written_on"])
    op.create_index("ix_case_note_next_step", "case_note", ["next_step_done", "next_step_on"])
    with op.batch_alter_table("outcome_follow_up") as table:
        table.add_column(sa.Column("result", sa.String(20), nullable=False, server_default=""))
        table.add_column(sa.Column("reason", sa.String(100), nullable=False, server_default=""))
    study = ", ".join(f"'{k}'" for k in STUDY)
    op.execute(
        "UPDATE outcome_follow_up SET result = CASE "
        "WHEN NOT still_there THEN 'left' "
        f"WHEN (SELECT kind FROM outcome WHERE outcome.id = outcome_id) IN ({study}) "
        "THEN 'in_study' ELSE 'in_post' END"
    )
    conn = op.get_bind()
    people = conn.execute(
        sa.text("SELECT id, barriers_json, joined_on, created_at FROM volunteer")
    ).all()
    rows = [
        {"v": vid, "k": key, "on": joined or created[:10]}
        for vid, raw, joined, created in people
        for key in json.loads(raw or "[]")
    ]
    if rows:
        conn.execute(
            sa.text(
                "INSERT INTO barrier (volunteer_id, key, identified_on, resolved_on, helped) "
                "VALUES (:v, :k, :on, NULL, '')"
            ),
            rows,
        )


def downgrade() -> None:
    with op.batch_alter_table("outcome_follow_up") as table:
        table.drop_column("reason")
        table.drop_column("result")
    op.drop_table("case_note")
    op.drop_table("barrier")
