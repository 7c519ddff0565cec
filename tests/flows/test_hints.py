"""Hints name what the pledger's channel has: no buttons in a terminal, no /report on
Slack; the visible words work as answers."""

from __future__ import annotations

import pytest

from bot.flows.model import Text
from tests.flows.chat import Chat
from tests.flows.journey import answer_until
from vocabulary import Channel


def chat_on(engine, make_context, channel: Channel, **context) -> Chat:
    return Chat(engine, make_context(channel=channel, **context))


@pytest.mark.parametrize(("channel", "shown", "absent"), [
    (Channel.TELEGRAM, ["/pledge - make", "/report - report", "/cancel - stop"], []),
    (Channel.SLACK, ["/pledge - make", "/pledge report - report", "/pledge list - see",
                     "cancel - stop", "back - go back"], ["/report", "/cancel"]),
    (Channel.CONSOLE, ["pledge - make", "report - report", "my pledges - see",
                       "cancel - stop"], ["/"]),
])
def test_help_lists_commands_as_the_channel_gives_them(engine, make_context, channel: Channel,
                                                       shown: list[str],
                                                       absent: list[str]) -> None:
    chat = chat_on(engine, make_context, channel)
    text = chat.command("help").text
    for line in shown:
        assert line in text
    for missing in absent:
        assert missing not in text


@pytest.mark.parametrize(("channel", "hint", "absent"), [
    (Channel.TELEGRAM, "press a button, or type its name", "number"),
    (Channel.SLACK, "press a button, or type its name", "number"),
    (Channel.CONSOLE, "type its number or its name", "press"),
])
def test_a_wrong_choice_is_answered_with_the_channels_way_to_choose(
        engine, make_context, channel: Channel, hint: str, absent: str) -> None:
    chat = chat_on(engine, make_context, channel)
    chat.command("pledge")
    text = chat.say("gardening").text
    assert hint in text
    assert absent not in text.split("\n")[0]


@pytest.mark.parametrize(("channel", "hint"), [
    (Channel.TELEGRAM, "Press the buttons to select, then Done"),
    (Channel.SLACK, "Choose in the menu, then press Done"),
    (Channel.CONSOLE, "Type their numbers or names"),
])
def test_a_several_of_question_says_how_to_choose_on_the_channel(
        engine, make_context, channel: Channel, hint: str) -> None:
    chat = chat_on(engine, make_context, channel)
    chat.command("pledge")
    answer_until(chat, "beneficiary_groups")
    assert hint in chat.text


def test_the_welcome_names_the_help_command_of_the_channel(engine, make_context) -> None:
    for channel, help_command in ((Channel.CONSOLE, "help"), (Channel.SLACK, "help"),
                                  (Channel.TELEGRAM, "/help")):
        chat = chat_on(engine, make_context, channel, organization=None)
        chat.command("start")
        assert f"You can type {help_command} at any time." in chat.text


@pytest.mark.parametrize(("typed", "flow"), [
    ("pledge", "pledge"), ("Pledge", "pledge"), ("report", None), ("reminders", None),
    ("language", "language"), ("my pledges", None),
])
def test_the_menus_words_are_commands_at_the_main_menu(engine, make_context, typed: str,
                                                       flow: str | None) -> None:
    chat = chat_on(engine, make_context, Channel.CONSOLE)
    chat.command("start")
    reply = chat.send(Text(typed))
    assert "did not understand" not in reply.text
    if flow:
        assert chat.state.flow == flow



def test_a_visible_part_of_a_label_is_an_answer(engine, make_context) -> None:
    """`NGO` picks "Civil society / NGO"; the parenthesised name picks its focus area."""
    chat = chat_on(engine, make_context, Channel.CONSOLE, organization=None)
    chat.command("start")
    chat.say("Sahel Connect")
    chat.say("NGO")
    assert chat.state.data["sector"] == "civil_society"
    pledging = chat_on(engine, make_context, Channel.CONSOLE)
    pledging.command("pledge")
    labels = [c.label for c in pledging.last.choices if "(" in c.label]
    short = labels[0].rsplit("(", 1)[1].rstrip(")")
    pledging.say(short.casefold())
    assert pledging.step == "pillar"


def test_sdgs_typed_as_the_summary_writes_them(engine, make_context) -> None:
    chat = chat_on(engine, make_context, Channel.TELEGRAM)
    chat.command("pledge")
    answer_until(chat, "sdgs")
    chat.say("SDG 4, SDG 5 and sdg17")
    assert chat.state.data["sdgs"] == ["4", "5", "17"]
