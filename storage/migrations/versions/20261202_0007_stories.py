"""Best-practice stories and their files.

A pledger tells a story about one of their approved pledges; the secretariat approves
it for the showcase or rejects it with a reason. A story's photos and documents are
kept on disk under the stories directory, named by their checksum: the table keeps the
checksum, the type their bytes show, the size, and a display name that is never a path.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import storage.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "story",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Integer(), nullable=False),
        sa.Column("pledger_id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("submitted_at", storage.types.UTCDateTime(), nullable=False),
        sa.Column("reviewed_at", storage.types.UTCDateTime(), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["pledge_id"], ["pledge.id"]),
        sa.ForeignKeyConstraint(["pledger_id"], ["pledger.id"]),
        sa.ForeignKeyConstraint(["reviewed_by"], ["pledger.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_story_pledge_id"), "story", ["pledge_id"])
    op.create_index(op.f("ix_story_status"), "story", ["status"])
    op.create_index(op.f("ix_story_reviewed_at"), "story", ["reviewed_at"])
    op.create_table(
        "story_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("media_type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("stored_as", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.ForeignKeyConstraint(["story_id"], ["story.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("story_id", "position"),
    )
    op.create_index(op.f("ix_story_file_story_id"), "story_file", ["story_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_story_file_story_id"), table_name="story_file")
    op.drop_table("story_file")
    op.drop_index(op.f("ix_story_reviewed_at"), table_name="story")
    op.drop_index(op.f("ix_story_status"), table_name="story")
    op.drop_index(op.f("ix_story_pledge_id"), table_name="story")
    op.drop_table("story")
