"""Dates as pledgers type them: `2027-06-30`, `30/06/2027`, `June 2027`, `Q3 2027`,
`end of 2027`. A month, quarter or year means its first day for a start date and its last
day for an end date, which is what people mean by "from June" and "until June"."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from enum import Enum

from babel.dates import get_month_names
from dateutil import parser as dateutil_parser

from bot.matching import normalize

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
    match = _NUMERIC_DAY.fullmatch(text)
    if match:
        first, second, year = map(int, match.groups())
        if first != second and first <= 12 and second <= 12:
            try:
                return (date(year, second, first), date(year, first, second))
            except ValueError as error:
                raise DateError(text) from error
    return (parse_date(text, bound, today, locale),)


def parse_date(text: str, bound: Bound, today: date, locale: str = "en") -> date:
    key = normalize(text)
    if not key:
        raise DateError(text)
    if key in {"today", "now"}:
        return today
    parsed = (_iso(key) or _period(key, bound, locale) or _full_date(text))
    if parsed is None:
        raise DateError(text)
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise DateError(text)
    return parsed


def _iso(key: str) -> date | None:
    match = re.fullmatch(r"(\d{4}) (\d{1,2}) (\d{1,2})", key)
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError as error:
        raise DateError(key) from error


def _period(key: str, bound: Bound, locale: str) -> date | None:
    """Month, quarter, half or year, optionally after `start of`, `mid`, `end of`."""
    edge = bound
    words = key.split()
    if words[:2] in (["end", "of"], ["beginning", "of"], ["start", "of"]) or \
            words[:1] in (["end"], ["start"], ["beginning"], ["early"], ["late"]):
        edge = Bound.END if words[0] in {"end", "late"} else Bound.START
        words = words[2:] if len(words) > 2 and words[1] == "of" else words[1:]
    elif words[:1] == ["mid"]:
        words = words[1:]
        if len(words) == 1 and words[0].isdigit():
            year = int(words[0])
            return date(year, 6, 30) if bound is Bound.END else date(year, 7, 1)
    if len(words) == 2 and words[0].isdigit() and len(words[0]) == 4:
        words = words[::-1]
    if not words or not words[-1].isdigit() or len(words[-1]) != 4:
        return None
    year = int(words[-1])
    head = words[:-1]
    if not head:
        first, last = 1, 12
    elif len(head) == 1 and re.fullmatch(r"q[1-4]", head[0]):
        quarter = int(head[0][1])
        first, last = 3 * quarter - 2, 3 * quarter
    elif len(head) == 1 and re.fullmatch(r"h[12]", head[0]):
        first, last = (1, 6) if head[0] == "h1" else (7, 12)
    elif len(head) == 1 and (month := _month(head[0], locale)):
        first = last = month
    elif len(head) == 1 and head[0].isdigit() and 1 <= int(head[0]) <= 12:
        first = last = int(head[0])
    else:
        return None
    if edge is Bound.START:
        return date(year, first, 1)
    return date(year, last, calendar.monthrange(year, last)[1])


def _month(word: str, locale: str) -> int | None:
    for lang in dict.fromkeys(("en", locale)):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for number, name in get_month_names(width, context, lang).items():
                    if normalize(name).rstrip(".") == word or normalize(name)[:3] == word:
                        return int(number)
    return None


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
