"""Pledges with their organization, countries, partners and latest progress report, and
progress reports with their pledge, read in batches by id (keyset pagination) for
exports and workbooks that must not hold every row in memory at once. Rows are read as
plain column tuples, not ORM objects: an export only reads them, and building 100,000
tracked objects would cost more than the rest of the export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Subquery
from sqlalchemy import select as columns_of
from sqlmodel import Session, col, func

from storage.models import Organization, Pledge, ProgressReport
from storage.pledges import countries_of, partners_of

BATCH = 1000


PLEDGE = Pledge.__table__  # type: ignore[attr-defined]
REPORT = ProgressReport.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class OrganizationFacts:
    name: str
    sector: str
    country: str


@dataclass(frozen=True)
class ExportRow:
    pledge: Row[Any]
    """The pledge's columns, by name as on `Pledge`."""
    organization: OrganizationFacts
    countries: list[str]
    partners: list[str]
    latest: Row[Any] | None = None
    """The latest progress report's columns, by name as on `ProgressReport`."""


@dataclass(frozen=True)
class ReportRow:
    report: Row[Any]
    pledge_reference: str
    organization: str


@dataclass(frozen=True)
class PledgeFilter:
    """Which pledges an export holds: all of them when nothing is set."""

    statuses: tuple[str, ...] = ()
    submitted_since: datetime | None = None
    submitted_before: datetime | None = None

    def conditions(self) -> list[Any]:
        found: list[Any] = []
        if self.statuses:
            found.append(col(Pledge.status).in_(self.statuses))
        if self.submitted_since is not None:
            found.append(col(Pledge.submitted_at) >= self.submitted_since)
        if self.submitted_before is not None:
            found.append(col(Pledge.submitted_at) < self.submitted_before)
        return found


def newest_reports(*conditions: Any) -> Subquery:
    """Each pledge's latest report among those meeting `conditions`, one row a pledge
    with every report column, picked by the database (a window function)."""
    ranked = columns_of(REPORT, func.row_number().over(
        partition_by=REPORT.c.pledge_id,
        order_by=(REPORT.c.reported_at.desc(), REPORT.c.id.desc())).label("rank")) \
        .where(*conditions).subquery("ranked")
    return columns_of(*(ranked.c[c.name] for c in REPORT.c)) \
        .where(ranked.c.rank == 1).subquery("latest")


def latest_reports_of(session: Session, pledge_ids: Sequence[int],
                      before: datetime | None = None) -> dict[int, Row[Any]]:
    """Each pledge's latest report (dated before `before`, when given); only one report
    a pledge is read."""
    conditions = [REPORT.c.pledge_id.in_(pledge_ids)]
    if before is not None:
        conditions.append(REPORT.c.reported_at < before)
    rows = session.execute(columns_of(newest_reports(*conditions)))
    return {int(report.pledge_id): report for report in rows}


def pledge_batches(session: Session, chosen: PledgeFilter | None = None, *,
                   latest_before: datetime | None = None,
                   batch: int = BATCH) -> Iterator[list[ExportRow]]:
    where = (chosen or PledgeFilter()).conditions()
    after = 0
    while True:
        found = list(session.execute(
            columns_of(PLEDGE, col(Organization.name).label("organization_name"),
                       col(Organization.sector).label("organization_sector"),
                       col(Organization.country).label("organization_country"))
            .join(Organization, col(Organization.id) == PLEDGE.c.organization_id)
            .where(PLEDGE.c.id > after, *where).order_by(PLEDGE.c.id).limit(batch)))
        if not found:
            return
        ids = [int(row.id) for row in found]
        countries, partners = countries_of(session, ids), partners_of(session, ids)
        latest = latest_reports_of(session, ids, latest_before)
        yield [ExportRow(row, OrganizationFacts(row.organization_name, row.organization_sector,
                                                row.organization_country),
                         countries[key], partners[key], latest.get(key))
               for row, key in zip(found, ids, strict=True)]
        after = ids[-1]


def report_batches(session: Session, chosen: PledgeFilter, since: datetime,
                   until: datetime, batch: int = BATCH) -> Iterator[list[ReportRow]]:
    """Reports dated in [since, until) on the chosen pledges, in the order filed."""
    after = 0
    while True:
        found = list(session.execute(
            columns_of(REPORT, col(Pledge.reference).label("pledge_reference"),
                       col(Organization.name).label("organization_name"))
            .join(Pledge, col(Pledge.id) == REPORT.c.pledge_id)
            .join(Organization, col(Organization.id) == col(Pledge.organization_id))
            .where(REPORT.c.id > after, REPORT.c.reported_at >= since,
                   REPORT.c.reported_at < until, *chosen.conditions())
            .order_by(REPORT.c.id).limit(batch)))
        if not found:
            return
        yield [ReportRow(row, str(row.pledge_reference), str(row.organization_name))
               for row in found]
        after = int(found[-1].id)
