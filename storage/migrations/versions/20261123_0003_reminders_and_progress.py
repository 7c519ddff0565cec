"""Reminders and progress: schedule fields, preferences and the reminder outbox.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 05:10:57.406650
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Existing rows get the defaults a new pledge or pledger gets."""
    op.create_table(
        "reminder_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("due_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("claimed_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("sent_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["pledge.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pledge_id", "period", "kind"),
    )
    with op.batch_alter_table("reminder_outbox", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reminder_outbox_pledge_id"), ["pledge_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reminder_outbox_sent_at"), ["sent_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_reminder_outbox_status"), ["status"], unique=False)

    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("progress_status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True)
        )
        batch_op.add_column(
            sa.Column("last_reported_at", storage.types.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column(
                "reminder_cadence",
                sqlmodel.sql.sqltypes.AutoString(length=20),
                nullable=False,
                server_default="quarterly",
            )
        )
        batch_op.add_column(
            sa.Column("next_reminder_at", storage.types.UTCDateTime(), nullable=True)
        )
        batch_op.add_column(
            sa.Column("reminders_paused", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("overdue", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(
            batch_op.f("ix_pledge_next_reminder_at"), ["next_reminder_at"], unique=False
        )

    with op.batch_alter_table("pledger", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reminder_hour", sa.Integer(), nullable=False, server_default="10")
        )
        batch_op.add_column(
            sa.Column("quiet_start", sa.Integer(), nullable=False, server_default="20")
        )
        batch_op.add_column(
            sa.Column("quiet_end", sa.Integer(), nullable=False, server_default="8")
        )
        batch_op.add_column(
            sa.Column("skip_weekends", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade() -> None:
    with op.batch_alter_table("pledger", schema=None) as batch_op:
        batch_op.drop_column("skip_weekends")
        batch_op.drop_column("quiet_end")
        batch_op.drop_column("quiet_start")
        batch_op.drop_column("reminder_hour")

    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_next_reminder_at"))
        batch_op.drop_column("overdue")
        batch_op.drop_column("reminders_paused")
        batch_op.drop_column("next_reminder_at")
        batch_op.drop_column("reminder_cadence")
        batch_op.drop_column("last_reported_at")
        batch_op.drop_column("progress_status")

    with op.batch_alter_table("reminder_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_outbox_status"))
        batch_op.drop_index(batch_op.f("ix_reminder_outbox_sent_at"))
        batch_op.drop_index(batch_op.f("ix_reminder_outbox_pledge_id"))

    op.drop_table("reminder_outbox")
