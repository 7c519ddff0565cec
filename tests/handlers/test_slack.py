"""The Slack channel end to end: the real Bolt app in the real web app, signed requests,
and a strict fake of the Web API."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import select

from bot.turns import TurnRunner
from storage.models import Pledge, Pledger
from tests.fakes.http_server import serving
from tests.fakes.slack_api import FakeSlack, SlackUser
from tests.handlers.slack_harness import SlackMember, slack_client

AMINA = SlackUser("U0AMINA01", "amina", "Amina Diallo", tz="Africa/Dakar", locale="en-GB")


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    fake = FakeSlack()
    yield fake
    assert not fake.refused, f"the bot made calls Slack refuses: {fake.refused}"


@pytest.fixture
def api_url(fake: FakeSlack) -> Iterator[str]:
    with serving(fake.app) as url:
        yield url


@pytest.fixture
def amina(runner: TurnRunner, fake: FakeSlack, api_url: str) -> Iterator[SlackMember]:
    with slack_client(runner, api_url) as client:
        yield SlackMember(client, fake, runner, AMINA)


def test_a_whole_pledge_through_command_buttons_selects_and_messages(
        amina: SlackMember, fake: FakeSlack, runner: TurnRunner) -> None:
    response = amina.command()
    assert response.text == "Let's continue in our direct messages."
    assert "What is the name of your organization?" in amina.last_text
    amina.says("Sahel Connect & Partners")
    amina.selects("civil_society")
    amina.says("Senegal")
    amina.presses("Yes")
    amina.presses("access")
    amina.presses("affordability")
    amina.presses("Financial")
    amina.says("Affordable data for schools")
    amina.says("Subsidised connectivity for 1,000 rural schools in the Sahel.")
    amina.says("Senegal, Mali")
    amina.presses("yes")
    amina.says("USD 3m")
    amina.chooses("rural", "youth")
    amina.presses("done")
    amina.chooses("4", "9")
    amina.presses("done")
    amina.says("Q1 2027")
    amina.says("2029")
    amina.presses("no_partners")
    assert "Please review your pledge:" in amina.last_text
    amina.presses("confirm")
    assert "Your pledge is submitted with the reference P2C-" in amina.last_text

    with runner.db.transaction() as session:
        pledge = session.exec(select(Pledge)).one()
        pledger = session.exec(select(Pledger)).one()
    assert (pledge.title, str(pledge.amount), pledge.currency) == (
        "Affordable data for schools", "3000000.00", "USD")
    assert pledge.sdgs == [4, 9]
    assert pledge.beneficiary_groups == ["youth", "rural"]
    assert (pledger.time_zone, pledger.display_name) == ("Africa/Dakar", "Amina Diallo")
