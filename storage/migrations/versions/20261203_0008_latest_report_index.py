"""Index progress reports by pledge and date, replacing the index on pledge_id alone.

The annual report, the exports and a pledger's list each want every pledge's latest
report (dated before some moment). With (pledge_id, reported_at, id) that is one index
seek a pledge; with pledge_id alone the database sorted each pledge's reports, or all
reports at once in a window function, which made the annual figures and the exports
over 100,000 pledges take seconds each (bench/reports.py). The new index starts with
pledge_id, so everything the old one served it serves too.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 19:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("progress_report", schema=None) as batch_op:
        batch_op.create_index("ix_progress_report_latest",
                              ["pledge_id", "reported_at", "id"], unique=False)
        batch_op.drop_index(batch_op.f("ix_progress_report_pledge_id"))


def downgrade() -> None:
    with op.batch_alter_table("progress_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_progress_report_pledge_id"), ["pledge_id"],
                              unique=False)
        batch_op.drop_index("ix_progress_report_latest")
