"""Worker processes on the local PostgreSQL: two of them share 1,000 due reminders and
each reminder reaches the (fake) Telegram once; a worker killed mid-batch and replaced
still sends no reminder twice and loses none: only the sends in flight at the kill
are uncertain."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from bot.reminders.dispatch import SENDS_IN_FLIGHT
from storage.db import Database
from storage.migrations import upgrade
from storage.models import Organization, Pledge, Pledger, ReminderOutbox
from tests.fakes.http_server import serving
from tests.fakes.telegram_api import FakeTelegram
from tests.handlers.telegram_harness import TOKEN

pytestmark = pytest.mark.postgres

P2C_BOT = str(Path(sys.executable).parent / "p2c-bot")
REMINDERS = 400
FIRST_CHAT = 7_000_000
WORKER_SECONDS = 120


def _seed(url: str) -> None:
    upgrade(url)
    db = Database(url)
    due = datetime.now(UTC) - timedelta(hours=1)
    with db.transaction() as session:
        organization = Organization(name="Load Test Org", name_key="load test org",
                                    sector="private", country="KEN")
        session.add(organization)
        session.flush()
        pledgers = [Pledger(channel="telegram", external_id=str(FIRST_CHAT + i),
                            organization_id=organization.id) for i in range(REMINDERS)]
        session.add_all(pledgers)
        session.flush()
        session.add_all(Pledge(
            reference=f"P2C-2026-{i + 1:05d}", organization_id=organization.id,
            pledger_id=pledger.id, focus_area="access", pillar="infrastructure",
            pledge_type="policy", title=f"Pledge {i}", description="Load test pledge.",
            status="approved", start_date=date(2027, 1, 1), next_reminder_at=due)
            for i, pledger in enumerate(pledgers))
    db.dispose()


def _worker(url: str, api_url: str, tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "P2C_TELEGRAM_TOKEN": TOKEN,
           "P2C_TELEGRAM_API_URL": api_url, "P2C_TELEGRAM_MESSAGES_PER_SECOND": "5000",
           "P2C_TELEGRAM_SECONDS_PER_CHAT": "0", "P2C_WORKER_TICK_SECONDS": "0.2",
           "P2C_WORKER_BATCH": "50", "P2C_WORKER_LEASE_SECONDS": "2",
           "P2C_LOG_LEVEL": "WARNING"}
    return subprocess.Popen([P2C_BOT, "worker", "--until-idle"], cwd=tmp_path, env=env)


def _messages_per_chat(fake: FakeTelegram) -> Counter:
    return Counter(int(c.params["chat_id"]) for c in fake.calls_of("sendMessage"))


def _statuses(url: str) -> Counter:
    db = Database(url)
    with db.transaction() as session:
        statuses = Counter(r.status for r in session.exec(select(ReminderOutbox)))
    db.dispose()
    return statuses


@pytest.mark.slow
def test_two_workers_send_each_reminder_exactly_once(postgres_url: str,
                                                     tmp_path: Path) -> None:
    _seed(postgres_url)
    fake = FakeTelegram()
    with serving(fake.app) as url:
        workers = [_worker(postgres_url, f"{url}/bot", tmp_path) for _ in range(2)]
        for worker in workers:
            assert worker.wait(timeout=WORKER_SECONDS) == 0
    per_chat = _messages_per_chat(fake)
    assert len(per_chat) == REMINDERS
    assert set(per_chat.values()) == {1}
    assert _statuses(postgres_url) == {"sent": REMINDERS}
    assert not fake.refused


@pytest.mark.slow
def test_a_worker_killed_mid_batch_leaves_no_reminder_twice_or_lost(
        postgres_url: str, tmp_path: Path) -> None:
    _seed(postgres_url)
    fake = FakeTelegram(hold_call=150)
    with serving(fake.app) as url:
        first = _worker(postgres_url, f"{url}/bot", tmp_path)
        assert fake.held.wait(WORKER_SECONDS), "the worker never reached the 150th send"
        first.send_signal(signal.SIGKILL)
        first.wait()
        fake.release.set()
        second = _worker(postgres_url, f"{url}/bot", tmp_path)
        assert second.wait(timeout=WORKER_SECONDS) == 0
    per_chat = _messages_per_chat(fake)
    assert set(per_chat.values()) == {1}, "no reminder twice"
    statuses = _statuses(postgres_url)
    assert set(statuses) == {"sent", "uncertain"}
    assert statuses["sent"] + statuses["uncertain"] == REMINDERS, "none lost"
    assert 1 <= statuses["uncertain"] <= SENDS_IN_FLIGHT, "only the sends in flight"
    assert len(per_chat) >= REMINDERS - statuses["uncertain"], \
        "every chat without its reminder is one of the sends in flight at the kill"
