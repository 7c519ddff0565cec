"""Hours of the day and percentages as typed for reminders and reports, in the six UN
languages: what Babel shows reads back, and the languages' own words are read."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from babel.dates import format_time
from babel.numbers import format_percent
from hypothesis import given
from hypothesis import strategies as st

from bot.hours import HourError, parse_hour, parse_hours
from bot.percent import PercentError, parse_percent
from tests.flows.languages import UN_LANGUAGES

HOURS = st.integers(min_value=0, max_value=23)


@given(HOURS, st.sampled_from(UN_LANGUAGES), st.sampled_from(["short", "medium"]))
def test_any_hour_shown_in_a_language_reads_back(hour: int, locale: str,
                                                 width: str) -> None:
    assert parse_hour(format_time(time(hour), format=width, locale=locale), locale) == hour


@given(HOURS, HOURS, st.sampled_from(UN_LANGUAGES))
def test_two_hours_shown_as_the_settings_show_them_read_back(start: int, end: int,
                                                            locale: str) -> None:
    """`8:00 PM to 8:00 AM`, as /reminders writes quiet hours (its `to` translated)."""
    shown = f"{format_time(time(start), 'short', locale=locale)} - " \
            f"{format_time(time(end), 'short', locale=locale)}"
    assert parse_hours(shown, locale) == (start, end)


@pytest.mark.parametrize(("typed", "locale", "hour"), [
    ("12 AM", "en", 0), ("12 PM", "en", 12), ("9 a.m.", "es", 9), ("3 ночи", "ru", 3),
    ("14h00", "fr", 14), ("٩ صباحا", "ar", 9), ("10 مساء", "ar", 22), ("２点", "zh", 2),
    ("14.00", "ru", 14),
])
def test_hours_typed_with_the_languages_words(typed: str, locale: str, hour: int) -> None:
    assert parse_hour(typed, locale) == hour


@pytest.mark.parametrize(("typed", "locale"), [
    ("25", "en"), ("9:30", "en"), ("soon", "en"), ("10 ليلا", "ar"), ("2 at night", "en"),
    ("22-7", "en"), ("0 PM", "en"),
])
def test_what_is_not_one_whole_hour_is_refused(typed: str, locale: str) -> None:
    """An hour its time of day cannot be (CLDR's Arabic `ليلا` is 1 to 3 in the night)
    is refused rather than guessed."""
    with pytest.raises(HourError):
        parse_hour(typed, locale)


@given(st.integers(min_value=0, max_value=100), st.sampled_from(UN_LANGUAGES))
def test_any_percentage_shown_in_a_language_reads_back(percent: int, locale: str) -> None:
    assert parse_percent(format_percent(Decimal(percent) / 100, locale=locale)) == percent


@pytest.mark.parametrize(("typed", "percent"), [
    ("40", 40), ("40 %", 40), ("٤٠٪", 40), ("٪40", 40), ("４０％", 40), ("100%", 100),
])
def test_percentages_as_typed(typed: str, percent: int) -> None:
    assert parse_percent(typed) == percent


@pytest.mark.parametrize("typed", ["101", "-5", "40.5", "forty", ""])
def test_what_is_not_a_whole_percentage_is_refused(typed: str) -> None:
    with pytest.raises(PercentError):
        parse_percent(typed)
