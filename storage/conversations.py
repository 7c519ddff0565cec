"""Conversation state rows, one per (channel, user)."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import Conversation


def load_conversation(session: Session, channel: str, external_user_id: str) -> Conversation | None:
    """Locks the row on PostgreSQL, so two processes that receive two messages of the same
    user at once take turns instead of overwriting each other's answers."""
    return session.exec(
        select(Conversation)
        .where(Conversation.channel == channel, Conversation.external_user_id == external_user_id)
        .with_for_update()
    ).first()
