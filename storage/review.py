"""The secretariat's queries: the review queue, finding pledges, what needs attention.
Each returns at most `limit` rows plus the full count, so a long queue costs a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, or_, select

from storage.models import Organization, Pledge, Pledger, ReminderOutbox
from vocabulary import OutboxStatus, PledgeStatus

UNDELIVERED = (OutboxStatus.UNCERTAIN, OutboxStatus.FAILED, OutboxStatus.UNREACHABLE)


@dataclass(frozen=True)
class ReviewRow:
    pledge: Pledge
    organization: Organization
    pledger: Pledger
    reviewer: Pledger | None = None


def review_rows(session: Session, pledges: Sequence[Pledge]) -> list[ReviewRow]:
    rows = []
    for pledge in pledges:
        reviewer = session.get(Pledger, pledge.reviewed_by) if pledge.reviewed_by else None
        rows.append(ReviewRow(pledge, session.get_one(Organization, pledge.organization_id),
                              session.get_one(Pledger, pledge.pledger_id), reviewer))
    return rows


def review_queue(session: Session, limit: int) -> tuple[list[ReviewRow], int]:
    """Submitted pledges, the longest waiting first."""
    waiting = col(Pledge.status) == PledgeStatus.SUBMITTED
    total = session.exec(select(func.count()).select_from(Pledge).where(waiting)).one()
    pledges = session.exec(select(Pledge).where(waiting)
                           .order_by(col(Pledge.updated_at), col(Pledge.id)).limit(limit))
    return review_rows(session, list(pledges)), total


def find_pledges(session: Session, query: str, limit: int) -> tuple[list[ReviewRow], int]:
    """A reference (any case), or pledges whose title or organization contains the
    words, the newest first."""
    exact = session.exec(select(Pledge).where(
        func.upper(col(Pledge.reference)) == query.strip().upper())).first()
    if exact is not None:
        return review_rows(session, [exact]), 1
    conditions = [or_(func.lower(col(Pledge.title)).contains(word),
                      func.lower(col(Organization.name)).contains(word))
                  for word in query.casefold().split()]
    base = select(Pledge).join(Organization, col(Organization.id) == col(Pledge.organization_id))\
        .where(*conditions)
    total = session.exec(select(func.count()).select_from(base.subquery())).one()
    pledges = session.exec(base.order_by(col(Pledge.submitted_at).desc(), col(Pledge.id).desc())
                           .limit(limit))
    return review_rows(session, list(pledges)), total


def locked_pledge(session: Session, reference: str) -> Pledge | None:
    """The pledge, locked for a decision: two members deciding at once take turns, and
    the second sees the first's decision."""
    return session.exec(select(Pledge).where(col(Pledge.reference) == reference)
                        .with_for_update()).first()


@dataclass(frozen=True)
class AttentionRow:
    kind: str
    pledge: Pledge
    organization: Organization
    pledger: Pledger
    since: datetime


def attention(session: Session, limit: int) -> tuple[list[AttentionRow], int]:
    """Overdue pledges (by their last reminder) and reminders that did not surely
    arrive, the oldest first."""
    overdue = (select(Pledge, Organization, Pledger, col(Pledge.next_reminder_at))
               .join(Organization, col(Organization.id) == col(Pledge.organization_id))
               .join(Pledger, col(Pledger.id) == col(Pledge.pledger_id))
               .where(col(Pledge.overdue).is_(True),
                      col(Pledge.status) == PledgeStatus.APPROVED))
    undelivered = (select(ReminderOutbox, Pledge, Organization, Pledger)
                   .join(Pledge, col(Pledge.id) == col(ReminderOutbox.pledge_id))
                   .join(Organization, col(Organization.id) == col(Pledge.organization_id))
                   .join(Pledger, col(Pledger.id) == col(Pledge.pledger_id))
                   .where(col(ReminderOutbox.status).in_(UNDELIVERED)))
    total = session.exec(select(func.count()).select_from(overdue.subquery())).one() + \
        session.exec(select(func.count()).select_from(undelivered.subquery())).one()
    rows = [AttentionRow("overdue", p, o, who, p.last_reported_at or p.submitted_at)
            for p, o, who, _ in session.exec(overdue.order_by(col(Pledge.id)).limit(limit))]
    rows += [AttentionRow(r.status, p, o, who, r.claimed_at or r.due_at)
             for r, p, o, who in session.exec(undelivered.order_by(col(ReminderOutbox.due_at))
                                             .limit(limit))]
    rows.sort(key=lambda row: row.since)
    return rows[:limit], total
