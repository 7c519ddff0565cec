"""Reminders end to end on a controlled clock: planned from the database, sent through
the real Telegram sender to the fake Bot API, answered through the real turn runner."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlmodel import select

from bot.flows.model import Pick
from bot.handlers.telegram import TelegramSender, reminder_bot
from bot.reminders.dispatch import ReminderDispatcher, TickReport
from bot.reminders.sending import Pacer
from bot.turns import ChatUser, TurnRunner
from storage import outbox
from storage.models import Pledge, Pledger, ReminderOutbox
from tests.desk import approve_all
from tests.fakes.telegram_api import FakeTelegram
from tests.handlers.telegram_harness import API_URL, TOKEN, fake_request
from tests.runner_chat import RunnerChat
from vocabulary import ReminderKind

AMINA = ChatUser("telegram", "5001", "Amina", "en")
SUBMITTED = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    yield fake
    assert not fake.refused, fake.refused


@pytest.fixture
def pledged(runner: TurnRunner) -> RunnerChat:
    """Amina's pledge, submitted on 23 November 2026 (Africa/Dakar, quarterly)."""
    chat = RunnerChat(runner, AMINA)
    with time_machine.travel(SUBMITTED, tick=False):
        chat.register()
        chat.answer_pledge()
        chat.press("confirm")
    with runner.db.transaction() as session:
        pledger = session.exec(select(Pledger)).one()
        pledger.time_zone = "Africa/Dakar"
        session.add(pledger)
        pledge = session.exec(select(Pledge)).one()
        pledge.status = "approved"
        pledge.next_reminder_at = datetime(2027, 2, 23, 10, tzinfo=UTC)
        session.add(pledge)
    return chat


class Worker:
    """One dispatcher tick at a given moment (time-machine moves the clock; the sleeps a
    429 asks for are recorded, not slept)."""

    def __init__(self, runner: TurnRunner, fake: FakeTelegram) -> None:
        self.sleeps: list[float] = []
        self.runner, self.fake = runner, fake

    def tick(self) -> TickReport:
        async def fake_sleep(seconds: float) -> None:
            self.sleeps.append(seconds)

        async def one_tick() -> TickReport:
            async with reminder_bot(TOKEN, base_url=API_URL,
                                    request=fake_request(self.fake)) as bot:
                dispatcher = ReminderDispatcher(
                    self.runner.db, self.runner.reference, self.runner.catalogs,
                    {"telegram": TelegramSender(bot)}, {"telegram": Pacer(1000, 0)},
                    worker="test", batch=50, lease=timedelta(minutes=5),
                    follow_up_after=timedelta(days=14), overdue_after=timedelta(days=14),
                    sleep=fake_sleep)
                return await dispatcher.tick()

        return asyncio.run(one_tick())

    def at(self, moment: datetime) -> TickReport:
        with time_machine.travel(moment, tick=False):
            return self.tick()


@pytest.fixture
def worker(runner: TurnRunner, fake: FakeTelegram) -> Worker:
    return Worker(runner, fake)


def _pledge(runner: TurnRunner) -> Pledge:
    with runner.db.transaction() as session:
        return session.exec(select(Pledge)).one()


def _rows(runner: TurnRunner) -> list[ReminderOutbox]:
    with runner.db.transaction() as session:
        return list(session.exec(select(ReminderOutbox).order_by(ReminderOutbox.id)))


def test_an_approved_pledge_is_scheduled_a_quarter_later_at_the_local_hour(
        runner: TurnRunner) -> None:
    """Reminders start at approval: none while the pledge is under review."""
    chat = RunnerChat(runner, ChatUser("telegram", "5002", "Kim", "en", "Asia/Kathmandu"))
    with time_machine.travel(SUBMITTED, tick=False):
        chat.register()
        chat.answer_pledge()
        chat.press("confirm")
        assert _pledge(runner).next_reminder_at is None
        approve_all(runner)
    due = _pledge(runner).next_reminder_at
    assert due == datetime(2027, 2, 23, 4, 15, tzinfo=UTC)  # Tuesday 10:00 in Kathmandu


def test_nothing_is_sent_before_it_is_due(pledged: RunnerChat, worker: Worker,
                                          fake: FakeTelegram) -> None:
    report = worker.at(datetime(2027, 2, 23, 9, 59, tzinfo=UTC))
    assert report.planned == 0
    assert fake.calls_of("sendMessage") == []


