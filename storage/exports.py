"""Pledges with their organization, countries, partners and latest progress report, and
progress reports with their pledge, read as rows of plain values for exports and
workbooks that write every pledge.

One query streams every row (the database's cursor read a batch at a time, so memory
stays flat): the lists are joined by the database and the latest report is found by
one index seek a pledge (migration 0008), so a row costs the writer nothing but
writing. The caller names the values it wants, in its own column order; each name is
one of `PLEDGE_VALUES` or `REPORT_VALUES`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, FromClause, Row, ScalarSelect, true
from sqlalchemy import select as columns_of
from sqlmodel import Session

from storage.models import Organization, Pledge, PledgeCountry, PledgePartner, ProgressReport
from storage.portable import POSTGRESQL, joined_list, joined_rows, naive_utc
from storage.read_ahead import read_ahead

BATCH = 2000
"""Rows fetched from the cursor at a time."""
LIST_SEPARATOR = ", "
PARTNER_SEPARATOR = "\x1f"
"""Partners' names are joined with the unit separator, which typed text never holds
(`bot.flows.typed_text` drops control characters), so a name with a comma or a
semicolon still splits back into one name."""

PLEDGE = Pledge.__table__  # type: ignore[attr-defined]
REPORT = ProgressReport.__table__  # type: ignore[attr-defined]
ORGANIZATION = Organization.__table__  # type: ignore[attr-defined]
COUNTRY = PledgeCountry.__table__  # type: ignore[attr-defined]
PARTNER = PledgePartner.__table__  # type: ignore[attr-defined]
LATEST = REPORT.alias("latest")
"""The pledge's latest report on SQLite, joined on `latest_report_id`."""


@dataclass(frozen=True)
class PledgeFilter:
    """Which pledges an export holds: all of them when nothing is set."""

    statuses: tuple[str, ...] = ()
    submitted_since: datetime | None = None
    submitted_before: datetime | None = None

    def conditions(self) -> list[Any]:
        found: list[Any] = []
        if self.statuses:
            found.append(PLEDGE.c.status.in_(self.statuses))
        if self.submitted_since is not None:
            found.append(PLEDGE.c.submitted_at >= self.submitted_since)
        if self.submitted_before is not None:
            found.append(PLEDGE.c.submitted_at < self.submitted_before)
        return found


def latest_report_id(before: datetime | None = None) -> ScalarSelect[Any]:
    """The id of the enclosing query's pledge's latest report (dated before `before`,
    when given): the newest by date, the last filed among reports of the same moment."""
    candidate = REPORT.alias("candidate")
    query = columns_of(candidate.c.id).where(candidate.c.pledge_id == PLEDGE.c.id)
    if before is not None:
        query = query.where(candidate.c.reported_at < before)
    return query.order_by(candidate.c.reported_at.desc(), candidate.c.id.desc()) \
        .limit(1).scalar_subquery()


@dataclass(frozen=True)
class LatestReport:
    """A pledge's latest report, to outer-join to a query of pledges: `report` has the
    report's columns, `on` is the join's condition."""

    report: FromClause
    on: ColumnElement[bool]


def latest_report(dialect: str, before: datetime | None = None) -> LatestReport:
    """PostgreSQL reads the latest report in one index seek a pledge (a LATERAL
    subquery); SQLite, which has no LATERAL, seeks its id and joins on it. Joined on
    the id, PostgreSQL would hash every report of every year instead (1.4 s for the
    annual report's pledges, measured, against 0.6 s)."""
    if dialect != POSTGRESQL:
        return LatestReport(LATEST, LATEST.c.id == latest_report_id(before))
    newest = columns_of(REPORT).where(REPORT.c.pledge_id == PLEDGE.c.id)
    if before is not None:
        newest = newest.where(REPORT.c.reported_at < before)
    return LatestReport(newest.order_by(REPORT.c.reported_at.desc(), REPORT.c.id.desc())
                        .limit(1).lateral("latest"), true())


