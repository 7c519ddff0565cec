"""Registering the organization once, then going on to the pledge."""

from __future__ import annotations

import pytest

from bot.flows.effects import RegisterOrganization
from tests.flows.chat import Chat


@pytest.fixture
def newcomer(engine, make_context) -> Chat:
    chat = Chat(engine, make_context(organization=None))
    chat.command("start")
    assert chat.step == "organization_name"
    return chat


def test_a_newcomer_registers_then_continues_to_the_pledge(newcomer: Chat) -> None:
    assert "please tell me about your organization" in newcomer.text
    newcomer.say("ACME Telecom")
    newcomer.say("Private sector")
    assert "I understood: Kenya." in newcomer.say("keniya").text
    newcomer.press("yes")
    assert newcomer.choice_ids[0] == "tz:Africa/Nairobi"
    assert "I do not know that time zone" in newcomer.say("Atlantis").text
    newcomer.press("tz:Africa/Nairobi")
    assert newcomer.effects == [RegisterOrganization("ACME Telecom", "private", "KEN",
                                                     "Africa/Nairobi")]
    assert "ACME Telecom is registered" in newcomer.text
    assert newcomer.state.flow == "pledge"
    assert newcomer.step == "focus_area"


def test_the_pledge_command_registers_first(engine, make_context) -> None:
    chat = Chat(engine, make_context(organization=None))
    chat.command("pledge")
    assert chat.step == "organization_name"
    assert chat.state.data["_then"] == "pledge"


@pytest.mark.parametrize(("step_inputs", "typed", "message"), [
    ([], "A", "at least 2 characters"),
    (["ACME"], "Bakery", "Please choose one of the options"),
    (["ACME", "2"], "Kenya, Uganda", "Please type just one country."),
    (["ACME", "2"], "Wakanda", "“Wakanda”: did you mean Rwanda?"),
    (["ACME", "2"], "Qwxz", "“Qwxz”: no country by that name."),
])
def test_bad_registration_answers_are_asked_again(newcomer: Chat, step_inputs: list[str],
                                                  typed: str, message: str) -> None:
    for given in step_inputs:
        newcomer.say(given)
    before = newcomer.state
    assert message in newcomer.say(typed).text
    assert newcomer.state == before


def test_a_registered_pledger_gets_the_menu(engine, make_context) -> None:
    chat = Chat(engine, make_context())
    chat.command("start")
    assert chat.state.idle
    assert "Welcome to Partner2Connect, ACME Telecom!" in chat.text
    assert chat.choice_ids == ["cmd:pledge", "cmd:mypledges", "cmd:report", "cmd:reminders",
                               "cmd:language", "cmd:help"]
    chat.say("1")
    assert chat.state.flow == "pledge"


def test_unknown_text_at_the_menu_is_explained(engine, make_context) -> None:
    chat = Chat(engine, make_context())
    assert "did not understand" in chat.say("hello?").text
    assert chat.choice_ids == ["cmd:pledge", "cmd:mypledges", "cmd:report", "cmd:reminders",
                               "cmd:language", "cmd:help"]


def test_a_newcomers_first_words_open_the_welcome(engine, make_context) -> None:
    chat = Chat(engine, make_context(organization=None))
    chat.say("hello")
    assert "Welcome to Partner2Connect!" in chat.text
    assert chat.step == "organization_name"


def test_where_the_channel_knows_the_time_zone_it_is_not_asked(engine, make_context) -> None:
    ctx = make_context(organization=None)
    chat = Chat(engine, type(ctx)(**{**ctx.__dict__, "time_zone": "Europe/Paris"}))
    chat.command("start")
    for answer in ("ACME Telecom", "Private sector", "France"):
        chat.say(answer)
    assert chat.effects == [RegisterOrganization("ACME Telecom", "private", "FRA", None)]
