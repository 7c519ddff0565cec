"""Processed deliveries: inbound update and event ids already handled.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 04:47:18.355735
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "processed_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("delivery_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("processed_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("replies", sa.JSON(), nullable=False),
        sa.Column("delivered_at", storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "delivery_id"),
    )
    with op.batch_alter_table("processed_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_processed_delivery_processed_at"), ["processed_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("processed_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processed_delivery_processed_at"))

    op.drop_table("processed_delivery")
