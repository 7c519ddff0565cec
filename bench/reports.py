"""Annual report and export benchmark: the time and peak memory to write the annual
report (HTML, PDF, XLSX, JSON) and the export (CSV, XLSX, JSON) over 100k pledges and
300k progress reports, on SQLite and on PostgreSQL. Goal: under 5 s and under 200 MB
each. Time is the median of five runs after a warm-up (runs of one figure on this machine
differ by up to a third); peak memory is that of Python allocations during another run
(tracemalloc, which slows allocation, so it is not timed), beside the maximum resident
size of this process for context; the PDF, printed in a child process, is traced
apart. The annual report's time is then split into its parts (figures, workbook,
HTML, JSON, PDF).

    .venv/bin/python -m bench.reports            # full run (SQLite and PostgreSQL)
    .venv/bin/python -m bench.reports --small    # the quick mode the test suite runs
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import sqlalchemy as sa
from sqlalchemy import insert
from sqlmodel import col, func, select

from bench.databases import POSTGRES_URL, database, postgres_answers
from bot.annual import report as report_module
from bot.annual.figures import year_bounds
from bot.annual.pdf import print_pdf
from bot.annual.report import ReportFiles, write_annual_report
from bot.annual.workbook import PLEDGE_COLUMNS, REPORT_COLUMNS
from bot.i18n import Catalogs, Translator
from bot.reference import ReferenceData, load_reference
from bot.secretariat.exports import write_export
from storage.db import Database
from storage.exports import PledgeFilter, pledge_rows, report_rows
from storage.models import (
    Organization,
    Pledge,
    PledgeCountry,
    PledgePartner,
    Pledger,
    ProgressReport,
    Story,
)
from vocabulary import ExportFormat, PledgeStatus

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHUNK = 10_000
GOAL_SECONDS, GOAL_MB = 5.0, 200.0
TIMED_RUNS = 5
YEARS = (2025, 2026)
NOW = datetime(2027, 1, 12, 9, 30, tzinfo=UTC)
"""The report is written early in the year after the one it covers."""
FOCUS_AREAS = {"access": ("infrastructure", "affordability", "cybersecurity"),
               "adoption": ("digital_skills", "inclusion", "content"),
               "value_creation": ("digital_economy", "e_services", "innovation"),
               "accelerate": ("policy_regulation", "financing_models", "partnerships")}
TYPES = ("financial", "policy", "advocacy", "programme")
SECTORS = ("government", "private", "intl_org", "un_agency", "civil_society", "academia",
           "other")
CURRENCIES = (("USD", Decimal(1)), ("USD", Decimal(1)), ("EUR", Decimal("0.92")),
              ("GBP", Decimal("0.79")), ("KES", Decimal(129)), ("XOF", Decimal(603)),
              ("JPY", Decimal(152)), ("INR", Decimal(84)), ("ZMW", None), ("VND", None))
"""Currency and units per US dollar; the last two have no rate in config/currencies.csv,
so about one amount in five has no US dollar figure."""
COUNTRIES = ("KEN", "UGA", "TZA", "SEN", "MLI", "NPL", "FJI", "BOL", "HTI", "LAO", "BGD",
             "ETH", "RWA", "PNG", "WSM", "MNG", "PRY", "GTM", "YEM", "AFG", "USA", "FRA",
             "DEU", "JPN", "BRA")
BENEFICIARY_GROUPS = ("women_girls", "youth", "children", "disabilities", "older",
                      "indigenous", "rural", "refugees_migrants", "smes", "general_public")
PROGRESS = ("in_progress", "in_progress", "not_started", "completed", "in_progress",
            "discontinued")
STATUSES = ("approved",) * 7 + ("submitted", "withdrawn", "rejected")
"""Seven pledges in ten approved: the annual report covers those."""
DAY_SECONDS = 86_400


def _submitted(i: int) -> datetime:
    """Two years of submissions, 60% in the second, at every hour of the day."""
    year = YEARS[1] if i % 5 in (1, 2, 4) else YEARS[0]
    seconds = (i * 7_919 * 60 + i % 1440 * 60) % (365 * DAY_SECONDS)
    return datetime(year, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)


def _pledge(i: int, first_org: int, first_pledger: int) -> dict[str, Any]:
    submitted = _submitted(i)
    focus = tuple(FOCUS_AREAS)[i % 4]
    pledge_type = TYPES[(i // 4) % 4]
    financial = pledge_type == "financial"
    currency, per_usd = CURRENCIES[(i // 16) % len(CURRENCIES)]
    amount = (Decimal(10_000 + (i * 7_877) % 5_000_000) if financial or i % 3 == 0
              else None)
    usd = (amount / per_usd).quantize(Decimal("0.01")) if amount and per_usd else None
    start = submitted.date() + timedelta(days=i % 90)
    return {
        "id": i + 1, "reference": f"P2C-{submitted.year}-{i + 1:07d}",
        "organization_id": first_org + i % 1000, "pledger_id": first_pledger + i % 1000,
        "focus_area": focus, "pillar": FOCUS_AREAS[focus][(i // 16) % 3],
        "pledge_type": pledge_type, "title": f"Pledge {i}: connect schools in district {i}",
        "description": "Benchmark pledge: towers, backhaul and training for teachers.",
        "is_global": i % 25 == 0, "targets_ldc": i % 2 == 0, "targets_lldc": i % 5 == 0,
        "targets_sids": i % 7 == 0, "amount": amount,
        "currency": currency if amount is not None else None, "amount_usd": usd,
        "beneficiary_groups": [BENEFICIARY_GROUPS[(i + k * 3) % 10]
                               for k in range(1 + i % 3)],
        "sdgs": sorted({1 + (i + k * 5) % 17 for k in range(1 + (i // 3) % 3)}),
        "start_date": start,
        "end_date": start + timedelta(days=200 + i % 700) if i % 4 else None,
        "status": STATUSES[i % len(STATUSES)], "created_at": submitted,
        "updated_at": submitted, "submitted_at": submitted,
        "reminder_cadence": "quarterly", "reminders_paused": False,
        "overdue": i % 40 == 0, "revision": 0}


def _report(i: int, pledges: list[dict[str, Any]], first_pledger: int) -> dict[str, Any]:
    """Spread over the pledges and the two years, each after its pledge's submission
    (a few in the new year, after the report's end). They are stored in the order
    reported, as the bot stores them (each is filed when reported)."""
    pledge = pledges[i % len(pledges)]
    submitted = pledge["submitted_at"]
    room = max(DAY_SECONDS, int((NOW - submitted).total_seconds()) - DAY_SECONDS)
    reported = submitted + timedelta(seconds=(i * 104_729 + i // len(pledges) * 7_777_777)
                                     % room)
    amount = pledge["amount"]
    disbursed = (amount * (i % 10) / 10 if pledge["pledge_type"] == "financial"
                 and amount is not None else None)
    return {"pledge_id": pledge["id"], "pledger_id": first_pledger + (pledge["id"] - 1) % 1000,
            "status": PROGRESS[i % len(PROGRESS)], "percent_done": i % 101,
            "amount_disbursed": disbursed,
            "people_reached": 100 * (i % 50) if i % 3 else None,
            "beneficiary_groups": list(pledge["beneficiary_groups"][:1]),
            "narrative": f"Quarter {i % 4 + 1}: {i % 12} more sites connected.",
            "evidence_url": f"https://example.org/evidence/{i}" if i % 4 == 0 else None,
            "reported_at": reported}


def seed(db: Database, pledges: int, reports: int) -> Counter[int]:
    """Pledges over two years, their countries, partners and progress reports; a few
    approved stories. Returns the pledges submitted each year. The tables are then
    analysed, and on PostgreSQL vacuumed too, as autovacuum keeps a live database (an
    index-only scan of rows never vacuumed still reads every row's page)."""
    by_year: Counter[int] = Counter()
    with db.transaction() as session:
        session.execute(insert(Organization), [
            {"name": f"Organization {i}", "name_key": f"organization {i}",
             "sector": SECTORS[i % len(SECTORS)], "country": COUNTRIES[(i * 3) % 25],
             "created_at": NOW} for i in range(1000)])
        first_org = session.exec(select(Organization.id).order_by(Organization.id)).first()
        session.execute(insert(Pledger), [
            {"channel": "telegram", "external_id": str(9_000_000 + i), "display_name": "",
             "language": "en", "organization_id": first_org + i, "role": "pledger",
             "unreachable": False, "reminder_hour": 10, "quiet_start": 20, "quiet_end": 8,
             "skip_weekends": True, "created_at": NOW} for i in range(1000)])
        first_pledger = session.exec(select(Pledger.id).order_by(Pledger.id)).first()
        assert first_org is not None
        assert first_pledger is not None
        rows = [_pledge(i, first_org, first_pledger) for i in range(pledges)]
        by_year.update(row["submitted_at"].year for row in rows)
        for start in range(0, pledges, CHUNK):
            chunk = rows[start:start + CHUNK]
            session.execute(insert(Pledge), chunk)
            session.execute(insert(PledgeCountry), [
                {"pledge_id": row["id"], "country": COUNTRIES[(row["id"] * 7 + k * 11) % 25]}
                for row in chunk for k in range(1 + row["id"] % 3)])
            session.execute(insert(PledgePartner), [
                {"pledge_id": row["id"], "position": k,
                 "name": f"Partner {(row['id'] + k) % 300}"}
                for row in chunk if row["id"] % 5 == 0 for k in range(1 + row["id"] % 2)])
        filed = sorted((_report(i, rows, first_pledger) for i in range(reports)),
                       key=lambda report: report["reported_at"])
        for start in range(0, reports, CHUNK):
            session.execute(insert(ProgressReport), filed[start:start + CHUNK])
        session.execute(insert(Story), [
            {"pledge_id": 1 + k * 7, "pledger_id": first_pledger + (k * 7) % 1000,
             "title": f"Story {k}", "body": "How the towers reached the villages.",
             "status": "approved", "submitted_at": datetime(YEARS[1], 1 + k % 12, 3,
                                                             tzinfo=UTC),
             "reviewed_at": datetime(YEARS[1], 1 + k % 12, 5, tzinfo=UTC),
             "reviewed_by": first_pledger} for k in range(12)])
    with db.engine.connect() as connection:
        if db.is_sqlite:
            connection.execute(sa.text("ANALYZE"))
            connection.commit()
        else:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                sa.text("VACUUM ANALYZE"))
    return by_year


PARTS = ("figures/SQL", "workbook", "HTML", "JSON", "PDF")
"""The annual report's parts; the figures, HTML and JSON are written in a thread, and
the PDF in a process, beside the workbook."""


def _peak_mb(run: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _seconds(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def figure_line(name: str, kind: str, runs: list[float], peak: float | None) -> str:
    """The median of the timed runs (this machine's runs of one figure differ by up to a
    third), with their spread when there are several."""
    seconds = statistics.median(runs)
    spread = (f", median of {len(runs)} runs, {min(runs):.2f} to {max(runs):.2f} s"
              if len(runs) > 1 else "")
    memory = ("peak not traced (--small)" if peak is None else
              f"peak {peak:.1f} MB ({peak / GOAL_MB:.2f} of {GOAL_MB:g} MB)")
    return (f"{name:<13}  {kind:<10}  {seconds:.2f} s ({seconds / GOAL_SECONDS:.2f} of the "
            f"{GOAL_SECONDS:g} s goal{spread})  {memory}  process max RSS "
            f"{_max_rss_mb():.0f} MB")


class Setting:
    def __init__(self, reference: ReferenceData, translator: Translator, work: Path) -> None:
        self.reference, self.translator, self.work = reference, translator, work
        self.stories_dir = work / "stories"
        self.stories_dir.mkdir()

    def out_dir(self) -> Path:
        """A fresh folder a run: each file is written from nothing."""
        folder = self.work / "out"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        return folder


@contextmanager
def timed_parts(split: dict[str, float]) -> Iterator[None]:
    """Times the parts of `write_annual_report` as it runs, by wrapping the functions it
    calls (in its own module's namespace; nothing in bot/ changes): the figures (every
    SQL aggregation, the stories, the breakdowns; in a thread beside the workbook), the
    workbook (which reads every pledge and report of the year), the HTML and the JSON.
    The PDF is printed in another process, beyond reach here: `pdf_alone` times it."""
    def timed(part: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                split[part] = split.get(part, 0.0) + time.perf_counter() - started
        return wrapper

    with mock.patch.multiple(
            report_module,
            approved_stories=timed("figures/SQL", report_module.approved_stories),
            annual_figures=timed("figures/SQL", report_module.annual_figures),
            breakdowns_of=timed("figures/SQL", report_module.breakdowns_of),
            write_annual_workbook=timed("workbook", report_module.write_annual_workbook),
            render_report=timed("HTML", report_module.render_report),
            figures_document=timed("JSON", report_module.figures_document),
            json=SimpleNamespace(dumps=timed("JSON", json.dumps))):
        yield


def pdf_alone(setting: Setting, year: int, quick: bool) -> tuple[float, float | None]:
    """Seconds to print the last report's HTML again, in this process, and the peak MB
    of another printing's allocations (the report prints it in a child process, which
    the report's own peak leaves out; not traced when `quick`)."""
    files = ReportFiles.of(setting.work / "out", year)
    seconds = _seconds(lambda: print_pdf(files.html, files.pdf))
    return seconds, None if quick else _peak_mb(lambda: print_pdf(files.html, files.pdf))


def annual_report(db: Database, year: int, setting: Setting) -> Callable[[], object]:
    return lambda: write_annual_report(db, year, setting.out_dir(), setting.reference,
                                       setting.translator, setting.stories_dir, NOW)


def measure_annual(db: Database, year: int, setting: Setting,
                   quick: bool) -> tuple[list[float], float | None, dict[str, float]]:
    """Seconds of `TIMED_RUNS` runs after a warm-up (one cold run, when `quick`), the
    split of the last, and the peak MB of another run's allocations or of the PDF's
    printing, whichever is larger (not traced when `quick`)."""
    run = annual_report(db, year, setting)
    if not quick:
        run()  # warm: imports, caches, fonts, the query plans
    runs = [_seconds(run) for _ in range(0 if quick else TIMED_RUNS - 1)]
    split: dict[str, float] = {}
    with timed_parts(split):
        runs.append(_seconds(run))
    split["PDF"], pdf_peak = pdf_alone(setting, year, quick)
    peak = None if quick else max(_peak_mb(run), pdf_peak or 0.0)
    return runs, peak, split


def raw_rows_read(db: Database, year: int) -> tuple[int, float]:
    """The workbook's two raw tables, only read (as the workbook reads them): how much
    of the workbook's time is the database's."""
    since, until = year_bounds(year)
    chosen = PledgeFilter(statuses=(PledgeStatus.APPROVED,), submitted_before=until)
    started = time.perf_counter()
    with db.snapshot() as session:
        rows = sum(len(part) for part in pledge_rows(session, PLEDGE_COLUMNS, chosen,
                                                     latest_before=until))
        rows += sum(len(part) for part in report_rows(session, REPORT_COLUMNS, chosen,
                                                      since, until))
    return rows, time.perf_counter() - started


def measure_export(db: Database, chosen: ExportFormat, setting: Setting,
                   quick: bool) -> tuple[list[float], float]:
    """Seconds of `TIMED_RUNS` runs after a warm-up and the peak MB of another; when
    `quick`, both from one traced run."""
    def run() -> int:
        with db.snapshot() as session:
            return write_export(session, chosen, PledgeFilter(),
                                setting.out_dir() / f"pledges.{chosen}")

    if quick:
        started = time.perf_counter()
        peak = _peak_mb(run)
        return [time.perf_counter() - started], peak
    run()
    return [_seconds(run) for _ in range(TIMED_RUNS)], _peak_mb(run)


def in_report(db: Database, year: int) -> int:
    """Approved pledges submitted before the year's end: those the report covers."""
    until = year_bounds(year)[1]
    with db.snapshot() as session:
        return session.exec(select(func.count()).select_from(Pledge).where(
            col(Pledge.status) == PledgeStatus.APPROVED,
            col(Pledge.submitted_at) < until)).one()


def run_kind(kind: str, pledges: int, reports: int, setting: Setting, quick: bool) -> None:
    with database(kind) as db:
        started = time.perf_counter()
        by_year = seed(db, pledges, reports)
        year = max(YEARS, key=lambda y: (by_year[y], y))
        print(f"{kind}: seeded {pledges:,} pledges ({by_year[YEARS[0]]:,} submitted in "
              f"{YEARS[0]}, {by_year[YEARS[1]]:,} in {YEARS[1]}) and {reports:,} progress "
              f"reports in {time.perf_counter() - started:.0f} s; the {year} report covers "
              f"{in_report(db, year):,} approved pledges", flush=True)
        runs, peak, split = measure_annual(db, year, setting, quick)
        print(figure_line("annual report", kind, runs, peak), flush=True)
        rows, reading = raw_rows_read(db, year)
        print(f"annual split   {kind:<10}  "
              + ", ".join(f"{part} {split.get(part, 0.0):.2f} s" for part in PARTS)
              + " (the workbook beside the rest; the PDF printed again alone); reading the "
              f"workbook's {rows:,} raw rows alone takes {reading:.2f} s", flush=True)
        for chosen in ExportFormat:
            runs, peak = measure_export(db, chosen, setting, quick)
            print(figure_line(f"export {chosen}", kind, runs, peak), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true",
                        help="500 pledges and 1,500 reports, SQLite only, one cold run each")
    args = parser.parse_args()
    pledges, reports = (500, 1_500) if args.small else (100_000, 300_000)
    kinds = ["sqlite"] if args.small else ["sqlite", "postgresql"]
    print(f"machine: {sys.platform}, python {sys.version.split()[0]}, "
          f"date {date.today().isoformat()}", flush=True)
    reference = load_reference(PROJECT_DIR / "config")
    translator = Catalogs(PROJECT_DIR / "locales").translator("en")
    for kind in kinds:
        if kind == "postgresql":
            reason = postgres_answers()
            if reason:
                print(f"{kind}: skipped, no server at {POSTGRES_URL} ({reason})")
                continue
        with tempfile.TemporaryDirectory(prefix="p2c-bench-reports-") as work:
            run_kind(kind, pledges, reports, Setting(reference, translator, Path(work)),
                     quick=args.small)


if __name__ == "__main__":
    main()
