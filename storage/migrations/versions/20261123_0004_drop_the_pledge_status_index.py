"""Drop the index on pledge.status.

A status has a handful of values, so the index selects little; worse, SQLite's planner
preferred it for the due-reminder scan over the index on next_reminder_at, making that
scan grow with the number of pledges (bench/reminders.py).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 05:52:06.991286
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_status"))


def downgrade() -> None:
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pledge_status"), ["status"], unique=False)
