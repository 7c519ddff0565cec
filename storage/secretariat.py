"""Who belongs to the secretariat, as stored (`p2c-bot secretariat add`): a chat
identity whose pledger row has the secretariat role. Members named in settings are
added to these by the bot; neither list is trusted from a client."""

from __future__ import annotations

from sqlmodel import Session, col, select

from storage.models import Pledger
from storage.upserts import insert_if_absent
from vocabulary import Role


def grant(session: Session, channel: str, external_id: str) -> bool:
    """Makes the identity a member (its pledger row is created if it never wrote);
    False when it already was one."""
    insert_if_absent(session, Pledger(channel=channel, external_id=external_id),
                     ["channel", "external_id"])
    pledger = _identity(session, channel, external_id)
    assert pledger is not None, "the pledger row exists once inserted"
    if pledger.role == Role.SECRETARIAT:
        return False
    pledger.role = Role.SECRETARIAT
    session.add(pledger)
    return True


def revoke(session: Session, channel: str, external_id: str) -> bool:
    """False when the identity was not a stored member."""
    pledger = _identity(session, channel, external_id)
    if pledger is None or pledger.role != Role.SECRETARIAT:
        return False
    pledger.role = Role.PLEDGER
    session.add(pledger)
    return True


def stored_members(session: Session) -> list[Pledger]:
    return list(session.exec(select(Pledger).where(col(Pledger.role) == Role.SECRETARIAT)
                             .order_by(col(Pledger.channel), col(Pledger.external_id))))


def _identity(session: Session, channel: str, external_id: str) -> Pledger | None:
    return session.exec(select(Pledger).where(col(Pledger.channel) == channel,
                                              col(Pledger.external_id) == external_id)).first()