def pledge_values(dialect: str, latest: FromClause) -> dict[str, ColumnElement[Any]]:
    """Every value a pledge row can hold, by name: times as naive UTC, lists joined
    (`LIST_SEPARATOR`, partners with `PARTNER_SEPARATOR`), `latest_*` from `latest`
    (`LatestReport.report`)."""
    countries = joined_rows(COUNTRY.c.country, LIST_SEPARATOR, dialect,
                            where=COUNTRY.c.pledge_id == PLEDGE.c.id,
                            order_by=COUNTRY.c.country, correlated=PLEDGE)
    partners = joined_rows(PARTNER.c.name, PARTNER_SEPARATOR, dialect,
                           where=PARTNER.c.pledge_id == PLEDGE.c.id,
                           order_by=PARTNER.c.position, correlated=PLEDGE)
    values: dict[str, ColumnElement[Any]] = {
        "reference": PLEDGE.c.reference, "review_status": PLEDGE.c.status,
        "progress_status": PLEDGE.c.progress_status, "organization": ORGANIZATION.c.name,
        "sector": ORGANIZATION.c.sector, "organization_country": ORGANIZATION.c.country,
        "focus_area": PLEDGE.c.focus_area, "pillar": PLEDGE.c.pillar,
        "pledge_type": PLEDGE.c.pledge_type, "title": PLEDGE.c.title,
        "description": PLEDGE.c.description, "global": PLEDGE.c.is_global,
        "countries": countries, "targets_ldc": PLEDGE.c.targets_ldc,
        "targets_lldc": PLEDGE.c.targets_lldc, "targets_sids": PLEDGE.c.targets_sids,
        "amount": PLEDGE.c.amount, "currency": PLEDGE.c.currency,
        "amount_usd": PLEDGE.c.amount_usd,
        "beneficiary_groups": joined_list(PLEDGE.c.beneficiary_groups, LIST_SEPARATOR,
                                          dialect),
        "sdgs": joined_list(PLEDGE.c.sdgs, LIST_SEPARATOR, dialect),
        "start_date": PLEDGE.c.start_date, "end_date": PLEDGE.c.end_date,
        "partners": partners,
        "submitted_at": naive_utc(PLEDGE.c.submitted_at),
        "last_reported_at": naive_utc(PLEDGE.c.last_reported_at),
        "overdue": PLEDGE.c.overdue,
        "latest_status": latest.c.status, "latest_percent_done": latest.c.percent_done,
        "latest_amount_disbursed": latest.c.amount_disbursed,
        "latest_people_reached": latest.c.people_reached,
        "latest_narrative": latest.c.narrative,
        "latest_evidence_url": latest.c.evidence_url,
        "latest_reported_at": naive_utc(latest.c.reported_at),
    }
    return {name: value.label(name) for name, value in values.items()}


def report_values(dialect: str) -> dict[str, ColumnElement[Any]]:
    """Every value a progress report row can hold, by name: its pledge's reference and
    organization, the report's own columns (time as naive UTC, groups joined)."""
    values: dict[str, ColumnElement[Any]] = {
        "pledge": PLEDGE.c.reference, "organization": ORGANIZATION.c.name,
        "reported_at": naive_utc(REPORT.c.reported_at),
        "status": REPORT.c.status, "percent_done": REPORT.c.percent_done,
        "amount_disbursed": REPORT.c.amount_disbursed,
        "people_reached": REPORT.c.people_reached,
        "beneficiary_groups": joined_list(REPORT.c.beneficiary_groups, LIST_SEPARATOR,
                                          dialect),
        "narrative": REPORT.c.narrative, "evidence_url": REPORT.c.evidence_url,
    }
    return {name: value.label(name) for name, value in values.items()}


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _streamed(session: Session, query: Any) -> Iterator[Sequence[Row[Any]]]:
    """The rows a batch at a time, from a server-side cursor where the driver has one.
    From PostgreSQL the next batch is fetched while the caller writes this one (the
    driver waits on the socket without Python's lock); not from SQLite, whose engine
    takes the lock back after every row, so two threads would only queue for it."""
    result = session.execute(query.execution_options(yield_per=BATCH))
    batches = result.partitions()
    yield from read_ahead(batches) if _dialect(session) == "postgresql" else batches


def pledge_rows(session: Session, names: Sequence[str], chosen: PledgeFilter | None = None,
                *, latest_before: datetime | None = None) -> Iterator[Sequence[Row[Any]]]:
    """The chosen pledges in id order, each a row of the named values in that order;
    `latest_*` values from the latest report dated before `latest_before`, when given."""
    latest = latest_report(_dialect(session), latest_before)
    values = pledge_values(_dialect(session), latest.report)
    query = columns_of(*(values[name] for name in names)).select_from(PLEDGE) \
        .join(ORGANIZATION, ORGANIZATION.c.id == PLEDGE.c.organization_id)
    if any(name.startswith("latest_") for name in names):
        query = query.outerjoin(latest.report, latest.on)
    return _streamed(session, query.where(*(chosen or PledgeFilter()).conditions())
                     .order_by(PLEDGE.c.id))


def report_rows(session: Session, names: Sequence[str], chosen: PledgeFilter,
                since: datetime, until: datetime) -> Iterator[Sequence[Row[Any]]]:
    """Reports dated in [since, until) on the chosen pledges, in the order reported
    (read along the index on the date), each a row of the named values in that order."""
    values = report_values(_dialect(session))
    query = columns_of(*(values[name] for name in names)).select_from(REPORT) \
        .join(PLEDGE, PLEDGE.c.id == REPORT.c.pledge_id) \
        .join(ORGANIZATION, ORGANIZATION.c.id == PLEDGE.c.organization_id) \
        .where(REPORT.c.reported_at >= since, REPORT.c.reported_at < until,
               *chosen.conditions()).order_by(REPORT.c.reported_at, REPORT.c.id)
    return _streamed(session, query)