def test_a_due_reminder_is_sent_once_with_its_buttons(pledged: RunnerChat, worker: Worker,
                                                      fake: FakeTelegram,
                                                      runner: TurnRunner) -> None:
    worker.at(datetime(2027, 2, 23, 10, 1, tzinfo=UTC))
    worker.at(datetime(2027, 2, 23, 10, 2, tzinfo=UTC))
    [sent] = fake.calls_of("sendMessage")
    assert "It is time to report progress on your pledge P2C-2026-00001" in sent.params["text"]
    buttons = [b["callback_data"] for row in sent.json("reply_markup")["inline_keyboard"]
               for b in row]
    assert buttons == ["cmd:report:P2C-2026-00001", "cmd:snooze:P2C-2026-00001",
                       "cmd:pause:P2C-2026-00001"]
    [row] = _rows(runner)
    assert (row.status, row.kind) == ("sent", "reminder")
    assert _pledge(runner).next_reminder_at == datetime(2027, 5, 24, 10, tzinfo=UTC)


def test_after_a_three_day_outage_each_missed_reminder_goes_out_once(
        pledged: RunnerChat, worker: Worker, fake: FakeTelegram) -> None:
    back = datetime(2027, 2, 26, 10, 0, tzinfo=UTC)
    for minute in range(5):
        worker.at(back + timedelta(minutes=minute))
    assert len(fake.calls_of("sendMessage")) == 1


def test_no_answer_brings_one_follow_up_then_overdue(pledged: RunnerChat, worker: Worker,
                                                     fake: FakeTelegram,
                                                     runner: TurnRunner) -> None:
    worker.at(datetime(2027, 2, 23, 10, 1, tzinfo=UTC))
    worker.at(datetime(2027, 3, 8, 10, tzinfo=UTC))
    assert len(fake.calls_of("sendMessage")) == 1
    report = worker.at(datetime(2027, 3, 10, 10, tzinfo=UTC))
    assert report.follow_ups == 1
    assert "A gentle reminder" in fake.calls_of("sendMessage")[-1].params["text"]
    worker.at(datetime(2027, 3, 12, 10, tzinfo=UTC))
    assert not _pledge(runner).overdue
    report = worker.at(datetime(2027, 3, 25, 10, tzinfo=UTC))
    assert report.overdue == 1
    assert _pledge(runner).overdue
    worker.at(datetime(2027, 4, 10, 10, tzinfo=UTC))
    assert len(fake.calls_of("sendMessage")) == 2


def test_a_report_resets_the_cycle(pledged: RunnerChat, worker: Worker, fake: FakeTelegram,
                                   runner: TurnRunner) -> None:
    worker.at(datetime(2027, 2, 23, 10, 1, tzinfo=UTC))
    with time_machine.travel(datetime(2027, 2, 25, 15, tzinfo=UTC), tick=False):
        pledged.press("cmd:report:P2C-2026-00001")
        pledged.press("in_progress")
        pledged.say("30")
        pledged.say("500k")
        pledged.say("2,000")
        pledged.command("skip")
        pledged.say("Ten towers up, twenty to go; backhaul agreed.")
        pledged.command("skip")
        pledged.press("confirm")
        assert "progress report on P2C-2026-00001 is saved" in pledged.text
    worker.at(datetime(2027, 3, 20, 10, tzinfo=UTC))
    assert len(fake.calls_of("sendMessage")) == 1
    pledge = _pledge(runner)
    assert (pledge.progress_status, pledge.overdue) == ("in_progress", False)
    assert pledge.next_reminder_at == datetime(2027, 5, 25, 10, tzinfo=UTC)


def test_snooze_moves_the_reminder_a_week(pledged: RunnerChat, worker: Worker,
                                          fake: FakeTelegram) -> None:
    worker.at(datetime(2027, 2, 23, 10, 1, tzinfo=UTC))
    with time_machine.travel(datetime(2027, 2, 23, 11, tzinfo=UTC), tick=False):
        pledged.send(Pick("cmd:snooze:P2C-2026-00001"))
        assert "again on March 2, 2027" in pledged.text
    worker.at(datetime(2027, 3, 1, 10, tzinfo=UTC))
    assert len(fake.calls_of("sendMessage")) == 1
    worker.at(datetime(2027, 3, 2, 10, 1, tzinfo=UTC))
    assert len(fake.calls_of("sendMessage")) == 2


def test_pause_stops_reminders(pledged: RunnerChat, worker: Worker, fake: FakeTelegram) -> None:
    pledged.send(Pick("cmd:pause:P2C-2026-00001"))
    assert "Reminders for P2C-2026-00001 are paused" in pledged.text
    worker.at(datetime(2027, 6, 1, 10, tzinfo=UTC))
    assert fake.calls_of("sendMessage") == []


