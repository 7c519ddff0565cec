"""The digest outbox's own queries: adding a row once per (period, destination), and
where a destination's last digest ended. Claiming and sending go through
`storage.outbox` with `table=DigestOutbox`."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from storage.models import DigestOutbox
from storage.upserts import insert_if_absent
from vocabulary import OutboxStatus


def enqueue(session: Session, period: str, destination: str, since: datetime,
            due_at: datetime) -> bool:
    """True when this call added the row; planning it again, anywhere, adds nothing."""
    return insert_if_absent(session, DigestOutbox(
        period=period, destination=destination, since=since, due_at=due_at,
        status=OutboxStatus.PENDING, attempts=0), ["period", "destination"])


MANUAL = "manual:"
"""The period prefix of a digest asked for with /digest, outside the schedule."""


def last_until(session: Session, destination: str) -> datetime | None:
    """Where the destination's latest scheduled digest ended (a failed one did not
    arrive, so the next covers its time too; one asked for by hand moves nothing)."""
    until: datetime | None = session.exec(
        select(func.max(col(DigestOutbox.due_at))).where(
            col(DigestOutbox.destination) == destination,
            col(DigestOutbox.status) != OutboxStatus.FAILED,
            ~col(DigestOutbox.period).startswith(MANUAL))).one()
    return until


def row(session: Session, row_id: int) -> DigestOutbox:
    return session.get_one(DigestOutbox, row_id)
