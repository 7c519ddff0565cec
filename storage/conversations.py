"""Conversation state rows, one per (channel, user)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from storage.models import Conversation
from storage.upserts import insert_if_absent


def load_conversation(session: Session, channel: str, external_user_id: str) -> Conversation | None:
    return session.exec(
        select(Conversation)
        .where(Conversation.channel == channel, Conversation.external_user_id == external_user_id)
        .with_for_update()
    ).first()


def lock_conversation(session: Session, channel: str, external_user_id: str,
                      now: datetime) -> Conversation:
    """The user's conversation row, created if need be, and locked for the rest of the
    transaction: one user's turns take turns (on PostgreSQL by this row lock, on SQLite
    by the write lock every transaction takes), whatever process serves them."""
    record = load_conversation(session, channel, external_user_id)
    if record is None:
        insert_if_absent(session, Conversation(channel=channel, external_user_id=external_user_id,
                                               expires_at=now),
                         ["channel", "external_user_id"])
        record = load_conversation(session, channel, external_user_id)
        assert record is not None, "a conversation row exists once inserted"
    return record
