"""Pledgers (chat identities) and their organizations. Both are created by upsert: the
same person's two first messages, or two people registering one organization, arrive at
once on a busy day."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import Organization, Pledger
from storage.upserts import insert_if_absent


def get_or_create_pledger(session: Session, channel: str, external_id: str,
                          display_name: str, language: str,
                          time_zone: str | None = None) -> Pledger:
    """The pledger behind a chat identity; someone who writes is reachable again. A time
    zone the platform knows fills in one not yet known."""
    pledger = _pledger(session, channel, external_id)
    if pledger is None:
        insert_if_absent(session, Pledger(channel=channel, external_id=external_id,
                                          display_name=display_name, language=language,
                                          time_zone=time_zone), ["channel", "external_id"])
        pledger = _pledger(session, channel, external_id)
        assert pledger is not None, "a pledger row exists once inserted"
    if pledger.unreachable or (time_zone and not pledger.time_zone):
        pledger.unreachable = False
        pledger.time_zone = pledger.time_zone or time_zone
        session.add(pledger)
    return pledger


def _pledger(session: Session, channel: str, external_id: str) -> Pledger | None:
    return session.exec(
        select(Pledger).where(Pledger.channel == channel, Pledger.external_id == external_id)
    ).first()


def organization_key(name: str) -> str:
    """`ACME  Telecom` and `acme telecom` are the same organization."""
    return " ".join(name.casefold().split())


def organization_named(session: Session, name: str) -> Organization | None:
    return session.exec(select(Organization).where(
        Organization.name_key == organization_key(name))).first()


def find_or_create_organization(session: Session, name: str, sector: str,
                                country: str) -> tuple[Organization, bool]:
    """The organization by that name, or a new one; True when it was created."""
    key = organization_key(name)
    created = insert_if_absent(session, Organization(name=name, name_key=key, sector=sector,
                                                     country=country), ["name_key"])
    organization = organization_named(session, name)
    assert organization is not None, "the organization exists once inserted"
    return organization, created


def mark_unreachable(session: Session, channel: str, external_id: str) -> None:
    """The platform refuses to deliver to this person (blocked bot, deactivated user):
    stop trying until they write again."""
    pledger = _pledger(session, channel, external_id)
    if pledger is not None:
        pledger.unreachable = True
        session.add(pledger)
