"""A reminder is sent at most once, whatever goes wrong: a send that times out after the
request left, a worker whose lease ran out mid-batch, a worker told to stop (SIGTERM)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import time_machine
from sqlmodel import select
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.handlers.slack import SlackSender
from bot.handlers.telegram import TelegramSender, reminder_bot
from bot.reminders.dispatch import ReminderDispatcher, TickReport
from bot.reminders.sending import Pacer
from bot.turns import TurnRunner
from storage.db import Database
from storage.models import Organization, Pledge, Pledger, ReminderOutbox
from tests.fakes.http_server import serving
from tests.fakes.telegram_api import FakeTelegram
from tests.handlers.telegram_harness import TOKEN

P2C_BOT = str(Path(sys.executable).parent / "p2c-bot")
FIRST_CHAT = 8_000_000
DUE = datetime(2027, 2, 23, 10, tzinfo=UTC)
LEASE = timedelta(minutes=5)
STOP_SECONDS = 25


def seed(db: Database, count: int, due: datetime = DUE) -> None:
    """`count` approved pledges, each of its own Telegram pledger, all due at `due`."""
    with db.transaction() as session:
        organization = Organization(name="Soak Org", name_key="soak org", sector="private",
                                    country="KEN")
        session.add(organization)
        session.flush()
        pledgers = [Pledger(channel="telegram", external_id=str(FIRST_CHAT + i),
                            organization_id=organization.id) for i in range(count)]
        session.add_all(pledgers)
        session.flush()
        session.add_all(Pledge(
            reference=f"P2C-2026-{i + 1:05d}", organization_id=organization.id,
            pledger_id=pledger.id, focus_area="access", pillar="infrastructure",
            pledge_type="policy", title=f"Pledge {i}", description="A pledge.",
            status="approved", start_date=date(2027, 1, 1), next_reminder_at=due)
            for i, pledger in enumerate(pledgers))


def statuses(db: Database) -> Counter[str]:
    with db.transaction() as session:
        return Counter(row.status for row in session.exec(select(ReminderOutbox)))


def per_chat(fake: FakeTelegram) -> Counter[int]:
    return Counter(int(c.params["chat_id"]) for c in fake.calls_of("sendMessage"))


def dispatcher(runner: TurnRunner, bot: ExtBot[None], worker: str) -> ReminderDispatcher:
    return ReminderDispatcher(
        runner.db, runner.reference, runner.catalogs, {"telegram": TelegramSender(bot)},
        {"telegram": Pacer(1000, 0)}, worker=worker, batch=50, lease=LEASE,
        follow_up_after=timedelta(days=14), overdue_after=timedelta(days=14))


class RefusedConnections(httpx.AsyncBaseTransport):
    """Reaches the fake for everything but sending, where no connection can be made."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.inner = httpx.ASGITransport(fake.app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/sendMessage"):
            raise httpx.ConnectError("connection refused", request=request)
        return await self.inner.handle_async_request(request)


@pytest.fixture
def runner(any_runner: TurnRunner) -> TurnRunner:
    """Every test here runs on SQLite and on PostgreSQL."""
    return any_runner


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    yield fake
    assert not fake.refused, fake.refused


@pytest.fixture
def api_url(fake: FakeTelegram) -> Iterator[str]:
    with serving(fake.app) as url:
        yield f"{url}/bot"


def test_a_send_that_times_out_is_uncertain_and_never_sent_again(
        runner: TurnRunner, fake: FakeTelegram, api_url: str) -> None:
    """The fake takes the message and answers after the client gave up: it may have
    arrived, so it is not sent again."""
    seed(runner.db, 1)
    fake.hold_call = 1

    async def ticks() -> None:
        request = HTTPXRequest(read_timeout=2.0)  # the held send times out; get_me must not
        async with reminder_bot(TOKEN, base_url=api_url, request=request) as bot:
            with time_machine.travel(DUE + timedelta(minutes=1), tick=False):
                await dispatcher(runner, bot, "w1").tick()
            fake.release.set()
            with time_machine.travel(DUE + timedelta(minutes=2), tick=False):
                await dispatcher(runner, bot, "w1").tick()

    asyncio.run(ticks())
    assert len(fake.calls_of("sendMessage")) == 1
    assert statuses(runner.db) == {"uncertain": 1}


