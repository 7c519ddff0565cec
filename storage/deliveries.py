"""Inbound deliveries already handled, with the replies they caused until those are sent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from storage.models import ProcessedDelivery


def find_delivery(session: Session, channel: str, delivery_id: str) -> ProcessedDelivery | None:
    return session.exec(select(ProcessedDelivery).where(
        ProcessedDelivery.channel == channel, ProcessedDelivery.delivery_id == delivery_id,
    )).first()


def claim_delivery(session: Session, channel: str, delivery_id: str) -> ProcessedDelivery | None:
    """The new record of this delivery, or None when another transaction recorded it
    first (a concurrent re-delivery: that one answers)."""
    record = ProcessedDelivery(channel=channel, delivery_id=delivery_id)
    try:
        with session.begin_nested():
            session.add(record)
    except IntegrityError:
        return None
    return record


def keep_replies(session: Session, record: ProcessedDelivery,
                 replies: list[dict[str, Any]]) -> None:
    record.replies = replies
    session.add(record)


def mark_delivered(session: Session, channel: str, delivery_id: str, at: datetime) -> None:
    """The replies reached the platform: forget them, keep the id."""
    record = find_delivery(session, channel, delivery_id)
    if record is not None:
        record.delivered_at = at
        record.replies = []
        session.add(record)


def forget_deliveries(session: Session, before: datetime) -> int:
    """Ids older than any platform re-delivers (Telegram and Slack give up within hours)
    are no longer needed."""
    result = session.exec(delete(ProcessedDelivery).where(
        col(ProcessedDelivery.processed_at) < before,
        col(ProcessedDelivery.delivered_at).is_not(None)))
    return result.rowcount
