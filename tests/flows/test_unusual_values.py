"""Valid but unusual values are confirmed once: a slip of a few zeros is caught before
it reaches the totals, and a real outlier still goes through."""

from __future__ import annotations

import pytest

from bot.flows.model import OrganizationProfile, PledgeSummary
from tests.flows.chat import Chat
from tests.flows.journey import EXPECTED_ANSWERS, answer_until

NGO = OrganizationProfile(name="Sahel Connect", sector="civil_society", country="SEN")


@pytest.fixture
def ngo(engine, make_context) -> Chat:
    chat = Chat(engine, make_context(organization=NGO))
    chat.command("pledge")
    answer_until(chat, "amount")
    return chat


def test_a_pledge_far_above_what_such_organizations_pledge_is_confirmed(ngo: Chat) -> None:
    reply = ngo.say("USD 900 billion")
    assert ngo.step == "amount"
    assert "$900,000,000,000.00 is far more than a pledge from Civil society / NGO usually " \
        "is (up to $50,000,000.00)." in reply.text
    assert "amount" not in ngo.state.data
    ngo.press("yes")
    assert ngo.state.data["amount"] == "900000000000"
    assert ngo.step == "beneficiary_groups"


def test_saying_no_asks_for_the_amount_again(ngo: Chat) -> None:
    ngo.say("USD 900 billion")
    ngo.press("no")
    assert ngo.step == "amount"
    assert "What is the estimated value" in ngo.last.text
    ngo.say("USD 900,000")
    assert ngo.state.data["amount"] == "900000"
    assert ngo.step == "beneficiary_groups"


def test_a_usual_amount_is_not_questioned(ngo: Chat) -> None:
    ngo.say("€2.5m")
    assert ngo.step == "beneficiary_groups"


def test_the_check_also_follows_a_currency_given_afterwards(ngo: Chat) -> None:
    ngo.say("2 billion")
    assert ngo.step == "currency"
    assert "far more than a pledge" in ngo.say("EUR").text
    ngo.press("yes")
    assert ngo.state.data["currency"] == "EUR"


def test_a_tiny_pledge_is_confirmed_too(engine, make_context) -> None:
    chat = Chat(engine, make_context())
    chat.command("pledge")
    answer_until(chat, "amount")
    assert "$5.00 is far less than a pledge from Private sector usually is (from " \
        "$1,000.00)." in chat.say("5 USD").text


def test_more_disbursed_than_pledged_is_confirmed(engine, make_context) -> None:
    pledge = PledgeSummary(
        "P2C-2026-00001", "approved", {**EXPECTED_ANSWERS, "amount": "3000000"})
    chat = Chat(engine, make_context(pledges=(pledge,)))
    chat.command("report")
    chat.press("in_progress")
    chat.say("40")
    reply = chat.say("5 million")
    assert "$5,000,000.00 is more than the $3,000,000.00 pledged." in reply.text
    chat.press("yes")
    assert chat.state.data["amount_disbursed"] == "5000000"
