"""Choosing the bot's language."""

from __future__ import annotations

from bot.flows.effects import SetLanguage
from bot.flows.model import Command
from tests.flows.chat import Chat


def test_the_language_menu_offers_each_catalog_in_its_own_words(engine, make_context) -> None:
    ctx = make_context()
    chat = Chat(engine, type(ctx)(**{**ctx.__dict__, "languages": ("en", "fr", "ar")}))
    chat.command("language")
    labels = [c.label for c in chat.last.choices if not c.is_navigation]
    assert labels == ["English", "français", "العربية"]
    chat.press("lang:fr")
    assert chat.effects == [SetLanguage("fr")]
    assert chat.state.idle


def test_the_language_changes_in_the_middle_of_a_pledge_which_stays_where_it_was(
        engine, make_context) -> None:
    ctx = make_context()
    chat = Chat(engine, type(ctx)(**{**ctx.__dict__, "languages": ("en", "fr")}))
    chat.command("pledge")
    chat.press("access")
    chat.command("language")
    assert [c.label for c in chat.last.choices] == ["English", "français"]
    assert (chat.state.flow, chat.step) == ("pledge", "pillar")
    chat.press("cmd:language:fr")
    assert chat.effects == [SetLanguage("fr", in_conversation=True)]
    assert (chat.state.flow, chat.step, chat.state.data["focus_area"]) == (
        "pledge", "pillar", "access")


def test_a_language_with_no_catalog_is_not_set(engine, make_context) -> None:
    chat = Chat(engine, make_context())
    chat.command("pledge")
    chat.send(Command("language", "xx"))
    assert chat.effects == []
    assert chat.step == "focus_area"
