"""Initial schema: organizations, pledgers, pledges, conversations, reports, audit.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 04:34:29.385168
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "conversation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("external_user_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("flow", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("history", sa.JSON(), nullable=False),
        sa.Column("editing", sa.Boolean(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("expires_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "external_user_id"),
    )
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversation_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("name_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("sector", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("country", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organization_name_key"), ["name_key"], unique=True)

    op.create_table(
        "pledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("display_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("time_zone", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("unreachable", sa.Boolean(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("channel", "external_id"),
    )
    with op.batch_alter_table("pledger", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledger_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("actor_pledger_id", sa.Integer(), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("entity_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_pledger_id"],
            ["pledger.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_event_at"), ["at"], unique=False)

    op.create_table(
        "pledge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("pledger_id", sa.Integer(), nullable=False),
        sa.Column("focus_area", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("pillar", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("pledge_type", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("is_global", sa.Boolean(), nullable=False),
        sa.Column("targets_ldc", sa.Boolean(), nullable=False),
        sa.Column("targets_lldc", sa.Boolean(), nullable=False),
        sa.Column("targets_sids", sa.Boolean(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("currency", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True),
        sa.Column("amount_usd", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("beneficiary_groups", sa.JSON(), nullable=False),
        sa.Column("sdgs", sa.JSON(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("submitted_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pledger_id"],
            ["pledger.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledge_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_pledge_pledger_id"), ["pledger_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledge_reference"), ["reference"], unique=True)
        batch_op.create_index(batch_op.f("ix_pledge_status"), ["status"], unique=False)

    op.create_table(
        "pledge_country",
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("country", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledge.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pledge_id", "country"),
    )
    with op.batch_alter_table("pledge_country", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pledge_country_country"), ["country"], unique=False)

    op.create_table(
        "pledge_partner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledge.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("pledge_partner", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_pledge_partner_pledge_id"), ["pledge_id"], unique=False
        )

    op.create_table(
        "progress_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("pledger_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("percent_done", sa.Integer(), nullable=True),
        sa.Column("amount_disbursed", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("people_reached", sa.Integer(), nullable=True),
        sa.Column("beneficiary_groups", sa.JSON(), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("evidence_url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("reported_at", storage.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["pledge.id"],
        ),
        sa.ForeignKeyConstraint(
            ["pledger_id"],
            ["pledger.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("progress_report", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_progress_report_pledge_id"), ["pledge_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_progress_report_reported_at"), ["reported_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("progress_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_progress_report_reported_at"))
        batch_op.drop_index(batch_op.f("ix_progress_report_pledge_id"))

    op.drop_table("progress_report")
    with op.batch_alter_table("pledge_partner", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_partner_pledge_id"))

    op.drop_table("pledge_partner")
    with op.batch_alter_table("pledge_country", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_country_country"))

    op.drop_table("pledge_country")
    with op.batch_alter_table("pledge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledge_status"))
        batch_op.drop_index(batch_op.f("ix_pledge_reference"))
        batch_op.drop_index(batch_op.f("ix_pledge_pledger_id"))
        batch_op.drop_index(batch_op.f("ix_pledge_organization_id"))

    op.drop_table("pledge")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_event_at"))

    op.drop_table("audit_event")
    with op.batch_alter_table("pledger", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledger_organization_id"))

    op.drop_table("pledger")
    with op.batch_alter_table("organization", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organization_name_key"))

    op.drop_table("organization")
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversation_expires_at"))

    op.drop_table("conversation")
