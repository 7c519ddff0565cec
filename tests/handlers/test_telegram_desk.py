"""The secretariat on Telegram, through the real PTB Application and the strict fake:
a member named in settings reviews and approves, the pledger is told by the worker in
their language, an export arrives as a document; a non-member is refused."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from bot.handlers.telegram import TelegramDigestSender, TelegramSender, reminder_bot
from bot.reminders.dispatch import ReminderDispatcher
from bot.reminders.sending import Pacer
from bot.secretariat.digest_dispatch import DigestDispatcher
from bot.secretariat.digest_schedule import DigestSchedule
from bot.turns import TurnRunner
from storage.models import AuditEvent, Pledge
from tests.fakes.telegram_api import FakeTelegram
from tests.handlers.telegram_harness import (
    API_URL,
    TOKEN,
    TelegramUser,
    fake_request,
    telegram_client,
)
from vocabulary import Channel, DigestCadence, PledgeStatus

OFFICER_ID = 515151
GROUP_CHAT = -1005151


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    yield fake
    assert not fake.refused, f"the bot made calls the Bot API refuses: {fake.refused}"
    assert not fake.unanswered_callbacks(), "every callback query must be answered"


@pytest.fixture
def desk_runner(runner: TurnRunner) -> TurnRunner:
    return TurnRunner(runner.db, runner.reference, runner.catalogs,
                      idle_after=runner.idle_after,
                      secretariat=frozenset({(Channel.TELEGRAM, str(OFFICER_ID))}))


@pytest.fixture
def people(desk_runner: TurnRunner,
           fake: FakeTelegram) -> Iterator[tuple[TelegramUser, TelegramUser]]:
    with telegram_client(desk_runner, fake) as client:
        pledger = TelegramUser(client, fake, language_code="en-GB")
        officer = TelegramUser(client, fake, user_id=OFFICER_ID)
        yield pledger, officer


def _push(runner: TurnRunner, fake: FakeTelegram) -> None:
    async def tick() -> None:
        bot = reminder_bot(TOKEN, base_url=API_URL, request=fake_request(fake))
        await bot.initialize()
        dispatcher = ReminderDispatcher(
            runner.db, runner.reference, runner.catalogs,
            {Channel.TELEGRAM: TelegramSender(bot)}, {Channel.TELEGRAM: Pacer(1000, 0)},
            worker="test", batch=10, lease=timedelta(minutes=5),
            follow_up_after=timedelta(days=14), overdue_after=timedelta(days=14))
        await dispatcher.tick()
        await bot.shutdown()

    asyncio.run(tick())


def test_a_member_approves_and_the_pledger_is_told(
        people: tuple[TelegramUser, TelegramUser], fake: FakeTelegram,
        desk_runner: TurnRunner) -> None:
    pledger, officer = people
    pledger.pledge_until_review()
    pledger.presses("confirm")
    officer.says("/review")
    assert "Sahel Connect" in officer.last_text
    officer.presses("Approve")
    assert "is approved" in officer.last_text
    officer.says("/find sahel")
    assert "1 pledge matches" in "\n".join(fake.visible_text(OFFICER_ID))
    _push(desk_runner, fake)
    assert pledger.last_text.startswith("Good news: the P2C secretariat approved your pledge "
                                        "P2C-2026-00001")
    with desk_runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
    assert pledge.status == PledgeStatus.APPROVED
    assert pledge.next_reminder_at is not None


def test_a_member_rejects_with_a_reason(people: tuple[TelegramUser, TelegramUser],
                                        fake: FakeTelegram, desk_runner: TurnRunner) -> None:
    pledger, officer = people
    pledger.pledge_until_review()
    pledger.presses("confirm")
    officer.says("/review")
    officer.presses("Reject")
    officer.says("Not about connectivity in hard-to-connect communities.")
    _push(desk_runner, fake)
    assert "Not about connectivity" in pledger.last_text
    with desk_runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
    assert pledge.status == PledgeStatus.REJECTED
    assert pledge.next_reminder_at is None


def test_an_export_arrives_as_a_document(people: tuple[TelegramUser, TelegramUser],
                                        fake: FakeTelegram) -> None:
    pledger, officer = people
    pledger.pledge_until_review()
    pledger.presses("confirm")
    officer.says("/export xlsx")
    [call] = fake.calls_of("sendDocument")
    name, content = call.files["document"]
    assert name.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet.max_row == 2


@pytest.mark.parametrize("command", ["/review", "/stats", "/find sahel", "/digest",
                                     "/export csv", "/overdue"])
def test_a_non_member_is_refused_every_secretariat_command(
        people: tuple[TelegramUser, TelegramUser], fake: FakeTelegram,
        desk_runner: TurnRunner, command: str) -> None:
    pledger, _ = people
    pledger.says(command)
    assert "only the P2C secretariat can do that" in pledger.last_text
    assert not fake.calls_of("sendDocument")
    with desk_runner.db.transaction() as session:
        [event] = session.exec(select(AuditEvent)).all()
    assert event.action == "access.refused"


def test_a_forged_approve_button_is_refused(people: tuple[TelegramUser, TelegramUser],
                                            fake: FakeTelegram,
                                            desk_runner: TurnRunner) -> None:
    pledger, _ = people
    pledger.pledge_until_review()
    pledger.presses("confirm")
    message = fake.last_message(pledger.chat_id)
    pledger.press(message, "cmd:approve:P2C-2026-00001.0")
    with desk_runner.db.transaction() as session:
        assert session.exec(select(Pledge)).one().status == PledgeStatus.SUBMITTED


def test_the_digest_reaches_a_telegram_group_with_chart_and_workbook(
        people: tuple[TelegramUser, TelegramUser], fake: FakeTelegram,
        desk_runner: TurnRunner) -> None:
    pledger, _ = people
    pledger.pledge_until_review()
    pledger.presses("confirm")

    async def tick() -> dict[str, int]:
        bot = reminder_bot(TOKEN, base_url=API_URL, request=fake_request(fake))
        await bot.initialize()
        sender = TelegramDigestSender(bot, str(GROUP_CHAT))
        dispatcher = DigestDispatcher(
            desk_runner.db, desk_runner.reference, desk_runner.catalogs, "en",
            DigestSchedule(DigestCadence.DAILY, "monday", 0, "UTC"),
            {sender.destination: sender}, worker="w", lease=timedelta(minutes=5),
            late_after=timedelta(days=2))
        outcome = await dispatcher.tick()
        await dispatcher.tick()
        await bot.shutdown()
        return outcome

    assert asyncio.run(tick()) == {"sent": 1}
    assert len(fake.calls_of("sendPhoto")) == 1
    [document] = fake.calls_of("sendDocument")
    assert document.files["document"][0].startswith("p2c-digest-")
    assert any("Partner2Connect digest" in t for t in fake.visible_text(GROUP_CHAT))
