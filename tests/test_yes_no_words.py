"""Yes and no typed in the six UN languages."""

from __future__ import annotations

import pytest

from bot.yes_no_words import read_yes_no


@pytest.mark.parametrize(("typed", "locale", "answer"), [
    ("Yes", "en", True), ("OK", "fr", True), ("oui", "fr", True), ("Sí", "es", True),
    ("si", "es", True), ("Да", "ru", True), ("نعم", "ar", True), ("أجل", "ar", True),
    ("是的", "zh", True), ("对", "zh", True),
    ("no", "en", False), ("Non", "fr", False), ("no", "es", False), ("нет", "ru", False),
    ("لا", "ar", False), ("不", "zh", False), ("否", "zh", False), ("nope", "zh", False),
])
def test_yes_and_no_in_english_and_the_users_language(typed: str, locale: str,
                                                      answer: bool) -> None:
    assert read_yes_no(typed, locale) is answer


@pytest.mark.parametrize(("typed", "locale"), [
    ("oui", "es"), ("maybe", "en"), ("да", "fr"), ("", "en"), ("Kenya", "zh"),
])
def test_other_words_and_other_languages_are_neither(typed: str, locale: str) -> None:
    """Only English and the pledger's own language: a Spanish speaker's `oui` is no
    answer the bot guesses at."""
    assert read_yes_no(typed, locale) is None
