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


@pytest.mark.parametrize(("locale", "typed"), [
    ("en", "yes"), ("fr", "oui"), ("es", "sí"), ("ru", "да"), ("ar", "نعم"), ("zh", "是"),
    ("zh", "对"),
])
def test_a_guess_is_confirmed_with_a_typed_yes(start, locale: str, typed: str) -> None:
    chat = start(locale)
    answer_until(chat, "countries_typed")
    chat.say("Keniya")
    assert chat.step == "countries"
    chat.say(typed)
    assert chat.state.data["countries"] == ["KEN"]


@pytest.mark.parametrize(("locale", "typed"), [
    ("fr", "non"), ("es", "no"), ("ru", "нет"), ("ar", "لا"), ("zh", "不"), ("zh", "否"),
])
def test_a_guess_is_refused_with_a_typed_no(start, locale: str, typed: str) -> None:
    chat = start(locale)
    answer_until(chat, "countries_typed")
    chat.say("Keniya")
    chat.say(typed)
    assert chat.step == "countries_typed"
    assert "countries" not in chat.state.data


def test_an_unusual_amount_is_confirmed_with_a_typed_yes(start) -> None:
    chat = start("es")
    answer_until(chat, "amount")
    chat.say("90 mil millones de dólares")
    assert "Is that right?" in chat.last.text
    chat.say("sí")
    assert chat.state.data["amount"] == "90000000000"


@pytest.mark.parametrize(("locale", "typed", "amount", "currency"), [
    ("fr", "2,5 millions d'euros", "2500000", "EUR"),
    ("es", "2,5 millones de dólares", "2500000", "USD"),
    ("ru", "2,5 млн евро", "2500000", "EUR"),
    ("ar", "٢٫٥ مليون دولار", "2500000", "USD"),
    ("zh", "250万美元", "2500000", "USD"),
])
def test_an_amount_typed_in_the_language_is_said_back_in_it(
        start, locale: str, typed: str, amount: str, currency: str) -> None:
    chat = start(locale)
    answer_until(chat, "amount")
    chat.say(typed)
    assert (chat.state.data["amount"], chat.state.data["currency"]) == (amount, currency)


def test_sdgs_typed_back_as_the_summary_writes_them_in_the_language(start) -> None:
    chat = start("fr", {"SDG {number}": "ODD {number}"})
    answer_until(chat, "sdgs")
    chat.say("ODD 4 et ODD 9")
    assert chat.state.data["sdgs"] == ["4", "9"]


def test_an_arabic_review_keeps_references_names_and_amounts_in_order(start) -> None:
    """Every value in the Arabic review is isolated, so `ACME Telecom`, `$5,000,000`
    and the dates never reorder the Arabic around them."""
    chat = start("ar", {"Pledging organization: {name}": "الجهة المتعهدة: {name}",
                        "Title": "العنوان"})
    answer_until(chat, "review")
    review = chat.last.text
    assert "الجهة المتعهدة: \u2068ACME Telecom\u2069" in review
    assert "\u200f\u2068العنوان\u2069: \u2068Rural broadband for all\u2069" in review
    assert "\u2068\u200f5,000,000.00\u00a0US$\u2069" in review
