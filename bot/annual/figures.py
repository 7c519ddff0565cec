"""The annual report's figures, read once from the database (`storage.annual`) into one
value that the HTML, the PDF, the workbook and the JSON are all drawn from, so the four
can never disagree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlmodel import Session, col

from bot.money import CurrencyTable
from bot.regions import UNKNOWN_REGION, RegionTable
from storage import annual
from storage.figures import Group
from storage.models import Organization, Pledge
from storage.stories import ShowcaseStory
from vocabulary import ReportingStatus

UNCONVERTED_LISTED = 50
"""Pledges without a US dollar rate named one by one; beyond that they are counted."""


@dataclass(frozen=True)
class ListGroup:
    key: str
    pledges: int
    usd: Decimal


@dataclass(frozen=True)
class PillarGroup:
    focus_area: str
    pillar: str
    pledges: int
    usd: Decimal


@dataclass(frozen=True)
class SectorRate:
    sector: str
    pledges: int
    reported: int

    @property
    def rate(self) -> float:
        return self.reported / self.pledges if self.pledges else 0.0


@dataclass(frozen=True)
class RateUsed:
    currency: str
    units_per_usd: Decimal | None
    as_of: date | None
    pledges: int
    amount: Decimal
    usd: Decimal
    without_usd: int


@dataclass(frozen=True)
class AnnualFigures:
    year: int
    since: datetime
    until: datetime
    generated_at: datetime
    headline: annual.Headline
    by_sector: tuple[Group, ...]
    by_type: tuple[Group, ...]
    by_focus_area: tuple[Group, ...]
    by_pillar: tuple[PillarGroup, ...]
    by_origin_region: tuple[ListGroup, ...]
    by_implementation_region: tuple[ListGroup, ...]
    region_pairs: tuple[annual.RegionPair, ...]
    targeting: tuple[annual.Targeted, ...]
    beneficiary_groups: tuple[ListGroup, ...]
    sdgs: tuple[ListGroup, ...]
    joint_pledges: int
    joint_usd: Decimal
    reporting_status: tuple[tuple[ReportingStatus, int], ...]
    reporting_by_sector: tuple[SectorRate, ...]
    disbursement: annual.Disbursement
    rates: tuple[RateUsed, ...]
    unconverted: tuple[annual.Unconverted, ...]
    stories: tuple[ShowcaseStory, ...]

    @property
    def reported(self) -> int:
        return sum(s.reported for s in self.reporting_by_sector)

    @property
    def reporting_rate(self) -> float:
        pledges = self.headline.pledges
        return self.reported / pledges if pledges else 0.0

    @property
    def region_matrix(self) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
        """Regions of origin (rows), of implementation (columns), and pledges by pair."""
        return (sorted({p.origin for p in self.region_pairs}),
                sorted({p.implementation for p in self.region_pairs}),
                {(p.origin, p.implementation): p.pledges for p in self.region_pairs})

    def share(self, pledges: int) -> float:
        return pledges / self.headline.pledges if self.headline.pledges else 0.0


def year_bounds(year: int) -> tuple[datetime, datetime]:
    return datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)


def _origin_regions(session: Session, until: datetime,
                    regions: RegionTable) -> tuple[ListGroup, ...]:
    """Organizations' countries grouped in SQL (a few hundred rows at most), then
    summed by region: each pledge has one origin, so each counts once."""
    found: dict[str, tuple[int, Decimal]] = {}
    for group in annual.grouped(session, col(Organization.country), until,
                                join_organization=True):
        region = regions.region_of(group.key)
        pledges, usd = found.get(region, (0, Decimal(0)))
        found[region] = (pledges + group.pledges, usd + group.usd)
    return _ranked(found)


def _implementation_regions(pairs: list[annual.RegionPair]) -> tuple[ListGroup, ...]:
    """Each pair counts a pledge once; a pledge has one origin (its organization's), so
    summing a region's pairs over origins counts each of its pledges once."""
    found: dict[str, tuple[int, Decimal]] = {}
    for pair in pairs:
        pledges, usd = found.get(pair.implementation, (0, Decimal(0)))
        found[pair.implementation] = (pledges + pair.pledges, usd + pair.usd)
    return _ranked(found)


def _ranked(found: dict[str, tuple[int, Decimal]]) -> tuple[ListGroup, ...]:
    return tuple(ListGroup(key, n, usd) for key, (n, usd)
                 in sorted(found.items(), key=lambda item: (-item[1][0], item[0])))


def _rates_used(session: Session, until: datetime,
                table: CurrencyTable) -> tuple[RateUsed, ...]:
    used = []
    for use in annual.currencies(session, until):
        rate = table.rate(use.currency)
        used.append(RateUsed(use.currency, rate.units_per_usd if rate else None,
                             rate.as_of if rate else None, use.pledges, use.amount,
                             use.usd, use.without_usd))
    return tuple(used)


def _reporting(rows: list[annual.SectorReporting]) -> tuple[
        tuple[tuple[ReportingStatus, int], ...], tuple[SectorRate, ...]]:
    by_status = dict.fromkeys(ReportingStatus, 0)
    by_sector: dict[str, tuple[int, int]] = {}
    for row in rows:
        by_status[row.status] += row.pledges
        pledges, reported = by_sector.get(row.sector, (0, 0))
        by_sector[row.sector] = (pledges + row.pledges, reported + row.reported_in_year)
    rates = sorted((SectorRate(s, n, r) for s, (n, r) in by_sector.items()),
                   key=lambda rate: (-rate.pledges, rate.sector))
    return tuple(by_status.items()), tuple(rates)


def annual_figures(session: Session, year: int, regions: RegionTable,
                   currencies: CurrencyTable, stories: list[ShowcaseStory],
                   now: datetime) -> AnnualFigures:
    since, until = year_bounds(year)
    pairs = annual.region_pairs(session, until, {iso3: regions.region_of(iso3)
                                                 for iso3 in regions.countries},
                                UNKNOWN_REGION)
    status, by_sector_rate = _reporting(annual.reporting(session, since, until))
    joint_pledges, joint_usd = annual.joint(session, until)
    return AnnualFigures(
        year=year, since=since, until=until, generated_at=now,
        headline=annual.headline(session, since, until),
        by_sector=tuple(annual.grouped(session, col(Organization.sector), until,
                                       join_organization=True)),
        by_type=tuple(annual.grouped(session, col(Pledge.pledge_type), until)),
        by_focus_area=tuple(annual.grouped(session, col(Pledge.focus_area), until)),
        by_pillar=tuple(PillarGroup(*row) for row in annual.by_pillar(session, until)),
        by_origin_region=_origin_regions(session, until, regions),
        by_implementation_region=_implementation_regions(pairs),
        region_pairs=tuple(pairs),
        targeting=tuple(annual.targeting(session, until)),
        beneficiary_groups=tuple(ListGroup(*row) for row in annual.list_groups(
            session, col(Pledge.beneficiary_groups), until)),
        sdgs=tuple(sorted((ListGroup(*row) for row in annual.list_groups(
            session, col(Pledge.sdgs), until)), key=lambda g: int(g.key))),
        joint_pledges=joint_pledges, joint_usd=joint_usd,
        reporting_status=status, reporting_by_sector=by_sector_rate,
        disbursement=annual.disbursement(session, until),
        rates=_rates_used(session, until, currencies),
        unconverted=tuple(annual.unconverted(session, until, UNCONVERTED_LISTED)),
        stories=tuple(stories))
