"""The annual report's figures, each an SQL aggregation over the approved pledges made
by the end of the year (the coalition's portfolio at that date) and the progress reports
dated before it: the database counts and sums, Python never loops over all pledges.

A pledge's progress "as of the year's end" is its latest report dated before the end,
found by one index seek a pledge (`storage.exports.latest_report`), so a report
filed later does not rewrite the past year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Integer,
    String,
    and_,
    case,
    cast,
    distinct,
    exists,
    literal,
    or_,
    true,
)
from sqlalchemy import (
    select as wide_select,
)
from sqlmodel import Session, col, func, select

from storage.exports import latest_report
from storage.figures import Group, grouped_by
from storage.models import Organization, Pledge, PledgeCountry, PledgePartner, ProgressReport
from vocabulary import PledgeStatus, ProgressStatus, ReportingStatus

FINANCIAL = "financial"
GLOBAL_REGION = "Global"


@dataclass(frozen=True)
class Headline:
    pledges: int
    new_in_year: int
    organizations: int
    countries: int
    usd: Decimal
    without_usd: int
    global_pledges: int


@dataclass(frozen=True)
class Targeted:
    group: str
    pledges: int
    usd: Decimal


@dataclass(frozen=True)
class RegionPair:
    origin: str
    implementation: str
    pledges: int
    usd: Decimal


@dataclass(frozen=True)
class SectorReporting:
    sector: str
    status: ReportingStatus
    pledges: int
    reported_in_year: int


@dataclass(frozen=True)
class Disbursement:
    pledges: int
    pledged_usd: Decimal
    disbursed_usd: Decimal
    reporting: int
    """Financial pledges whose latest report gives an amount disbursed."""


@dataclass(frozen=True)
class CurrencyUse:
    currency: str
    pledges: int
    amount: Decimal
    usd: Decimal
    without_usd: int


@dataclass(frozen=True)
class Unconverted:
    reference: str
    amount: Decimal
    currency: str


def in_portfolio(until: datetime) -> list[Any]:
    """Approved pledges submitted before `until`: what the report is about."""
    return [col(Pledge.status) == PledgeStatus.APPROVED, col(Pledge.submitted_at) < until]


def _usd() -> ColumnElement[Any]:
    return func.coalesce(func.sum(col(Pledge.amount_usd)), 0)


def _without_usd() -> ColumnElement[Any]:
    return func.coalesce(func.sum(case(
        (col(Pledge.amount).is_not(None) & col(Pledge.amount_usd).is_(None), 1), else_=0)), 0)


def headline(session: Session, since: datetime, until: datetime) -> Headline:
    where = in_portfolio(until)
    pledges, organizations, usd, without, new, global_ = session.execute(
        wide_select(func.count(), func.count(distinct(col(Pledge.organization_id))), _usd(),
                    _without_usd(),
                    func.coalesce(func.sum(case((col(Pledge.submitted_at) >= since, 1),
                                                else_=0)), 0),
                    func.coalesce(func.sum(cast(col(Pledge.is_global), Integer)), 0))
        .where(*where)).one()
    countries = session.exec(
        select(func.count(distinct(col(PledgeCountry.country))))
        .join(Pledge, col(Pledge.id) == col(PledgeCountry.pledge_id)).where(*where)).one()
    return Headline(pledges, int(new), organizations, countries, Decimal(usd), int(without),
                    int(global_))


def grouped(session: Session, key: Any, until: datetime, *,
            join_organization: bool = False) -> list[Group]:
    return grouped_by(session, key, in_portfolio(until), join_organization=join_organization)


def by_pillar(session: Session, until: datetime) -> list[tuple[str, str, int, Decimal]]:
    rows = session.exec(
        select(col(Pledge.focus_area), col(Pledge.pillar), func.count(), _usd())
        .where(*in_portfolio(until)).group_by(col(Pledge.focus_area), col(Pledge.pillar))
        .order_by(col(Pledge.focus_area), func.count().desc(), col(Pledge.pillar)))
    return [(str(f), str(p), n, Decimal(v)) for f, p, n, v in rows]


def targeting(session: Session, until: datetime) -> list[Targeted]:
    where = in_portfolio(until)
    found = []
    for group, flag in (("ldc", Pledge.targets_ldc), ("lldc", Pledge.targets_lldc),
                        ("sids", Pledge.targets_sids)):
        pledges, usd = session.exec(select(func.count(), _usd())
                                    .where(*where, col(flag).is_(True))).one()
        found.append(Targeted(group, pledges, Decimal(usd)))
    return found


def _region_of(country: Any, regions: dict[str, str], unknown: str) -> ColumnElement[Any]:
    """The region of a country column, as a CASE over one IN list a region (five
    lists, which the database turns into lookups), so the mapping stays in the data
    file and the counting in SQL."""
    by_region: dict[str, list[str]] = {}
    for iso3, region in regions.items():
        by_region.setdefault(region, []).append(iso3)
    if not by_region:
        return literal(unknown)
    return case(*((country.in_(codes), literal(region))
                  for region, codes in sorted(by_region.items())), else_=literal(unknown))


def region_pairs(session: Session, until: datetime, regions: dict[str, str],
                 unknown: str) -> list[RegionPair]:
    """Pledges (each once per pair) and their value by the region of the pledging
    organization against the region of implementation; a global pledge is implemented
    in `GLOBAL_REGION`, a country in no region is `unknown`."""
    origin = _region_of(col(Organization.country), regions, unknown)
    where = in_portfolio(until)
    placed: Any = select(col(Pledge.id).label("pledge_id"), origin.label("origin"),
                         _region_of(col(PledgeCountry.country), regions, unknown)
                         .label("implementation")) \
        .join(Organization, col(Organization.id) == col(Pledge.organization_id)) \
        .join(PledgeCountry, col(PledgeCountry.pledge_id) == col(Pledge.id)) \
        .where(*where)
    worldwide: Any = select(col(Pledge.id).label("pledge_id"), origin.label("origin"),
                            literal(GLOBAL_REGION).label("implementation")) \
        .join(Organization, col(Organization.id) == col(Pledge.organization_id)) \
        .where(*where, col(Pledge.is_global).is_(True))
    pairs = placed.union(worldwide).subquery("pairs")
    rows = session.exec(
        select(pairs.c.origin, pairs.c.implementation, func.count(), _usd())
        .select_from(pairs).join(Pledge, col(Pledge.id) == pairs.c.pledge_id)
        .group_by(pairs.c.origin, pairs.c.implementation)
        .order_by(pairs.c.origin, pairs.c.implementation))
    return [RegionPair(str(o), str(i), n, Decimal(v)) for o, i, n, v in rows]


def _list_elements(session: Session, column_: Any) -> Any:
    """The elements of a JSON list column as a table joined to each pledge."""
    if session.get_bind().dialect.name == "postgresql":
        return func.json_array_elements_text(column_).table_valued(
            "value", joins_implicitly=True).render_derived()
    return func.json_each(column_).table_valued("value", joins_implicitly=True)


def list_groups(session: Session, column_: Any, until: datetime) -> list[tuple[str, int,
                                                                                 Decimal]]:
    """Pledges and their value by each element of a list column (beneficiary groups,
    SDGs): a pledge naming three groups counts once in each."""
    elements = _list_elements(session, column_)
    key = cast(elements.c.value, String)
    rows = session.exec(select(key, func.count(), _usd()).select_from(Pledge)
                        .join(elements, true()).where(*in_portfolio(until))
                        .group_by(key).order_by(func.count().desc(), key))
    return [(str(k), n, Decimal(v)) for k, n, v in rows]


def joint(session: Session, until: datetime) -> tuple[int, Decimal]:
    """Pledges made with at least one partner organization."""
    with_partner = exists().where(col(PledgePartner.pledge_id) == col(Pledge.id))
    pledges, usd = session.exec(select(func.count(), _usd())
                                .where(*in_portfolio(until), with_partner)).one()
    return pledges, Decimal(usd)


def reporting_status(until: datetime, latest: FromClause) -> ColumnElement[Any]:
    """no report; completed; discontinued; delayed (not completed though its end date
    has passed, or not started though its start date had passed when reported); on
    track otherwise."""
    day = until.date()
    return case(
        (latest.c.status.is_(None), literal(ReportingStatus.NO_REPORT)),
        (latest.c.status == ProgressStatus.COMPLETED, literal(ReportingStatus.COMPLETED)),
        (latest.c.status == ProgressStatus.DISCONTINUED,
         literal(ReportingStatus.DISCONTINUED)),
        (or_(and_(col(Pledge.end_date).is_not(None), col(Pledge.end_date) < day),
             and_(latest.c.status == ProgressStatus.NOT_STARTED,
                  col(Pledge.start_date) < func.date(latest.c.reported_at))),
         literal(ReportingStatus.DELAYED)),
        else_=literal(ReportingStatus.ON_TRACK))


def reporting(session: Session, since: datetime, until: datetime) -> list[SectorReporting]:
    """Pledges by sector and reporting status, with those that reported in the year."""
    latest = latest_report(session.get_bind().dialect.name, until)
    status = reporting_status(until, latest.report)
    in_year = exists().where(col(ProgressReport.pledge_id) == col(Pledge.id),
                             col(ProgressReport.reported_at) >= since,
                             col(ProgressReport.reported_at) < until)
    rows = session.exec(
        select(col(Organization.sector), status, func.count(),
               func.coalesce(func.sum(case((in_year, 1), else_=0)), 0))
        .select_from(Pledge)
        .join(Organization, col(Organization.id) == col(Pledge.organization_id))
        .outerjoin(latest.report, latest.on)
        .where(*in_portfolio(until)).group_by(col(Organization.sector), status)
        .order_by(col(Organization.sector), status))
    return [SectorReporting(str(s), ReportingStatus(r), n, int(y)) for s, r, n, y in rows]


def disbursement(session: Session, until: datetime) -> Disbursement:
    """Financial pledges: US dollars pledged against disbursed by the year's end, the
    amount disbursed (in the pledge's currency) converted at the pledge's own rate."""
    latest = latest_report(session.get_bind().dialect.name, until)
    report = latest.report
    converted = case(
        (and_(col(Pledge.amount) > 0, col(Pledge.amount_usd).is_not(None)),
         report.c.amount_disbursed * col(Pledge.amount_usd) / col(Pledge.amount)),
        else_=None)
    pledges, pledged, disbursed, reporting_ = session.exec(
        select(func.count(), _usd(), func.coalesce(func.sum(converted), 0),
               func.count(report.c.amount_disbursed))
        .select_from(Pledge).outerjoin(report, latest.on)
        .where(*in_portfolio(until), col(Pledge.pledge_type) == FINANCIAL)).one()
    return Disbursement(pledges, Decimal(pledged),
                        Decimal(disbursed).quantize(Decimal("0.01")), reporting_)


def currencies(session: Session, until: datetime) -> list[CurrencyUse]:
    rows = session.execute(
        wide_select(col(Pledge.currency), func.count(),
               func.coalesce(func.sum(col(Pledge.amount)), 0), _usd(), _without_usd())
        .where(*in_portfolio(until), col(Pledge.amount).is_not(None))
        .group_by(col(Pledge.currency)).order_by(col(Pledge.currency)))
    return [CurrencyUse(str(c), n, Decimal(a), Decimal(u), int(w)) for c, n, a, u, w in rows]


def unconverted(session: Session, until: datetime, limit: int) -> list[Unconverted]:
    """Pledges with an amount but no US dollar figure (no rate on file), oldest first."""
    rows = session.exec(
        select(col(Pledge.reference), col(Pledge.amount), col(Pledge.currency))
        .where(*in_portfolio(until), col(Pledge.amount).is_not(None),
               col(Pledge.amount_usd).is_(None))
        .order_by(col(Pledge.id)).limit(limit))
    return [Unconverted(str(r), Decimal(str(a)), str(c)) for r, a, c in rows]
