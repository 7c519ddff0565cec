"""Choosing the bot's language."""

from __future__ import annotations

from bot.flows.effects import SetLanguage
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


def test_the_language_menu_does_not_discard_a_pledge_in_progress(engine, make_context) -> None:
    chat = Chat(engine, make_context())
    chat.command("pledge")
    chat.press("access")
    chat.command("language")
    assert chat.state.flow == "pledge"
    assert chat.step == "pillar"
