"""Pledgers (chat identities) and their organizations."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import Organization, Pledger


def get_or_create_pledger(session: Session, channel: str, external_id: str,
                          display_name: str, language: str,
                          time_zone: str | None = None) -> Pledger:
    """The pledger behind a chat identity; someone who writes is reachable again. A time
    zone the platform knows fills in one not yet known."""
    pledger = session.exec(
        select(Pledger).where(Pledger.channel == channel, Pledger.external_id == external_id)
    ).first()
    if pledger is None:
        pledger = Pledger(channel=channel, external_id=external_id,
                          display_name=display_name, language=language, time_zone=time_zone)
        session.add(pledger)
        session.flush()
        return pledger
    if pledger.unreachable or (time_zone and not pledger.time_zone):
        pledger.unreachable = False
        pledger.time_zone = pledger.time_zone or time_zone
        session.add(pledger)
    return pledger


def organization_key(name: str) -> str:
    """`ACME  Telecom` and `acme telecom` are the same organization."""
    return " ".join(name.casefold().split())


def find_or_create_organization(session: Session, name: str, sector: str,
                                country: str) -> tuple[Organization, bool]:
    """The organization by that name, or a new one; True when it was created."""
    key = organization_key(name)
    existing = session.exec(select(Organization).where(Organization.name_key == key)).first()
    if existing is not None:
        return existing, False
    organization = Organization(name=name, name_key=key, sector=sector, country=country)
    session.add(organization)
    session.flush()
    return organization, True


def mark_unreachable(session: Session, channel: str, external_id: str) -> None:
    """The platform refuses to deliver to this person (blocked bot, deactivated user):
    stop trying until they write again."""
    pledger = session.exec(
        select(Pledger).where(Pledger.channel == channel, Pledger.external_id == external_id)
    ).first()
    if pledger is not None:
        pledger.unreachable = True
        session.add(pledger)
