"""Pledges with their organization, countries, partners and latest progress report, and
progress reports with their pledge, read in batches by id (keyset pagination) for
exports and workbooks that must not hold every row in memory at once."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.models import Organization, Pledge, ProgressReport, saved_id
from storage.pledges import countries_of, partners_of

BATCH = 1000


@dataclass(frozen=True)
class ExportRow:
    pledge: Pledge
    organization: Organization
    countries: list[str]
    partners: list[str]
    latest: ProgressReport | None = None


@dataclass(frozen=True)
class ReportRow:
    report: ProgressReport
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


def latest_reports_of(session: Session, pledge_ids: Sequence[int],
                      before: datetime | None = None) -> dict[int, ProgressReport]:
    """Each pledge's latest report (dated before `before`, when given)."""
    query = select(ProgressReport).where(col(ProgressReport.pledge_id).in_(pledge_ids))
    if before is not None:
        query = query.where(col(ProgressReport.reported_at) < before)
    latest: dict[int, ProgressReport] = {}
    for report in session.exec(query.order_by(col(ProgressReport.pledge_id),
                                              col(ProgressReport.reported_at).desc(),
                                              col(ProgressReport.id).desc())):
        latest.setdefault(report.pledge_id, report)
    return latest


def pledge_batches(session: Session, chosen: PledgeFilter | None = None, *,
                   latest_before: datetime | None = None,
                   batch: int = BATCH) -> Iterator[list[ExportRow]]:
    where = (chosen or PledgeFilter()).conditions()
    after = 0
    while True:
        found = list(session.exec(
            select(Pledge, Organization)
            .join(Organization, col(Organization.id) == col(Pledge.organization_id))
            .where(col(Pledge.id) > after, *where).order_by(col(Pledge.id)).limit(batch)))
        if not found:
            return
        ids = [saved_id(pledge) for pledge, _ in found]
        countries, partners = countries_of(session, ids), partners_of(session, ids)
        latest = latest_reports_of(session, ids, latest_before)
        yield [ExportRow(pledge, organization, countries[key], partners[key], latest.get(key))
               for (pledge, organization), key in zip(found, ids, strict=True)]
        after = ids[-1]


def report_batches(session: Session, chosen: PledgeFilter, since: datetime,
                   until: datetime, batch: int = BATCH) -> Iterator[list[ReportRow]]:
    """Reports dated in [since, until) on the chosen pledges, in the order filed."""
    after = 0
    while True:
        found = list(session.exec(
            select(ProgressReport, col(Pledge.reference), col(Organization.name))
            .join(Pledge, col(Pledge.id) == col(ProgressReport.pledge_id))
            .join(Organization, col(Organization.id) == col(Pledge.organization_id))
            .where(col(ProgressReport.id) > after, col(ProgressReport.reported_at) >= since,
                   col(ProgressReport.reported_at) < until, *chosen.conditions())
            .order_by(col(ProgressReport.id)).limit(batch)))
        if not found:
            return
        yield [ReportRow(report, str(reference), str(name)) for report, reference, name in found]
        after = saved_id(found[-1][0])
