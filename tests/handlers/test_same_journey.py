"""One pledger journey, written once, through the console, Telegram and Slack adapters:
each must store the same pledge."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Protocol

import pytest
from sqlmodel import select

from bot.handlers.console import CONTINUATION
from bot.handlers.console import chat as console_chat
from bot.turns import TurnRunner
from storage.models import Pledge
from storage.pledges import countries_of
from tests.fakes.http_server import serving
from tests.fakes.slack_api import FakeSlack, SlackUser
from tests.fakes.telegram_api import FakeTelegram
from tests.handlers.slack_harness import SlackMember, slack_client
from tests.handlers.telegram_harness import TelegramUser, plain, telegram_client

START = ("start",)
JOURNEY = [
    START,
    ("type", "Sahel Connect"),
    ("choose", "civil_society", "Civil society / NGO"),
    ("type", "Senegal"),
    ("time_zone", "Dakar"),
    ("choose", "access", "Connect people"),
    ("choose", "affordability", "Affordability"),
    ("choose", "financial", "Financial"),
    ("type", "Affordable data for schools"),
    ("type", "Subsidised connectivity for 1,000 rural schools in the Sahel."),
    ("type", "Senegal, Mali"),
    ("type", "USD 3m"),
    ("choose_many", ("youth", "rural"), "youth, rural communities"),
    ("choose_many", ("4", "9"), "4 and 9"),
    ("type", "Q1 2027"),
    ("type", "2029"),
    ("choose", "no_partners", "No partners"),
    ("choose", "confirm", "Confirm and submit"),
]

EXPECTED = {
    "focus_area": "access", "pillar": "affordability", "pledge_type": "financial",
    "title": "Affordable data for schools",
    "description": "Subsidised connectivity for 1,000 rural schools in the Sahel.",
    "amount": Decimal("3000000.00"), "currency": "USD", "amount_usd": Decimal("3000000.00"),
    "beneficiary_groups": ["youth", "rural"], "sdgs": [4, 9],
    "start_date": date(2027, 1, 1), "end_date": date(2029, 12, 31),
    "targets_ldc": True, "targets_lldc": True, "targets_sids": False,
    "is_global": False, "status": "submitted", "countries": ["MLI", "SEN"],
}


class Pledger(Protocol):
    def start(self) -> None: ...
    def time_zone(self, city: str) -> None: ...
    def type(self, text: str) -> None: ...
    def choose(self, choice_id: str, label: str) -> None: ...
    def choose_many(self, choice_ids: tuple[str, ...], typed: str) -> None: ...


class ConsolePledger:
    """Collects the lines, then runs the console adapter over them as a terminal would."""

    def __init__(self, runner: TurnRunner) -> None:
        self.runner = runner
        self.lines: list[str] = []

    def start(self) -> None:
        """The console greets and asks on its own when it starts."""

    def time_zone(self, city: str) -> None:
        self.lines.append(city)

    def type(self, text: str) -> None:
        self.lines.append(text)

    def choose(self, choice_id: str, label: str) -> None:
        self.lines.append(label)

    def choose_many(self, choice_ids: tuple[str, ...], typed: str) -> None:
        self.lines.append(typed)

    def finish(self) -> None:
        lines = iter(self.lines)
        shown: list[str] = []

        def read(prompt: str) -> str:
            if prompt == CONTINUATION:
                return ""
            try:
                return next(lines)
            except StopIteration:
                raise EOFError from None

        console_chat(self.runner, "amina", "en", read=read, write=shown.append)
        assert any("Your pledge is submitted" in text for text in shown)


class TelegramPledger:
    def __init__(self, user: TelegramUser) -> None:
        self.user = user

    def start(self) -> None:
        self.user.says("/start")

    def time_zone(self, city: str) -> None:
        self.user.says(city)

    def type(self, text: str) -> None:
        self.user.says(text)

    def choose(self, choice_id: str, label: str) -> None:
        self.user.presses(choice_id)

    def choose_many(self, choice_ids: tuple[str, ...], typed: str) -> None:
        for choice_id in choice_ids:
            self.user.presses(choice_id)
        self.user.presses("done")

    def finish(self) -> None:
        assert "Your pledge is submitted" in self.user.last_text


class SlackPledger:
    def __init__(self, member: SlackMember) -> None:
        self.member = member

    def start(self) -> None:
        self.member.command()

    def time_zone(self, city: str) -> None:
        """Slack's profile has the time zone: nothing is asked."""

    def type(self, text: str) -> None:
        self.member.says(text)

    def choose(self, choice_id: str, label: str) -> None:
        message = self.member.fake.last_message(self.member.dm)
        buttons = [plain(e.get("value")) for e in self.member.elements(message)]
        if choice_id in buttons:
            self.member.presses(choice_id)
        else:
            self.member.selects(choice_id)

    def choose_many(self, choice_ids: tuple[str, ...], typed: str) -> None:
        self.member.chooses(*choice_ids)
        self.member.presses("done")

    def finish(self) -> None:
        assert "Your pledge is submitted" in self.member.last_text


@contextmanager
def console(runner: TurnRunner) -> Iterator[ConsolePledger]:
    yield ConsolePledger(runner)


@contextmanager
def telegram(runner: TurnRunner) -> Iterator[TelegramPledger]:
    fake = FakeTelegram()
    with telegram_client(runner, fake) as client:
        yield TelegramPledger(TelegramUser(client, fake))
    assert not fake.refused


@contextmanager
def slack(runner: TurnRunner) -> Iterator[SlackPledger]:
    fake = FakeSlack()
    with serving(fake.app) as url, slack_client(runner, url) as client:
        user = SlackUser("U0AMINA01", "amina", "Amina Diallo")
        yield SlackPledger(SlackMember(client, fake, runner, user))
    assert not fake.refused


@pytest.mark.parametrize("channel", [console, telegram, slack],
                         ids=["console", "telegram", "slack"])
def test_the_same_journey_stores_the_same_pledge(channel, runner: TurnRunner) -> None:
    with channel(runner) as pledger:
        for step in JOURNEY:
            action, *arguments = step
            getattr(pledger, action)(*arguments)
        pledger.finish()
    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
        stored = {key: getattr(pledge, key) for key in EXPECTED if key != "countries"}
        stored["countries"] = countries_of(session, [pledge.id])[pledge.id]
    assert stored == EXPECTED
