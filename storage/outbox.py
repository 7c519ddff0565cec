"""The outboxes: enqueueing is idempotent per (pledge, period, kind) for reminders and
per (period, destination) for digests, and claiming is atomic (`FOR UPDATE SKIP LOCKED`
on PostgreSQL), so any number of workers send each row once. SQLite has no row locks:
there, one worker is the documented limit. Claiming, the lease checks and the statuses
are the same for both tables (`table=`)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import aliased
from sqlmodel import Session, and_, col, func, or_, select, update
from sqlmodel.sql.expression import Select

from storage.models import DigestOutbox, Pledge, Pledger, ReminderOutbox
from vocabulary import REMINDED_STATUSES, OutboxStatus, ReminderKind

OutboxTable = type[ReminderOutbox] | type[DigestOutbox]
PENDING, CLAIMED, SENDING = OutboxStatus.PENDING, OutboxStatus.CLAIMED, OutboxStatus.SENDING
SENT, FAILED, UNCERTAIN = OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.UNCERTAIN


def due_pledges(session: Session, now: datetime, limit: int) -> list[tuple[Pledge, Pledger]]:
    """Pledges whose next reminder is due, locked so that two workers planning at once
    take different ones."""
    return list(session.exec(due_query(now, limit)))


def due_query(now: datetime, limit: int) -> Select[Pledge, Pledger]:
    """Served by the index on next_reminder_at, so its cost follows the number due, not
    the number of pledges (a test checks the plan)."""
    return (select(Pledge, Pledger).join(Pledger, col(Pledge.pledger_id) == col(Pledger.id))
            .where(col(Pledge.next_reminder_at) <= now, col(Pledger.unreachable).is_(False),
                   col(Pledge.status).in_(REMINDED_STATUSES),
                   col(Pledge.reminders_paused).is_(False))
            .order_by(col(Pledge.next_reminder_at)).limit(limit)
            .with_for_update(skip_locked=True, of=Pledge))


def enqueue(session: Session, pledge_id: int, period: str, kind: ReminderKind,
            due_at: datetime) -> None:
    """Adds the row unless it exists: a second enqueue of the same reminder is a no-op."""
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(ReminderOutbox).values(
        pledge_id=pledge_id, period=period, kind=kind, due_at=due_at, status=PENDING,
        attempts=0).on_conflict_do_nothing(index_elements=["pledge_id", "period", "kind"])
    session.exec(statement)


def awaiting_follow_up(session: Session, sent_before: datetime,
                       limit: int) -> list[tuple[ReminderOutbox, Pledge]]:
    """Reminders sent before `sent_before`, unanswered, with no follow-up yet."""
    follow_up = aliased(ReminderOutbox)
    already = (select(follow_up.id)
               .where(follow_up.pledge_id == ReminderOutbox.pledge_id,
                      follow_up.period == ReminderOutbox.period,
                      follow_up.kind == ReminderKind.FOLLOW_UP)
               .exists())
    return _unanswered(session, ReminderKind.REMINDER, sent_before, limit, ~already)


def awaiting_overdue(session: Session, sent_before: datetime,
                     limit: int) -> list[tuple[ReminderOutbox, Pledge]]:
    """Follow-ups sent before `sent_before`, unanswered, whose pledge is not yet overdue."""
    return _unanswered(session, ReminderKind.FOLLOW_UP, sent_before, limit,
                      col(Pledge.overdue).is_(False))


def _unanswered(session: Session, kind: ReminderKind, sent_before: datetime, limit: int,
                condition: Any) -> list[tuple[ReminderOutbox, Pledge]]:
    """Rows of `kind` sent before `sent_before` with no report since, for pledges still
    being reminded."""
    query = (select(ReminderOutbox, Pledge)
             .join(Pledge, col(ReminderOutbox.pledge_id) == col(Pledge.id))
             .where(col(ReminderOutbox.kind) == kind, col(ReminderOutbox.status) == SENT,
                    col(ReminderOutbox.sent_at) <= sent_before,
                    col(Pledge.reminders_paused).is_(False),
                    col(Pledge.status).in_(REMINDED_STATUSES),
                    or_(col(Pledge.last_reported_at).is_(None),
                        col(Pledge.last_reported_at) < col(ReminderOutbox.sent_at)),
                    condition)
             .order_by(col(ReminderOutbox.sent_at)).limit(limit))
    return list(session.exec(query))


def claim(session: Session, worker: str, now: datetime, lease: timedelta,
          limit: int, *, table: OutboxTable = ReminderOutbox) -> list[Any]:
    """Due rows nobody holds (or whose holder's lease ran out before it began sending),
    taken for this worker."""
    query = (select(table)
             .where(col(table.due_at) <= now,
                    or_(col(table.status) == PENDING,
                        and_(col(table.status) == CLAIMED,
                             col(table.claimed_at) < now - lease)))
             .order_by(col(table.due_at), col(table.id)).limit(limit)
             .with_for_update(skip_locked=True))
    rows: list[Any] = list(session.exec(query))
    for row in rows:
        row.status, row.claimed_by, row.claimed_at = CLAIMED, worker, now
        row.attempts += 1
        session.add(row)
    return rows


def settle_abandoned(session: Session, now: datetime, lease: timedelta, *,
                     table: OutboxTable = ReminderOutbox) -> int:
    """Rows a dead worker left mid-send: the platform may or may not have the message.
    They are not sent again (never twice); they are marked for the secretariat to see."""
    result = session.exec(
        update(table)
        .where(col(table.status) == SENDING, col(table.claimed_at) < now - lease)
        .values(status=UNCERTAIN, error="worker stopped while sending"))
    return result.rowcount


def begin_sending(session: Session, row_id: int, worker: str, now: datetime,
                  lease: timedelta, *, table: OutboxTable = ReminderOutbox) -> bool:
    """Marks the row `sending` if this worker still holds it: claimed by it, not yet
    sending, its lease not run out (else another worker may have re-claimed it). False
    means the row is not this worker's to send."""
    result = session.exec(
        update(table)
        .where(col(table.id) == row_id, col(table.claimed_by) == worker,
               col(table.status) == CLAIMED, col(table.claimed_at) >= now - lease)
        .values(status=SENDING, claimed_at=now))
    return bool(result.rowcount)


def release(session: Session, row_ids: list[int], worker: str) -> int:
    """Gives back rows this worker claimed but will not send (it is stopping), so another
    worker takes them at once instead of after the lease."""
    if not row_ids:
        return 0
    result = session.exec(
        update(ReminderOutbox)
        .where(col(ReminderOutbox.id).in_(row_ids), col(ReminderOutbox.claimed_by) == worker,
               col(ReminderOutbox.status) == CLAIMED)
        .values(status=PENDING, claimed_by=None, claimed_at=None,
                attempts=col(ReminderOutbox.attempts) - 1))
    return result.rowcount


def set_status(session: Session, row_id: int, status: OutboxStatus, *, at: datetime | None = None,
               error: str | None = None, table: OutboxTable = ReminderOutbox) -> None:
    values: dict[str, Any] = {"status": status, "error": error}
    if status == SENT:
        values["sent_at"] = at
    session.exec(update(table).where(col(table.id) == row_id).values(**values))


def retry_or_fail(session: Session, row_id: int, error: str, max_attempts: int, *,
                  table: OutboxTable = ReminderOutbox) -> None:
    """A send that failed for a passing reason goes back in the queue, a few times."""
    row: Any = session.get_one(table, row_id)
    row.status = PENDING if row.attempts < max_attempts else FAILED
    row.error = error
    session.add(row)


def unfinished(session: Session) -> int:
    """Rows still to be sent or being sent, in both outboxes: what `worker --until-idle`
    waits for."""
    return sum(session.exec(select(func.count()).select_from(table).where(
        col(table.status).in_((PENDING, CLAIMED, SENDING)))).one()
        for table in (ReminderOutbox, DigestOutbox))
