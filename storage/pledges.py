"""Pledges with their countries of implementation and partners."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TypeVar

from sqlmodel import Session, col, delete, select

from storage.models import Pledge, PledgeCountry, PledgePartner, ProgressReport, saved_id

T = TypeVar("T")


def reference_for(pledge: Pledge) -> str:
    """`P2C-2026-00042`: the year of submission and the row's number, so references are
    unique without a counter that concurrent processes would have to share."""
    return f"P2C-{pledge.submitted_at.year}-{pledge.id:05d}"


def stored_reference(pledge: Pledge) -> str:
    """The reference of a pledge that is stored (it gets one when added)."""
    if pledge.reference is None:
        raise ValueError("the pledge is not stored yet")
    return pledge.reference


def add_pledge(session: Session, pledge: Pledge, countries: Sequence[str],
               partners: Sequence[str]) -> Pledge:
    session.add(pledge)
    session.flush()
    pledge.reference = reference_for(pledge)
    _replace_links(session, pledge, countries, partners)
    session.flush()
    return pledge


def replace_links(session: Session, pledge: Pledge, countries: Sequence[str],
                  partners: Sequence[str]) -> None:
    session.exec(delete(PledgeCountry).where(col(PledgeCountry.pledge_id) == pledge.id))
    session.exec(delete(PledgePartner).where(col(PledgePartner.pledge_id) == pledge.id))
    _replace_links(session, pledge, countries, partners)
    session.flush()


def _replace_links(session: Session, pledge: Pledge, countries: Sequence[str],
                   partners: Sequence[str]) -> None:
    session.add_all(PledgeCountry(pledge_id=saved_id(pledge), country=c) for c in countries)
    session.add_all(PledgePartner(pledge_id=saved_id(pledge), position=i, name=name)
                    for i, name in enumerate(partners))


def fill_missing_usd(session: Session,
                     to_usd: Callable[[Decimal, str], Decimal | None]) -> int:
    """Pledges saved without a US dollar figure (no rate for their currency then) get
    one where `to_usd` now knows the rate; how many did."""
    filled = 0
    for pledge in session.exec(select(Pledge).where(
            col(Pledge.amount_usd).is_(None), col(Pledge.amount).is_not(None),
            col(Pledge.currency).is_not(None))):
        assert pledge.amount is not None, "selected with an amount"
        assert pledge.currency is not None, "selected with a currency"
        usd = to_usd(pledge.amount, pledge.currency)
        if usd is not None:
            pledge.amount_usd = usd
            session.add(pledge)
            filled += 1
    return filled


def pledge_by_reference(session: Session, reference: str) -> Pledge | None:
    return session.exec(select(Pledge).where(Pledge.reference == reference)).first()


def pledges_of_organization(session: Session, organization_id: int) -> list[Pledge]:
    """What every member of the organization sees, edits and reports on."""
    return list(session.exec(
        select(Pledge).where(Pledge.organization_id == organization_id)
        .order_by(col(Pledge.id))))


def pledges_of_pledger(session: Session, pledger_id: int) -> list[Pledge]:
    return list(session.exec(
        select(Pledge).where(Pledge.pledger_id == pledger_id).order_by(col(Pledge.id))
    ))


def countries_of(session: Session, pledge_ids: Sequence[int]) -> dict[int, list[str]]:
    """Countries of implementation per pledge, in code order."""
    rows = session.exec(select(PledgeCountry.pledge_id, PledgeCountry.country)
                        .where(col(PledgeCountry.pledge_id).in_(pledge_ids))
                        .order_by(col(PledgeCountry.country)))
    return _grouped(pledge_ids, rows)


def partners_of(session: Session, pledge_ids: Sequence[int]) -> dict[int, list[str]]:
    """Partner names per pledge, in the order the pledger gave them."""
    rows = session.exec(select(PledgePartner.pledge_id, PledgePartner.name)
                        .where(col(PledgePartner.pledge_id).in_(pledge_ids))
                        .order_by(col(PledgePartner.position)))
    return _grouped(pledge_ids, rows)


def reports_of(session: Session, pledge_ids: Sequence[int]) -> dict[int, list[ProgressReport]]:
    """Progress reports per pledge, oldest first."""
    rows = session.exec(select(ProgressReport).where(col(ProgressReport.pledge_id).in_(pledge_ids))
                        .order_by(col(ProgressReport.reported_at)))
    return _grouped(pledge_ids, ((row.pledge_id, row) for row in rows))


def _grouped(pledge_ids: Sequence[int], rows: Iterable[tuple[int, T]]) -> dict[int, list[T]]:
    found: dict[int, list[T]] = {i: [] for i in pledge_ids}
    for pledge_id, value in rows:
        found[pledge_id].append(value)
    return found
