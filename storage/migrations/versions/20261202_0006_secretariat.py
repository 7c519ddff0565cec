"""The secretariat's side: review decisions on pledges and the digest outbox.

A pledge counts the pledger's edits (`revision`), so an approve button decides on the
version it showed; the latest decision's note, time and author are kept with it. A
digest is one row per (period, destination), sent once like a reminder.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("review_note", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", storage.types.UTCDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column("reviewed_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_pledge_reviewed_by_pledger", "pledger",
                                    ["reviewed_by"], ["id"])
    op.create_table(
        "digest_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("destination", sqlmodel.sql.sqltypes.AutoString(length=200),
                  nullable=False),
        sa.Column("since", storage.types.UTCDateTime(), nullable=False),
        sa.Column("due_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("claimed_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("claimed_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("sent_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("period", "destination"),
    )
    op.create_index(op.f("ix_digest_outbox_status"), "digest_outbox", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_digest_outbox_status"), table_name="digest_outbox")
    op.drop_table("digest_outbox")
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.drop_constraint("fk_pledge_reviewed_by_pledger", type_="foreignkey")
        batch_op.drop_column("reviewed_by")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("review_note")
        batch_op.drop_column("revision")
