"""A numeric date that reads two ways is asked about; others are taken as typed."""

from __future__ import annotations

import pytest

from tests.flows.chat import Chat
from tests.flows.journey import answer_until


@pytest.fixture
def chat(engine, make_context) -> Chat:
    chat = Chat(engine, make_context())
    chat.command("pledge")
    answer_until(chat, "start_date")
    return chat


def test_an_ambiguous_numeric_date_is_asked_about(chat: Chat) -> None:
    reply = chat.say("01/02/2027")
    assert chat.step == "start_date"
    assert "Do you mean February 1, 2027 or January 2, 2027?" in reply.text
    assert "start_date" not in chat.state.data
    chat.press("date:2027-01-02")
    assert chat.state.data["start_date"] == "2027-01-02"
    assert chat.step == "end_date"
    assert not any(key.endswith("_readings") for key in chat.state.data)


def test_typing_the_date_in_words_answers_the_question_too(chat: Chat) -> None:
    chat.say("01/02/2027")
    chat.say("1 February 2027")
    assert chat.state.data["start_date"] == "2027-02-01"


@pytest.mark.parametrize(("typed", "stored"), [
    ("13/02/2027", "2027-02-13"), ("02/13/2027", "2027-02-13"), ("01/01/2027", "2027-01-01"),
    ("2027-02-01", "2027-02-01"), ("1.2.2027 ", None),
])
def test_a_date_that_reads_one_way_is_taken_at_once(chat: Chat, typed: str,
                                                     stored: str | None) -> None:
    chat.say(typed)
    if stored is None:
        assert chat.step == "start_date", "1.2.2027 reads two ways too"
    else:
        assert chat.state.data["start_date"] == stored


def test_the_end_date_rule_holds_for_a_chosen_reading(chat: Chat) -> None:
    chat.say("June 2027")
    reply = chat.say("01/02/2027")
    assert "Do you mean" in reply.text
    reply = chat.press("date:2027-02-01")
    assert "The end date must be on or after the start date" in reply.text
    assert chat.step == "end_date"
