"""Reminder dispatch benchmark.

1. Dispatch rate: due reminders sent through the real dispatcher and Telegram sender to a
   fake Bot API (over loopback HTTP) that answers 429 like Telegram when a bot exceeds its
   limit. Printed: the rate achieved against the configured limit (goal >= 0.95) and the
   number of 429s our sending caused (goal 0).
2. Due scan: one planning scan for due pledges with 1k, 10k, 100k and 1M pledges of which
   1k are due. Printed: its time, and its ratio to the 1k case (goal: nearly flat, as the
   scan is served by the index on next_reminder_at).

    .venv/bin/python -m bench.reminders         # full run (a few minutes)
    .venv/bin/python -m bench.reminders --small   # the quick mode the test suite runs
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session, select

from bot.handlers.telegram import TelegramSender, reminder_bot
from bot.i18n import Catalogs
from bot.reference import load_reference
from bot.reminders.dispatch import ReminderDispatcher
from bot.reminders.sending import Pacer
from storage import outbox
from storage.db import Database
from storage.migrations import upgrade
from storage.models import Organization, Pledge, Pledger, ReminderOutbox
from tests.fakes.http_server import serving
from tests.fakes.telegram_api import FakeTelegram

PROJECT_DIR = Path(__file__).resolve().parent.parent
TOKEN = "123456:BENCH"
LIMIT = 30.0
DUE = 1000
CHUNK = 20_000


def seed(db: Database, total: int, due: int, now: datetime) -> None:
    """`total` pledges of which `due` are due now and the rest later, in bulk."""
    with db.transaction() as session:
        organization = Organization(name="Bench", name_key="bench", sector="private",
                                    country="KEN")
        session.add(organization)
        session.flush()
        session.execute(insert(Pledger), [
            {"channel": "telegram", "external_id": str(8_000_000 + i), "display_name": "",
             "language": "en", "organization_id": organization.id, "role": "pledger",
             "unreachable": False, "reminder_hour": 10, "quiet_start": 20, "quiet_end": 8,
             "skip_weekends": True, "created_at": now} for i in range(min(total, due))])
        first_pledger = session.exec(select(Pledger.id).order_by(Pledger.id)).first()
        for start in range(0, total, CHUNK):
            session.execute(insert(Pledge), [
                {"reference": f"P2C-2026-{i + 1:07d}", "organization_id": organization.id,
                 "pledger_id": first_pledger + (i % due), "focus_area": "access",
                 "pillar": "infrastructure", "pledge_type": "policy", "title": f"Pledge {i}",
                 "description": "Benchmark pledge.", "is_global": True,
                 "targets_ldc": False, "targets_lldc": False, "targets_sids": False,
                 "beneficiary_groups": [], "sdgs": [9], "start_date": date(2027, 1, 1),
                 "status": "approved", "created_at": now, "updated_at": now,
                 "submitted_at": now, "reminder_cadence": "quarterly",
                 "reminders_paused": False, "overdue": False,
                 "next_reminder_at": now - timedelta(minutes=5) if i < due
                 else now + timedelta(days=1 + i % 80)}
                for i in range(start, min(start + CHUNK, total))])


@contextmanager
def seeded_database(total: int, due: int) -> Iterator[tuple[Database, datetime]]:
    """A fresh migrated SQLite database holding `total` pledges, `due` of them due."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        db = Database(url)
        now = datetime.now(UTC)
        seed(db, total, due, now)
        try:
            yield db, now
        finally:
            db.dispose()


def dispatch_rate(count: int) -> None:
    with seeded_database(count, count) as (db, _):
        fake = FakeTelegram(messages_per_second=LIMIT)
        reference = load_reference(PROJECT_DIR / "config")
        catalogs = Catalogs(PROJECT_DIR / "locales")

        async def run(api_url: str) -> None:
            async with reminder_bot(TOKEN, base_url=api_url) as bot:
                dispatcher = ReminderDispatcher(
                    db, reference, catalogs, {"telegram": TelegramSender(bot)},
                    {"telegram": Pacer(LIMIT, 1.0)}, worker="bench", batch=count,
                    lease=timedelta(minutes=5), follow_up_after=timedelta(days=14),
                    overdue_after=timedelta(days=14))
                await dispatcher.tick()

        with serving(fake.app) as api:
            asyncio.run(run(f"{api}/bot"))
        with db.transaction() as session:
            sent = len(session.exec(select(ReminderOutbox.id).where(
                ReminderOutbox.status == "sent")).all())
    elapsed = fake.delivered_at[-1] - fake.delivered_at[0]
    achieved = (len(fake.delivered_at) - 1) / elapsed
    print(f"dispatch: {sent} reminders sent, {achieved:.1f} msg/s at the API "
          f"vs limit {LIMIT:.0f} msg/s, ratio {achieved / LIMIT:.3f} (goal >= 0.95); "
          f"429s caused: {fake.too_many_requests} (goal 0)")


def due_scan(totals: list[int], repeats: int) -> None:
    baseline = None
    for total in totals:
        with seeded_database(total, DUE) as (db, now):
            timings = []
            for _ in range(repeats):
                with db.engine.connect() as connection:
                    transaction = connection.begin()
                    session = Session(bind=connection)
                    started = time.perf_counter()
                    found = outbox.due_pledges(session, now, DUE)
                    timings.append(time.perf_counter() - started)
                    session.close()
                    transaction.rollback()
        assert len(found) == DUE
        best = min(timings)
        baseline = baseline or best
        print(f"due scan: {total:>9,} pledges, {DUE:,} due: {best * 1000:.1f} ms (best of "
              f"{repeats}), ratio {best / baseline:.2f} vs 1k (goal: nearly flat)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="quick mode for the test suite")
    small = parser.parse_args().small
    print(f"machine: {sys.platform}, python {sys.version.split()[0]}, "
          f"date {datetime.now(UTC):%Y-%m-%d}")
    dispatch_rate(60 if small else 600)
    due_scan([1_000, 10_000] if small else [1_000, 10_000, 100_000, 1_000_000],
             repeats=5 if small else 15)


if __name__ == "__main__":
    main()
