"""Versioned conversations and deliveries whose sending is decided once.

A conversation counts its changes (`version`), so a button can say which question
showed it, and keeps the press that last moved it on (`last_press`) to answer a double
tap the same way. A delivery says who is sending its replies (`status`, `attempt_at`),
so a platform's retry never posts them a second time, and a notice for the press.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False,
                                      server_default="0"))
        batch_op.add_column(sa.Column("last_press", sa.JSON(), nullable=True))
    with op.batch_alter_table("processed_delivery", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20),
                                      nullable=False, server_default="unsent"))
        batch_op.add_column(sa.Column("attempt_at", storage.types.UTCDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column("notice", sa.Text(), nullable=True))
    op.execute("UPDATE processed_delivery SET status = 'delivered' "
               "WHERE delivered_at IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("processed_delivery", schema=None) as batch_op:
        batch_op.drop_column("notice")
        batch_op.drop_column("attempt_at")
        batch_op.drop_column("status")
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_column("last_press")
        batch_op.drop_column("version")