def test_a_send_that_never_left_is_tried_again(runner: TurnRunner, fake: FakeTelegram,
                                               api_url: str) -> None:
    """No connection could be made: the message surely did not arrive, so the next tick
    sends it."""
    seed(runner.db, 1)

    async def ticks() -> None:
        refusing = HTTPXRequest(httpx_kwargs={"transport": RefusedConnections(fake)})
        async with reminder_bot(TOKEN, base_url=api_url, request=refusing) as down:
            with time_machine.travel(DUE + timedelta(minutes=1), tick=False):
                await dispatcher(runner, down, "w1").tick()
        assert statuses(runner.db) == {"pending": 1}
        async with reminder_bot(TOKEN, base_url=api_url) as up:
            with time_machine.travel(DUE + timedelta(minutes=2), tick=False):
                await dispatcher(runner, up, "w1").tick()

    asyncio.run(ticks())
    assert per_chat(fake) == {FIRST_CHAT: 1}
    assert statuses(runner.db) == {"sent": 1}


def test_a_worker_whose_lease_ran_out_does_not_send_rows_another_took(
        runner: TurnRunner, fake: FakeTelegram, api_url: str) -> None:
    """Worker A claims, then stalls past its lease; worker B takes the rows over and
    sends them; when A wakes up it sends none of them."""
    seed(runner.db, 5)

    async def race() -> TickReport:
        async with reminder_bot(TOKEN, base_url=api_url) as bot:
            a, b = dispatcher(runner, bot, "a"), dispatcher(runner, bot, "b")
            stalled = TickReport()
            with time_machine.travel(DUE + timedelta(minutes=1), tick=False):
                await asyncio.to_thread(a.plan, stalled)
                jobs = await asyncio.to_thread(a.claim, stalled)
            assert len(jobs) == 5
            with time_machine.travel(DUE + timedelta(minutes=1) + LEASE * 2, tick=False):
                await b.tick()
                await a._send_all(jobs, stalled)
            return stalled

    stalled = asyncio.run(race())
    assert set(per_chat(fake).values()) == {1}
    assert len(per_chat(fake)) == 5
    assert stalled.outcomes == {"lost_lease": 5}
    assert statuses(runner.db) == {"sent": 5}


@pytest.mark.slow
def test_sigterm_stops_a_worker_cleanly_mid_batch(tmp_path: Path, sqlite_url: str,
                                                  fake: FakeTelegram, api_url: str) -> None:
    """Told to stop while sending, a worker claims nothing more, gives back what it had
    not begun and exits 0; the next worker sends the rest, each reminder once."""
    db = Database(sqlite_url)
    seed(db, 40, due=datetime.now(UTC) - timedelta(hours=1))
    fake.hold_call = 5
    env = {**os.environ, "DATABASE_URL": sqlite_url, "P2C_TELEGRAM_TOKEN": TOKEN,
           "P2C_TELEGRAM_API_URL": api_url, "P2C_TELEGRAM_MESSAGES_PER_SECOND": "20",
           "P2C_TELEGRAM_SECONDS_PER_CHAT": "0", "P2C_WORKER_TICK_SECONDS": "0.2",
           "P2C_LOG_LEVEL": "WARNING"}
    worker = subprocess.Popen([P2C_BOT, "worker"], cwd=tmp_path, env=env)
    try:
        assert fake.held.wait(60), "the worker never reached its fifth send"
        worker.send_signal(signal.SIGTERM)
        fake.release.set()
        assert worker.wait(timeout=STOP_SECONDS) == 0
    finally:
        worker.kill()
    left = statuses(db)
    assert left["claimed"] == left["sending"] == 0, left
    assert left["sent"] == len(fake.calls_of("sendMessage")) < 40
    assert left["sent"] + left["pending"] == 40
    rest = subprocess.run([P2C_BOT, "worker", "--until-idle"], cwd=tmp_path, env=env,
                          timeout=120, check=True)
    assert rest.returncode == 0
    assert statuses(db) == {"sent": 40}
    assert set(per_chat(fake).values()) == {1}
    assert len(per_chat(fake)) == 40
    db.dispose()


def test_a_batch_is_claimed_no_larger_than_half_a_lease_can_send(runner: TurnRunner) -> None:
    """At Slack's 1 message a second, 200 rows would outlive a 300 s lease: 150 are
    claimed at a time, and the rest in the next round of the same tick."""
    slack = ReminderDispatcher(
        runner.db, runner.reference, runner.catalogs, {"slack": SlackSender(None, None)},
        {"slack": Pacer(1, 1), "telegram": Pacer(30, 1)}, worker="w", batch=200,
        lease=timedelta(seconds=300), follow_up_after=timedelta(days=14),
        overdue_after=timedelta(days=14))
    assert slack.claim_limit == 150
