"""Digest benchmark: the time and peak memory to build one digest (every figure an SQL
aggregation, then its text, HTML, chart and workbook) over 100k pledges and 300k
progress reports, on SQLite and on PostgreSQL. Goal: under 2 s and under 100 MB.
Time is one build after a warm-up; peak memory is that of Python allocations during a
second build (tracemalloc, which slows allocation, so it is not timed), beside the
process's resident size for context.

    .venv/bin/python -m bench.digest            # full run (SQLite and PostgreSQL)
    .venv/bin/python -m bench.digest --small    # the quick mode the test suite runs
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import select

from bench.databases import POSTGRES_URL, database, postgres_answers
from bot.flows.model import FlowContext
from bot.i18n import Catalogs
from bot.reference import load_reference
from bot.secretariat.digest_content import digest_of_row
from bot.secretariat.digest_parts import digest_parts
from storage.db import Database
from storage.models import Organization, Pledge, PledgeCountry, Pledger, ProgressReport
from vocabulary import Channel

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHUNK = 10_000
GOAL_SECONDS, GOAL_MB = 2.0, 100.0
FOCUS_AREAS = ("access", "adoption", "value_creation", "acceleration")
TYPES = ("financial", "policy", "advocacy", "programme")
SECTORS = ("government", "private", "international", "un_agency", "civil_society",
           "academia", "other")
COUNTRIES = ("KEN", "UGA", "TZA", "SEN", "MLI", "NPL", "FJI", "BOL", "HTI", "LAO")


def seed(db: Database, pledges: int, reports: int, now: datetime) -> None:
    """Pledges over two years in every focus area, type and sector, a third of them
    submitted in the last week; three reports a pledge on average."""
    with db.transaction() as session:
        session.execute(insert(Organization), [
            {"name": f"Organization {i}", "name_key": f"organization {i}",
             "sector": SECTORS[i % len(SECTORS)], "country": COUNTRIES[i % len(COUNTRIES)],
             "created_at": now} for i in range(1000)])
        first_org = session.exec(select(Organization.id).order_by(Organization.id)).first()
        session.execute(insert(Pledger), [
            {"channel": "telegram", "external_id": str(9_000_000 + i), "display_name": "",
             "language": "en", "organization_id": first_org + i, "role": "pledger",
             "unreachable": False, "reminder_hour": 10, "quiet_start": 20, "quiet_end": 8,
             "skip_weekends": True, "created_at": now} for i in range(1000)])
        first_pledger = session.exec(select(Pledger.id).order_by(Pledger.id)).first()
        for start in range(0, pledges, CHUNK):
            rows = []
            for i in range(start, min(start + CHUNK, pledges)):
                submitted = now - timedelta(days=(i * 7) % 730 if i % 3 else i % 7,
                                            minutes=i % 1440)
                rows.append({
                    "id": i + 1, "reference": f"P2C-2026-{i + 1:07d}",
                    "organization_id": first_org + i % 1000,
                    "pledger_id": first_pledger + i % 1000,
                    "focus_area": FOCUS_AREAS[i % 4], "pillar": "infrastructure",
                    "pledge_type": TYPES[(i // 4) % 4], "title": f"Pledge {i}",
                    "description": "Benchmark pledge.", "is_global": False,
                    "targets_ldc": i % 2 == 0, "targets_lldc": i % 5 == 0,
                    "targets_sids": i % 7 == 0, "amount": 1000 + i, "currency": "USD",
                    "amount_usd": None if i % 50 == 0 else 1000 + i,
                    "beneficiary_groups": ["rural"], "sdgs": [9],
                    "start_date": date(2027, 1, 1),
                    "status": ("approved", "submitted", "approved", "withdrawn")[i % 4],
                    "created_at": submitted, "updated_at": submitted,
                    "submitted_at": submitted, "reminder_cadence": "quarterly",
                    "reminders_paused": False, "overdue": i % 40 == 0, "revision": 0})
            session.execute(insert(Pledge), rows)
            session.execute(insert(PledgeCountry), [
                {"pledge_id": row["id"], "country": COUNTRIES[(row["id"] + k) % 10]}
                for row in rows for k in range(2)])
        for start in range(0, reports, CHUNK):
            session.execute(insert(ProgressReport), [
                {"pledge_id": 1 + i % pledges, "pledger_id": first_pledger + i % 1000,
                 "status": "in_progress", "percent_done": i % 100,
                 "beneficiary_groups": [], "narrative": "Progress.",
                 "reported_at": now - timedelta(days=i % 500)}
                for i in range(start, min(start + CHUNK, reports))])


def measure(db: Database, now: datetime) -> tuple[float, float, float]:
    """Seconds, peak MB of Python allocations, and new pledges in the week."""
    reference = load_reference(PROJECT_DIR / "config")
    ctx = FlowContext(Catalogs(PROJECT_DIR / "locales").translator("en"), reference,
                      now.date(), Channel.CONSOLE)
    digest_parts(digest_of_row_in(db, now), ctx)  # warm: imports, caches, the query plans
    started = time.perf_counter()
    digest = digest_of_row_in(db, now)
    digest_parts(digest, ctx)
    seconds = time.perf_counter() - started
    tracemalloc.start()  # a second build for memory: tracing slows allocation down
    digest_parts(digest_of_row_in(db, now), ctx)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return seconds, peak, digest.new_total


def digest_of_row_in(db: Database, now: datetime):  # type: ignore[no-untyped-def]
    with db.transaction() as session:
        return digest_of_row(session, now - timedelta(days=7), now, now, late=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="2k pledges, SQLite only")
    args = parser.parse_args()
    pledges, reports = (2_000, 6_000) if args.small else (100_000, 300_000)
    kinds = ["sqlite"] if args.small else ["sqlite", "postgresql"]
    print(f"machine: {sys.platform}, python {sys.version.split()[0]}, "
          f"date {date.today().isoformat()}")
    for kind in kinds:
        reason = postgres_answers() if kind == "postgresql" else None
        if reason:
            print(f"{kind}: skipped, no server at {POSTGRES_URL} ({reason})")
            continue
        now = datetime.now(UTC)
        with database(kind) as db:
            seed(db, pledges, reports, now)
            seconds, peak, new = measure(db, now)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{kind}: {pledges:,} pledges, {reports:,} reports, {new:,} new this week: "
              f"{seconds:.2f} s, ratio {seconds / GOAL_SECONDS:.2f} of the {GOAL_SECONDS:g} s "
              f"goal; peak {peak:.1f} MB allocated, ratio {peak / GOAL_MB:.2f} of the "
              f"{GOAL_MB:g} MB goal (process resident {rss:.0f} MB)", flush=True)


if __name__ == "__main__":
    main()
