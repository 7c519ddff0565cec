"""Remembering which inbound deliveries were handled, so a re-delivery does nothing."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage.models import ProcessedDelivery


def claim_delivery(session: Session, channel: str, delivery_id: str) -> bool:
    """True the first time; False when this delivery was already handled (or is being
    handled by another process, which then wins)."""
    try:
        with session.begin_nested():
            session.add(ProcessedDelivery(channel=channel, delivery_id=delivery_id))
    except IntegrityError:
        return False
    return True
