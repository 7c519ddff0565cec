"""The pledge questions answered in each UN language: lists with the language's
conjunctions, labels and yes/no in its words, values read and said back its way."""

from __future__ import annotations

import pytest

from tests.flows.chat import Chat
from tests.flows.journey import answer_until
from tests.flows.languages import in_language


@pytest.fixture
def start(engine, make_context):
    def start(locale: str, texts: dict[str, str] | None = None) -> Chat:
        chat = Chat(engine, in_language(make_context(), locale, texts))
        chat.command("pledge")
        return chat

    return start


@pytest.mark.parametrize(("locale", "typed"), [
    ("en", "4, 9 and 17"), ("fr", "4, 9 et 17"), ("es", "4, 9 y 17"), ("ru", "4, 9 и 17"),
    ("ar", "4، 9 و17"), ("ar", "٤ و ٩ و ١٧"), ("zh", "4、9和17"), ("zh", "４，９，１７"),
])
def test_sdgs_typed_as_a_list_of_the_language(start, locale: str, typed: str) -> None:
    chat = start(locale)
    answer_until(chat, "sdgs")
    chat.say(typed)
    assert chat.state.data["sdgs"] == ["4", "9", "17"]


def test_a_label_with_the_languages_conjunction_is_one_answer(start) -> None:
    chat = start("fr", {"Women and girls": "Femmes et filles", "Youth": "Jeunes"})
    answer_until(chat, "beneficiary_groups")
    chat.say("Femmes et filles et jeunes")
    assert chat.state.data["beneficiary_groups"] == ["women_girls", "youth"]
