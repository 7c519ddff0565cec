"""Hostile and international text as people type or paste it: control characters and
terminal escapes never stored, joiners kept, one Unicode form, partners once."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.flows.typed_text import clean_typed
from tests.flows.chat import Chat
from tests.flows.journey import answer_until


@pytest.fixture
def chat(engine, make_context) -> Chat:
    chat = Chat(engine, make_context())
    chat.command("pledge")
    return chat


@pytest.mark.parametrize(("typed", "stored"), [
    ("Partner\x1b[31mRED\x1b[0m Org", "PartnerRED Org"),
    ("\x1b[2J\x1b[1;31mRural broadband", "Rural broadband"),
    ("Rural\x07 broad\x00band\x7f", "Rural broadband"),
    ("\x1b]0;owned\x07Rural broadband", "Rural broadband"),
    ("\x9b2JRural broadband", "Rural broadband"),
    ("Rural\r\nbroadband", "Rural broadband"),
])
def test_control_characters_and_escapes_never_reach_a_title(chat: Chat, typed: str,
                                                            stored: str) -> None:
    answer_until(chat, "title")
    chat.say(typed)
    assert chat.state.data["title"] == stored


def test_joiners_stay_and_text_is_stored_in_one_unicode_form(chat: Chat) -> None:
    answer_until(chat, "title")
    coder = "\U0001f469\U0001f3fe\u200d\U0001f4bb"
    persian = "می\u200cخواهم"
    chat.say(f"Cafe\u0301 {coder} {persian}")
    assert chat.state.data["title"] == f"Caf\u00e9 {coder} {persian}"


def test_a_description_keeps_its_paragraphs(chat: Chat) -> None:
    answer_until(chat, "description")
    chat.say("First paragraph of the plan.\r\n\r\n\tSecond: towers in 40 villages.")
    assert chat.state.data["description"] == \
        "First paragraph of the plan.\n\n\tSecond: towers in 40 villages."


def test_a_partner_named_twice_is_stored_once(chat: Chat) -> None:
    answer_until(chat, "partners")
    chat.say("GSMA; ITU; gsma ;  ITU")
    assert chat.state.data["partners"] == ["GSMA", "ITU"]


@given(st.text())
def test_cleaned_text_has_no_control_character_but_newline_and_tab(typed: str) -> None:
    cleaned = clean_typed(typed)
    assert all(c in "\n\t" or unicodedata.category(c) != "Cc" for c in cleaned)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert clean_typed(cleaned) == cleaned
