from __future__ import annotations

from datetime import date

import pytest

from bot.dates import Bound, DateError, parse_date

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
