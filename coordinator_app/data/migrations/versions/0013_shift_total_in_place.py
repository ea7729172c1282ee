"""A shift's outcome or hours changed in place updates its month's total in place: one
UPDATE in ``shift_total_update``, where 0010's trigger took the old values off and added the
new ones back with an upsert. A shift moved to another volunteer or month (an edit, a merge)
still takes and adds, in ``shift_total_move``.

Why: an upsert's DO UPDATE may abort, so every shift save ran with a statement journal, and
with SQLCipher's memory security each journalled page is locked and wiped as it is copied.
With this trigger and the save's ``UPDATE OR FAIL`` (services.shifts), a save needs none:
1.38 ms -> 0.85 ms on the medium demo (benchmarks/shifts.py: shift_save).

The month's row is there to update: the insert and move triggers make it, and nothing
deletes one (a month emptied keeps a row of zeros).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from alembic import op

from coordinator_app.data.migrations.shift_totals import COUNTS, add, take

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_IN_PLACE = (
    "CREATE TRIGGER shift_total_update AFTER UPDATE OF service_minutes, outcome ON shift "
    "WHEN OLD.volunteer_id = NEW.volunteer_id AND OLD.month = NEW.month BEGIN "
    "UPDATE OR FAIL shift_month_total SET "
    "service_minutes = service_minutes - OLD.service_minutes + NEW.service_minutes, "
    f"attended = attended - (OLD.outcome {COUNTS}) + (NEW.outcome {COUNTS}) "
    "WHERE volunteer_id = NEW.volunteer_id AND month = NEW.month; END"
)
_MOVED = (
    "CREATE TRIGGER shift_total_move AFTER UPDATE OF volunteer_id, month ON shift "
    "WHEN OLD.volunteer_id <> NEW.volunteer_id OR OLD.month <> NEW.month BEGIN "
    f"{take('OLD')} {add('NEW')} END"
)
_0010 = (
    "CREATE TRIGGER shift_total_update AFTER UPDATE OF volunteer_id, month, service_minutes, "
    f"outcome ON shift BEGIN {take('OLD')} {add('NEW')} END"
)


def upgrade() -> None:
    op.execute("DROP TRIGGER shift_total_update")
    op.execute(_IN_PLACE)
    op.execute(_MOVED)


def downgrade() -> None:
    op.execute("DROP TRIGGER shift_total_move")
    op.execute("DROP TRIGGER shift_total_update")
    op.execute(_0010)
