"""Inbound deliveries already handled, with the replies they caused until those are sent.

Platforms deliver at least once. The transaction that records a delivery decides who
sends its replies: the process that answered it, or — only when that one is known to
have failed, or has been silent for a while (`ABANDONED_AFTER` unless configured) — the
process that takes it over for a re-delivery. A retry racing the original therefore
never posts the replies twice."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Any

from sqlmodel import Session, and_, col, delete, or_, select, update

from storage.models import ProcessedDelivery
from storage.upserts import insert_if_absent
from vocabulary import DeliveryStatus

ABANDONED_AFTER = timedelta(seconds=30)
"""Replies not confirmed sent this long after their turn are taken to be lost with the
process that was sending them (a send takes well under a second)."""


class Earlier(Enum):
    """What a re-delivery finds of the first delivery of the same id."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    RESEND = "resend"


def find_delivery(session: Session, channel: str, delivery_id: str) -> ProcessedDelivery | None:
    return session.exec(select(ProcessedDelivery).where(
        ProcessedDelivery.channel == channel, ProcessedDelivery.delivery_id == delivery_id,
    )).first()


def claim_delivery(session: Session, channel: str, delivery_id: str, now: datetime) -> bool:
    """Records the delivery as being answered by this transaction; False when another
    transaction recorded it first."""
    return insert_if_absent(session, ProcessedDelivery(
        channel=channel, delivery_id=delivery_id, processed_at=now,
        status=DeliveryStatus.ANSWERED, attempt_at=now), ["channel", "delivery_id"])


def take_over(session: Session, record: ProcessedDelivery, now: datetime,
              abandoned_after: timedelta = ABANDONED_AFTER) -> Earlier:
    """Whether a re-delivery should send the kept replies: only when no one else is (the
    first attempt failed, or has been silent for `abandoned_after`), and then this one
    takes the sending over."""
    if record.status == DeliveryStatus.DELIVERED:
        return Earlier.DONE
    result = session.exec(
        update(ProcessedDelivery)
        .where(col(ProcessedDelivery.id) == record.id,
               or_(col(ProcessedDelivery.status) == DeliveryStatus.UNSENT,
                   and_(col(ProcessedDelivery.status) == DeliveryStatus.ANSWERED,
                        col(ProcessedDelivery.attempt_at) < now - abandoned_after)))
        .values(status=DeliveryStatus.ANSWERED, attempt_at=now))
    return Earlier.RESEND if result.rowcount else Earlier.IN_PROGRESS


def keep_replies(session: Session, channel: str, delivery_id: str,
                 replies: list[dict[str, Any]], notice: str | None) -> None:
    session.exec(update(ProcessedDelivery)
                 .where(col(ProcessedDelivery.channel) == channel,
                        col(ProcessedDelivery.delivery_id) == delivery_id)
                 .values(replies=replies, notice=notice))


def mark_delivered(session: Session, channel: str, delivery_id: str, at: datetime) -> None:
    """The replies reached the platform: forget them, keep the id."""
    session.exec(update(ProcessedDelivery)
                 .where(col(ProcessedDelivery.channel) == channel,
                        col(ProcessedDelivery.delivery_id) == delivery_id)
                 .values(status=DeliveryStatus.DELIVERED, delivered_at=at, replies=[]))


def mark_unsent(session: Session, channel: str, delivery_id: str) -> None:
    """Sending the replies failed for sure: the platform's re-delivery sends them."""
    session.exec(update(ProcessedDelivery)
                 .where(col(ProcessedDelivery.channel) == channel,
                        col(ProcessedDelivery.delivery_id) == delivery_id,
                        col(ProcessedDelivery.status) == DeliveryStatus.ANSWERED)
                 .values(status=DeliveryStatus.UNSENT))


def forget_deliveries(session: Session, before: datetime) -> int:
    """Ids older than any platform re-delivers (Telegram and Slack give up within hours)
    are no longer needed."""
    result = session.exec(delete(ProcessedDelivery).where(
        col(ProcessedDelivery.processed_at) < before,
        col(ProcessedDelivery.delivered_at).is_not(None)))
    return result.rowcount
