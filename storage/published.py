"""What the public open-data site may show: approved pledges only, read column by
column so that nothing personal (who pledged, their chat ids, the secretariat's notes
and who reviewed) is ever selected, in batches by id (keyset pagination) so a site of
100k pledges is written without holding them all in memory."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, case, distinct
from sqlalchemy import select as wide_select
from sqlmodel import Session, col, func, select

from storage.models import Organization, Pledge, PledgeCountry, ProgressReport
from storage.pledges import countries_of, partners_of
from vocabulary import PledgeStatus

BATCH = 1000


@dataclass(frozen=True)
class LatestProgress:
    """The pledger's latest self-reported progress: status and share done, no text."""

    status: str
    percent_done: int | None
    reported_at: datetime


@dataclass(frozen=True)
class PublishedPledge:
    """An approved pledge as the public sees it: the pledge and its organization,
    never the person who made it."""

    reference: str
    title: str
    description: str
    organization: str
    sector: str
    organization_country: str
    focus_area: str
    pillar: str
    pledge_type: str
    is_global: bool
    targets_ldc: bool
    targets_lldc: bool
    targets_sids: bool
    amount: Decimal | None
    currency: str | None
    amount_usd: Decimal | None
    beneficiary_groups: list[str]
    sdgs: list[int]
    start_date: date
    end_date: date | None
    approved_at: datetime | None
    countries: list[str]
    partners: list[str]
    progress: LatestProgress | None


@dataclass(frozen=True)
class PublishedTotals:
    """The site's totals before any filter: what its index shows first."""

    pledges: int
    organizations: int
    countries: int
    usd: Decimal
    without_usd: int
    """Pledges with an amount in a currency that has no US dollar rate yet."""


PUBLIC_COLUMNS = (
    col(Pledge.id), col(Pledge.reference), col(Pledge.title), col(Pledge.description),
    col(Organization.name), col(Organization.sector), col(Organization.country),
    col(Pledge.focus_area), col(Pledge.pillar), col(Pledge.pledge_type),
    col(Pledge.is_global), col(Pledge.targets_ldc), col(Pledge.targets_lldc),
    col(Pledge.targets_sids), col(Pledge.amount), col(Pledge.currency),
    col(Pledge.amount_usd), col(Pledge.beneficiary_groups), col(Pledge.sdgs),
    col(Pledge.start_date), col(Pledge.end_date), col(Pledge.reviewed_at))
"""Every column the site reads, named one by one: a column added to the pledge table
later is not published until someone adds it here."""


def published_batches(session: Session, batch: int = BATCH) -> Iterator[list[PublishedPledge]]:
    """Approved pledges in id order, `batch` at a time."""
    after = 0
    while True:
        statement: Select[*tuple[Any, ...]] = (
            wide_select(*PUBLIC_COLUMNS)
            .join(Organization, col(Organization.id) == col(Pledge.organization_id))
            .where(col(Pledge.status) == PledgeStatus.APPROVED, col(Pledge.id) > after)
            .order_by(col(Pledge.id)).limit(batch))
        rows = list(session.connection().execute(statement))
        if not rows:
            return
        ids = [int(row[0]) for row in rows]
        countries, partners = countries_of(session, ids), partners_of(session, ids)
        progress = latest_progress(session, ids)
        yield [PublishedPledge(
            reference=reference, title=title, description=description,
            organization=organization, sector=sector, organization_country=origin,
            focus_area=focus_area, pillar=pillar, pledge_type=pledge_type,
            is_global=is_global, targets_ldc=ldc, targets_lldc=lldc, targets_sids=sids,
            amount=amount, currency=currency, amount_usd=amount_usd,
            beneficiary_groups=list(groups), sdgs=list(sdgs), start_date=start,
            end_date=end, approved_at=approved_at, countries=countries[pledge_id],
            partners=partners[pledge_id], progress=progress.get(pledge_id))
            for (pledge_id, reference, title, description, organization, sector, origin,
                 focus_area, pillar, pledge_type, is_global, ldc, lldc, sids, amount,
                 currency, amount_usd, groups, sdgs, start, end, approved_at) in rows]
        after = ids[-1]


def latest_progress(session: Session, pledge_ids: Sequence[int]) -> dict[int, LatestProgress]:
    """Each pledge's newest progress report (status, percent, date), one query: the
    window ranks a pledge's reports newest first and only the first is kept."""
    rank = func.row_number().over(
        partition_by=col(ProgressReport.pledge_id),
        order_by=(col(ProgressReport.reported_at).desc(), col(ProgressReport.id).desc())
    ).label("rank")
    ranked = (wide_select(col(ProgressReport.pledge_id), col(ProgressReport.status),
                     col(ProgressReport.percent_done), col(ProgressReport.reported_at), rank)
              .where(col(ProgressReport.pledge_id).in_(pledge_ids)).subquery())
    rows = session.connection().execute(
        wide_select(ranked.c.pledge_id, ranked.c.status, ranked.c.percent_done,
                    ranked.c.reported_at).where(ranked.c.rank == 1))
    return {pledge_id: LatestProgress(status, percent, reported_at)
            for pledge_id, status, percent, reported_at in rows}


def published_totals(session: Session) -> PublishedTotals:
    """Counted and summed by the database, as every figure the secretariat shows is."""
    approved = col(Pledge.status) == PledgeStatus.APPROVED
    pledges, organizations, usd, without = session.exec(select(
        func.count(), func.count(distinct(col(Pledge.organization_id))),
        func.coalesce(func.sum(col(Pledge.amount_usd)), 0),
        func.coalesce(func.sum(case((col(Pledge.amount).is_not(None)
                                     & col(Pledge.amount_usd).is_(None), 1), else_=0)), 0))
        .where(approved)).one()
    countries = session.exec(
        select(func.count(distinct(col(PledgeCountry.country))))
        .join(Pledge, col(Pledge.id) == col(PledgeCountry.pledge_id)).where(approved)).one()
    return PublishedTotals(pledges, organizations, countries, Decimal(usd or 0), int(without))