def test_a_completed_pledge_gets_no_more_reminders(pledged: RunnerChat, worker: Worker,
                                                   fake: FakeTelegram,
                                                   runner: TurnRunner) -> None:
    pledged.command("report")
    pledged.press("completed")
    for _ in range(3):
        pledged.command("skip")
    pledged.say("All 300 villages are connected and the network is handed over.")
    pledged.command("skip")
    pledged.press("confirm")
    assert _pledge(runner).next_reminder_at is None
    worker.at(datetime(2027, 6, 1, 10, tzinfo=UTC))
    assert fake.calls_of("sendMessage") == []


def test_a_429_is_waited_out_and_the_reminder_sent_once(pledged: RunnerChat, worker: Worker,
                                                        fake: FakeTelegram,
                                                        runner: TurnRunner) -> None:
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3)
    report = worker.at(datetime(2027, 2, 23, 10, 1, tzinfo=UTC))
    assert report.retried_after_429 == 1
    assert worker.sleeps == [3]
    assert len(fake.calls_of("sendMessage")) == 2
    assert [r.status for r in _rows(runner)] == ["sent"]


def test_a_pledger_who_blocked_the_bot_is_not_reminded_again(
        pledged: RunnerChat, worker: Worker, fake: FakeTelegram, runner: TurnRunner) -> None:
    fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    worker.at(datetime(2027, 2, 23, 10, 1, tzinfo=UTC))
    with runner.db.transaction() as session:
        assert session.exec(select(Pledger)).one().unreachable
    assert [r.status for r in _rows(runner)] == ["unreachable"]
    worker.at(datetime(2027, 6, 1, 10, tzinfo=UTC))
    assert len(fake.calls_of("sendMessage")) == 1


def test_new_reminder_settings_reschedule_the_pledges(pledged: RunnerChat,
                                                      runner: TurnRunner) -> None:
    """A new hour keeps the reminder's day (23 February) and moves its time; a resume
    plans afresh from the day it is resumed."""
    with time_machine.travel(datetime(2027, 1, 4, 12, tzinfo=UTC), tick=False):
        assert _pledge(runner).next_reminder_at == datetime(2027, 2, 23, 10, tzinfo=UTC)
        pledged.command("reminders")
        pledged.press("hour")
        pledged.say("14")
        assert "Your reminder settings are saved." in pledged.text
        assert _pledge(runner).next_reminder_at == datetime(2027, 2, 23, 14, tzinfo=UTC)
        pledged.command("reminders")
        pledged.press("pause")
        assert _pledge(runner).next_reminder_at is None
        pledged.command("reminders")
        assert "Reminders are paused." in pledged.text
        pledged.press("resume")
        assert _pledge(runner).next_reminder_at == datetime(2027, 4, 5, 14, tzinfo=UTC)


def test_an_hour_inside_the_quiet_hours_is_kept_and_explained(pledged: RunnerChat,
                                                               runner: TurnRunner) -> None:
    with time_machine.travel(datetime(2027, 1, 4, 12, tzinfo=UTC), tick=False):
        pledged.command("reminders")
        pledged.press("hour")
        pledged.say("6")
        assert "6:00\u202fAM falls in your quiet hours (8:00\u202fPM to 8:00\u202fAM), so " \
            "reminders will come at 8:00\u202fAM." in pledged.text
        assert _pledge(runner).next_reminder_at == datetime(2027, 2, 23, 8, tzinfo=UTC)


def test_a_rejected_pledge_gets_no_reminder_even_when_one_was_scheduled(
        pledged: RunnerChat, worker: Worker, fake: FakeTelegram, runner: TurnRunner) -> None:
    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
        pledge.status = "rejected"
        session.add(pledge)
    worker.at(datetime(2027, 2, 23, 10, 1, tzinfo=UTC))
    assert fake.calls_of("sendMessage") == []


def test_a_queued_reminder_is_skipped_when_a_report_arrives_first(
        pledged: RunnerChat, worker: Worker, fake: FakeTelegram, runner: TurnRunner) -> None:
    due = datetime(2027, 2, 23, 10, 1, tzinfo=UTC)
    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
        outbox.enqueue(session, pledge.id, "queued-earlier", ReminderKind.REMINDER, due)
    with time_machine.travel(due + timedelta(minutes=5), tick=False):
        pledged.command("report")
        pledged.press("in_progress")
        for _ in range(4):
            pledged.command("skip")
        pledged.say("Ten towers up, twenty to go; backhaul agreed.")
        pledged.command("skip")
        pledged.press("confirm")
    worker.at(due + timedelta(minutes=10))
    assert fake.calls_of("sendMessage") == []
    assert [r.status for r in _rows(runner)] == ["skipped"]
