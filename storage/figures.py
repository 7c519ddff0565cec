"""Every figure the secretariat sees (/stats, digests, exports) as an SQL aggregation:
the database counts and sums, Python never loops over all pledges. Withdrawn and
rejected pledges are not counted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, cast, distinct
from sqlmodel import Session, col, func, select

from storage.models import Organization, Pledge, PledgeCountry, ProgressReport, ReminderOutbox
from storage.review import UNDELIVERED
from vocabulary import PledgeStatus

COUNTED = (PledgeStatus.SUBMITTED, PledgeStatus.APPROVED, PledgeStatus.CHANGES_REQUESTED)


@dataclass(frozen=True)
class Group:
    key: str
    pledges: int
    usd: Decimal


@dataclass(frozen=True)
class Totals:
    pledges: int
    organizations: int
    countries: int
    usd: Decimal
    without_usd: int
    by_focus_area: list[Group]
    by_type: list[Group]
    by_sector: list[Group]
    targeting: dict[str, int]
    reported: int
    approved: int
    under_review: int
    overdue: int
    undelivered: int


@dataclass(frozen=True)
class TimelinePoint:
    month: str
    focus_area: str
    pledges: int
    usd: Decimal


def _counted(since: datetime | None = None, until: datetime | None = None) -> list[Any]:
    conditions: list[Any] = [col(Pledge.status).in_(COUNTED)]
    if since is not None:
        conditions.append(col(Pledge.submitted_at) >= since)
    if until is not None:
        conditions.append(col(Pledge.submitted_at) < until)
    return conditions


def _usd() -> ColumnElement[Any]:
    return func.coalesce(func.sum(col(Pledge.amount_usd)), 0)


def grouped_by(session: Session, key: Any, conditions: list[Any], *,
               join_organization: bool = False) -> list[Group]:
    """Pledges and their value by one column, the largest group first."""
    query = select(key, func.count(), _usd()).select_from(Pledge)
    if join_organization:
        query = query.join(Organization, col(Organization.id) == col(Pledge.organization_id))
    rows = session.exec(query.where(*conditions).group_by(key).order_by(func.count().desc(), key))
    return [Group(str(k), n, Decimal(v)) for k, n, v in rows]


def totals(session: Session, *, reported_since: datetime, since: datetime | None = None,
           until: datetime | None = None) -> Totals:
    """The figures of pledges submitted in [since, until) (all when not given);
    `reported` counts approved pledges with a progress report since `reported_since`."""
    where = _counted(since, until)
    pledges, organizations, usd, without = session.exec(
        select(func.count(), func.count(distinct(col(Pledge.organization_id))), _usd(),
               func.coalesce(func.sum(case((col(Pledge.amount).is_not(None)
                                            & col(Pledge.amount_usd).is_(None), 1), else_=0)), 0))
        .where(*where)).one()
    countries: int = session.exec(
        select(func.count(distinct(col(PledgeCountry.country))))
        .join(Pledge, col(Pledge.id) == col(PledgeCountry.pledge_id)).where(*where)).one()
    flags = [func.coalesce(func.sum(cast(flag, Integer)), 0)
             for flag in (col(Pledge.targets_ldc), col(Pledge.targets_lldc),
                          col(Pledge.targets_sids))]
    ldc, lldc, sids = session.exec(select(flags[0], flags[1], flags[2]).where(*where)).one()
    approved_here = [*where, col(Pledge.status) == PledgeStatus.APPROVED]
    approved = session.exec(select(func.count()).select_from(Pledge).where(*approved_here)).one()
    reported = session.exec(
        select(func.count(distinct(col(ProgressReport.pledge_id))))
        .join(Pledge, col(Pledge.id) == col(ProgressReport.pledge_id))
        .where(*approved_here, col(ProgressReport.reported_at) >= reported_since)).one()
    under_review = session.exec(select(func.count()).select_from(Pledge).where(
        *where, col(Pledge.status) == PledgeStatus.SUBMITTED)).one()
    overdue = session.exec(select(func.count()).select_from(Pledge).where(
        *approved_here, col(Pledge.overdue).is_(True))).one()
    undelivered = session.exec(select(func.count()).select_from(ReminderOutbox).where(
        col(ReminderOutbox.status).in_(UNDELIVERED))).one()
    return Totals(
        pledges=pledges, organizations=organizations, countries=countries, usd=Decimal(usd),
        without_usd=int(without),
        by_focus_area=grouped_by(session, col(Pledge.focus_area), where),
        by_type=grouped_by(session, col(Pledge.pledge_type), where),
        by_sector=grouped_by(session, col(Organization.sector), where, join_organization=True),
        targeting={"ldc": int(ldc), "lldc": int(lldc), "sids": int(sids)},
        reported=reported, approved=approved, under_review=under_review, overdue=overdue,
        undelivered=undelivered)


def timeline(session: Session) -> list[TimelinePoint]:
    """Pledges and their value per month of submission and focus area, oldest first."""
    dialect = session.get_bind().dialect.name
    month = func.to_char(col(Pledge.submitted_at), "YYYY-MM") if dialect == "postgresql" \
        else func.strftime("%Y-%m", col(Pledge.submitted_at))
    rows = session.exec(select(month, col(Pledge.focus_area), func.count(), _usd())
                        .where(*_counted()).group_by(month, col(Pledge.focus_area))
                        .order_by(month, col(Pledge.focus_area)))
    return [TimelinePoint(str(m), str(f), n, Decimal(v)) for m, f, n, v in rows]


def new_pledges(session: Session, since: datetime, until: datetime,
                limit: int) -> tuple[list[tuple[Pledge, Organization]], int]:
    """Pledges submitted in [since, until), the newest first, with the full count."""
    where = _counted(since, until)
    total = session.exec(select(func.count()).select_from(Pledge).where(*where)).one()
    rows = session.exec(select(Pledge, Organization)
                        .join(Organization, col(Organization.id) == col(Pledge.organization_id))
                        .where(*where)
                        .order_by(col(Pledge.submitted_at).desc(), col(Pledge.id).desc())
                        .limit(limit))
    return list(rows), total
