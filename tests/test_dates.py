from __future__ import annotations

from datetime import date

import pytest
from babel.dates import format_date, format_skeleton
from hypothesis import given
from hypothesis import strategies as st

from bot.dates import EARLIEST_YEAR, LATEST_YEAR, Bound, DateError, parse_date, readings
from tests.flows.languages import UN_LANGUAGES

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(("typed", "start", "end"), [
    ("2027-06-30", date(2027, 6, 30), date(2027, 6, 30)),
    ("30/06/2027", date(2027, 6, 30), date(2027, 6, 30)),
    ("30.06.2027", date(2027, 6, 30), date(2027, 6, 30)),
    ("June 30, 2027", date(2027, 6, 30), date(2027, 6, 30)),
    ("30 June 2027", date(2027, 6, 30), date(2027, 6, 30)),
    ("June 2027", date(2027, 6, 1), date(2027, 6, 30)),
    ("jun 2027", date(2027, 6, 1), date(2027, 6, 30)),
    ("2027-06", date(2027, 6, 1), date(2027, 6, 30)),
    ("February 2028", date(2028, 2, 1), date(2028, 2, 29)),
    ("2027", date(2027, 1, 1), date(2027, 12, 31)),
    ("end of 2027", date(2027, 12, 31), date(2027, 12, 31)),
    ("start of 2028", date(2028, 1, 1), date(2028, 1, 1)),
    ("mid 2027", date(2027, 7, 1), date(2027, 6, 30)),
    ("Q3 2027", date(2027, 7, 1), date(2027, 9, 30)),
    ("H1 2028", date(2028, 1, 1), date(2028, 6, 30)),
    ("today", TODAY, TODAY),
])
def test_dates_people_type(typed: str, start: date, end: date) -> None:
    assert parse_date(typed, Bound.START, TODAY) == start
    assert parse_date(typed, Bound.END, TODAY) == end


def test_month_names_in_the_users_language() -> None:
    assert parse_date("juin 2027", Bound.END, TODAY, "fr") == date(2027, 6, 30)
    assert parse_date("junio 2027", Bound.START, TODAY, "es") == date(2027, 6, 1)


@pytest.mark.parametrize("typed", ["soon", "", "2027-02-30", "1999", "June", "31/31/2027",
                                   "next year", "2027 June 45"])
def test_what_is_not_a_date_is_refused(typed: str) -> None:
    with pytest.raises(DateError):
        parse_date(typed, Bound.START, TODAY)


@pytest.mark.parametrize(("typed", "locale", "start", "end"), [
    ("30 juin 2027", "fr", date(2027, 6, 30), date(2027, 6, 30)),
    ("mardi 1er juin 2027", "fr", date(2027, 6, 1), date(2027, 6, 1)),
    ("June 30th, 2027", "fr", date(2027, 6, 30), date(2027, 6, 30)),
    ("juil. 2027", "fr", date(2027, 7, 1), date(2027, 7, 31)),
    ("fin 2027", "fr", date(2027, 12, 31), date(2027, 12, 31)),
    ("début 2028", "fr", date(2028, 1, 1), date(2028, 1, 1)),
    ("mi-2027", "fr", date(2027, 7, 1), date(2027, 6, 30)),
    ("T3 2027", "fr", date(2027, 7, 1), date(2027, 9, 30)),
    ("3e trimestre 2027", "fr", date(2027, 7, 1), date(2027, 9, 30)),
    ("aujourd’hui", "fr", TODAY, TODAY),
    ("30 de junio de 2027", "es", date(2027, 6, 30), date(2027, 6, 30)),
    ("junio de 2027", "es", date(2027, 6, 1), date(2027, 6, 30)),
    ("finales de 2027", "es", date(2027, 12, 31), date(2027, 12, 31)),
    ("mediados de 2027", "es", date(2027, 7, 1), date(2027, 6, 30)),
    ("hoy", "es", TODAY, TODAY),
    ("30 июня 2027 г.", "ru", date(2027, 6, 30), date(2027, 6, 30)),
    ("июнь 2027", "ru", date(2027, 6, 1), date(2027, 6, 30)),
    ("конец 2027 года", "ru", date(2027, 12, 31), date(2027, 12, 31)),
    ("3-й квартал 2027", "ru", date(2027, 7, 1), date(2027, 9, 30)),
    ("сегодня", "ru", TODAY, TODAY),
    ("30 يونيو 2027", "ar", date(2027, 6, 30), date(2027, 6, 30)),
    ("٣٠ يونيو ٢٠٢٧", "ar", date(2027, 6, 30), date(2027, 6, 30)),
    ("نهاية عام 2027", "ar", date(2027, 12, 31), date(2027, 12, 31)),
    ("الربع الثالث 2027", "ar", date(2027, 7, 1), date(2027, 9, 30)),
    ("اليوم", "ar", TODAY, TODAY),
    ("2027年6月30日", "zh", date(2027, 6, 30), date(2027, 6, 30)),
    ("２０２７年６月", "zh", date(2027, 6, 1), date(2027, 6, 30)),
    ("2027年底", "zh", date(2027, 12, 31), date(2027, 12, 31)),
    ("2027年第三季度", "zh", date(2027, 7, 1), date(2027, 9, 30)),
    ("2027年上半年", "zh", date(2027, 1, 1), date(2027, 6, 30)),
    ("今天", "zh", TODAY, TODAY),
])
def test_dates_in_the_users_language(typed: str, locale: str, start: date,
                                     end: date) -> None:
    assert parse_date(typed, Bound.START, TODAY, locale) == start
    assert parse_date(typed, Bound.END, TODAY, locale) == end


DAYS = st.dates(min_value=date(EARLIEST_YEAR, 1, 1), max_value=date(LATEST_YEAR, 12, 31))


@given(DAYS, st.sampled_from(UN_LANGUAGES), st.sampled_from(["full", "long", "medium"]))
def test_any_day_shown_in_a_language_reads_back(day: date, locale: str,
                                                width: str) -> None:
    """Every date the bot writes (`format_date`) is that date again when typed back;
    a numeric one that reads two ways (Arabic `05/06/2027`) is asked about."""
    shown = format_date(day, format=width, locale=locale)
    found = readings(shown, Bound.START, TODAY, locale)
    assert day in found
    assert len(found) == 1 or width == "medium"


@given(DAYS, st.sampled_from(UN_LANGUAGES), st.sampled_from(["yMMMM", "yMMM"]))
def test_any_month_shown_in_a_language_reads_back(day: date, locale: str,
                                                  skeleton: str) -> None:
    shown = format_skeleton(skeleton, day, locale=locale)
    assert parse_date(shown, Bound.START, TODAY, locale) == day.replace(day=1)


@given(DAYS, st.sampled_from(UN_LANGUAGES), st.sampled_from(["yQQQQ", "yQQQ"]))
def test_any_quarter_shown_in_a_language_reads_back(day: date, locale: str,
                                                    skeleton: str) -> None:
    shown = format_skeleton(skeleton, day, locale=locale)
    first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    assert parse_date(shown, Bound.START, TODAY, locale) == first


@pytest.mark.parametrize(("typed", "locale"), [
    ("30 juin", "fr"), ("fin", "fr"), ("mañana", "es"), ("конец", "ru"),
    ("31 فبراير 2027", "ar"), ("2027年13月", "zh"), ("2027年6月31日", "zh"),
])
def test_what_is_not_a_date_in_the_users_language_is_refused(typed: str,
                                                             locale: str) -> None:
    with pytest.raises(DateError):
        parse_date(typed, Bound.START, TODAY, locale)
