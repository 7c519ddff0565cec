"""What a digest says, read from the database: every figure an SQL aggregation, the
lists bounded (the attached workbook has every new pledge)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot.flows.desk_model import Digest, NewPledge, StoryInDigest, TimelinePoint
from bot.flows.desk_views import ATTENTION_SHOWN
from bot.flows.digest_views import NEW_SHOWN, QUEUE_LISTED
from bot.secretariat.entries import attention_item, figures_now, review_entry
from storage import digests, figures, review
from storage.pledges import stored_reference
from storage.stories import approved_stories

MANUAL_LOOKBACK = timedelta(days=7)
NEW_IN_WORKBOOK = 5000
"""New pledges listed in the digest's workbook; a longer list is an export's job."""


def build_digest(session: Session, since: datetime, until: datetime, now: datetime, *,
                 late: bool = False, new_limit: int = NEW_SHOWN) -> Digest:
    found, new_total = figures.new_pledges(session, since, until, new_limit)
    queue, _ = review.review_queue(session, QUEUE_LISTED)
    attention, attention_total = review.attention(session, ATTENTION_SHOWN)
    return Digest(
        since=since, until=until, figures=figures_now(session, now),
        new_pledges=tuple(NewPledge(stored_reference(p), p.title, o.name, p.focus_area,
                                    p.amount_usd, p.amount is not None) for p, o in found),
        new_total=new_total,
        queue=tuple(review_entry(session, row) for row in queue),
        attention=tuple(attention_item(row) for row in attention),
        attention_total=attention_total,
        timeline=tuple(TimelinePoint(t.month, t.focus_area, t.pledges, t.usd)
                       for t in figures.timeline(session)),
        late=late,
        stories=tuple(StoryInDigest(s.title, s.organization, s.pledge_reference)
                      for s in approved_stories(session, since, until)))


def digest_of_row(session: Session, row_since: datetime, row_until: datetime,
                  now: datetime, late: bool) -> Digest:
    return build_digest(session, row_since, row_until, now, late=late,
                        new_limit=NEW_IN_WORKBOOK)


def queue_manual_digest(session: Session, destinations: tuple[str, ...],
                        now: datetime) -> list[str]:
    """/digest: one row per destination, sent by the worker like a scheduled one; it
    covers the time since that destination's last digest."""
    for destination in destinations:
        since = digests.last_until(session, destination) or now - MANUAL_LOOKBACK
        digests.enqueue(session, f"{digests.MANUAL}{now.isoformat()}", destination, since, now)
    return list(destinations)


def digest_now(session: Session, now: datetime) -> Digest:
    """The digest as it would read now, for the member who asked."""
    return build_digest(session, now - MANUAL_LOOKBACK, now, now)
