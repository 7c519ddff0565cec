"""Dates as pledgers type them: `2027-06-30`, `30/06/2027`, `June 2027`, `Q3 2027`,
`end of 2027`, and in their language `30 juin 2027`, `finales de 2027`, `конец 2027`,
`3e trimestre 2027`, `2027年6月30日`, `2027年底`. A month, quarter or year means its
first day for a start date and its last day for an end date, which is what people mean
by "from June" and "until June"."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from enum import Enum

from dateutil import parser as dateutil_parser

from bot.date_words import Edge, Half, Month, Quarter, Word, date_words
from bot.matching import fold
from bot.typed_words import Known, Number, Unknown

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


class Bound(Enum):
    START = "start"
    END = "end"


class DateError(ValueError):
    pass


_NUMERIC_DAY = re.compile(r"\s*(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})\s*")


def readings(text: str, bound: Bound, today: date, locale: str = "en") -> tuple[date, ...]:
    """Every date `text` can mean: one, or two for an all-numeric day whose day and
    month could be either way round (`01/02/2027`: 1 February, or 2 January as in the
    United States), which the pledger must then choose between."""
    match = _NUMERIC_DAY.fullmatch(fold(text))
    if match:
        first, second, year = map(int, match.groups())
        if first != second and first <= 12 and second <= 12:
            try:
                return (date(year, second, first), date(year, first, second))
            except ValueError as error:
                raise DateError(text) from error
    return (parse_date(text, bound, today, locale),)


def parse_date(text: str, bound: Bound, today: date, locale: str = "en") -> date:
    if not fold(text).strip():
        raise DateError(text)
    parsed = _from_words(text, bound, today, locale) or _full_date(text)
    if parsed is None:
        raise DateError(text)
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise DateError(text)
    return parsed


def _from_words(text: str, bound: Bound, today: date, locale: str) -> date | None:
    """A day, month, quarter, half or year from its numbers and words, optionally at
    an edge (`start of`, `mid`, `fin de`, `年底`); None when the words are not a date's.
    A year comes first (`2027-06-30`, `2027年6月30日`) or last, after the day
    (`30.06.2027`) unless that cannot be a month (`02/13/2027`)."""
    words = date_words(locale).read(text)
    if any(isinstance(word, Unknown) for word in words):
        return None
    meanings = [w.meaning for w in words if isinstance(w, Known) and
                w.meaning is not Word.NOTHING]
    numbers = [w for w in words if isinstance(w, Number)]
    if meanings == [Word.TODAY] and not numbers:
        return today
    years = [n for n in numbers if len(n.digits) == 4]
    small = [n.value for n in numbers if len(n.digits) <= 2]
    edges = [m for m in meanings if isinstance(m, Edge)]
    periods = [m for m in meanings if isinstance(m, Month | Quarter | Half)]
    if len(years) != 1 or len(years) + len(small) != len(numbers) or len(edges) > 1 or \
            len(periods) > 1 or Word.TODAY in meanings:
        return None
    year = years[0].value
    edge = edges[0] if edges else None
    period = periods[0] if periods else None
    if isinstance(period, Month) and len(small) == 1 and edge is None:
        return _day(year, period.number, small[0])
    if period is None and len(small) == 2 and edge is None:
        if numbers[0] is years[0]:
            return _day(year, *small)
        day, month = small if small[1] <= 12 else small[::-1]
        return _day(year, month, day)
    if small and (period is not None or len(small) > 1 or not 1 <= small[0] <= 12):
        return None
    first, last = _months(period, small)
    if edge is Edge.MIDDLE and (first, last) == (1, 12):
        return date(year, 6, 30) if bound is Bound.END else date(year, 7, 1)
    at = {Edge.START: Bound.START, Edge.END: Bound.END}.get(edge, bound) if edge else bound
    if at is Bound.START:
        return date(year, first, 1)
    return date(year, last, calendar.monthrange(year, last)[1])


def _months(period: Month | Quarter | Half | None, small: list[int]) -> tuple[int, int]:
    """The first and last month of a period (a number alone is a month: `2027-06`)."""
    if isinstance(period, Month):
        return period.number, period.number
    if isinstance(period, Quarter):
        return 3 * period.number - 2, 3 * period.number
    if isinstance(period, Half):
        return (1, 6) if period.number == 1 else (7, 12)
    return (small[0], small[0]) if small else (1, 12)


def _day(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise DateError(f"{year}-{month}-{day}") from error


def _full_date(text: str) -> date | None:
    """A whole day in any common order; day first when ambiguous, as most of the world
    writes it. Parsing against two different defaults tells a whole date from one that
    dateutil would silently complete with today's day or month."""
    if not re.search(r"\d{4}", text):
        return None
    try:
        one, other = (
            dateutil_parser.parse(text, dayfirst=True, default=default)
            for default in (datetime(2001, 1, 1), datetime(2002, 2, 2))
        )
    except (ValueError, OverflowError):
        return None
    return one.date() if one == other else None
