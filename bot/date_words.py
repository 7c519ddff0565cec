"""The words a date is typed with, in English and in the pledger's language: months
(`juin`, `июня`, `يونيو`, `6月`), quarters (`T3`, `3e trimestre`, `第三季度`), the edge
of a period (`fin`, `finales de`, `конец`, `نهاية`, `年底`), and the little words of
the locale's own date formats (`de`, `г.`, `年`, `日`), so that every date Babel
writes (`30 de junio de 2027`, `30 июня 2027 г.`, `2027年6月30日`) reads back.

Months, quarters, weekdays and the formats' words come from CLDR through Babel; the
tables here hold only what CLDR has no data for: the words for a period's start, middle
and end, for today, and for the halves of a year."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names, get_quarter_names

from bot.matching import fold
from bot.typed_words import Vocabulary, language_of, unspaced

CONTEXTS: tuple[Literal["format", "stand-alone"], ...] = ("format", "stand-alone")
"""CLDR's two forms of a name: in a date (Russian `июня`) and alone (`июнь`)."""
WIDTHS: tuple[Literal["wide", "abbreviated"], ...] = ("wide", "abbreviated")
IGNORED = ".,/-"
"""Punctuation between a date's words: `juil.`, `30/06`, `mi-2027`, `June 30, 2027`."""
PATTERNS = ("full", "long", "medium")
SKELETONS = ("yMMMM", "yMMM", "yQQQQ", "yQQQ")
"""The CLDR formats whose words a typed date may use: a whole day, a month, a
quarter (the short numeric forms have no words)."""


class Edge(Enum):
    """Which end of a period is meant: `end of 2027` is its last day whatever the
    question, `mid 2027` the end of June or the start of July."""

    START = "start"
    MIDDLE = "middle"
    END = "end"


class Word(Enum):
    TODAY = "today"
    NOTHING = "nothing"


@dataclass(frozen=True)
class Month:
    number: int


@dataclass(frozen=True)
class Quarter:
    number: int


@dataclass(frozen=True)
class Half:
    number: int


DateWord = Month | Quarter | Half | Edge | Word

_START, _MIDDLE, _END, _NOTHING = Edge.START, Edge.MIDDLE, Edge.END, Word.NOTHING
EVERYWHERE: Mapping[str, DateWord] = {
    "today": Word.TODAY, "now": Word.TODAY,
    "start of": _START, "start": _START, "beginning of": _START, "beginning": _START,
    "early": _START, "end of": _END, "end": _END, "late": _END, "mid": _MIDDLE,
    "middle of": _MIDDLE, "h1": Half(1), "h2": Half(2), "first half of": Half(1),
    "second half of": Half(2), "of": _NOTHING, "the": _NOTHING, "st": _NOTHING,
    "nd": _NOTHING, "rd": _NOTHING, "th": _NOTHING,
}
"""English, read in every language."""

LANGUAGE_WORDS: Mapping[str, Mapping[str, DateWord]] = {
    "fr": {"aujourd'hui": Word.TODAY, "début": _START, "début de": _START,
           "début d": _START, "fin": _END, "fin de": _END, "fin d": _END, "mi": _MIDDLE,
           "milieu de": _MIDDLE, "s1": Half(1), "s2": Half(2), "1er semestre": Half(1),
           "2e semestre": Half(2), "premier semestre": Half(1),
           "second semestre": Half(2), "le": _NOTHING, "en": _NOTHING, "de": _NOTHING,
           "er": _NOTHING},
    "es": {"hoy": Word.TODAY, "principios de": _START, "inicios de": _START,
           "inicio de": _START, "comienzos de": _START, "finales de": _END,
           "fines de": _END, "fin de": _END, "final de": _END, "mediados de": _MIDDLE,
           "s1": Half(1), "s2": Half(2), "primer semestre": Half(1),
           "segundo semestre": Half(2), "del": _NOTHING, "de": _NOTHING},
    "ru": {"сегодня": Word.TODAY, "начало": _START, "начала": _START,
           "в начале": _START, "конец": _END, "конца": _END, "в конце": _END,
           "до конца": _END, "середина": _MIDDLE, "середины": _MIDDLE,
           "в середине": _MIDDLE, "первое полугодие": Half(1), "1-е полугодие": Half(1),
           "второе полугодие": Half(2), "2-е полугодие": Half(2), "года": _NOTHING,
           "год": _NOTHING, "г": _NOTHING},
    "ar": {"اليوم": Word.TODAY, "بداية": _START, "أوائل": _START, "مطلع": _START,
           "نهاية": _END, "أواخر": _END, "منتصف": _MIDDLE, "النصف الأول": Half(1),
           "النصف الثاني": Half(2), "عام": _NOTHING, "سنة": _NOTHING},
    "zh": {"今天": Word.TODAY, "初": _START, "年初": _START, "月初": _START, "底": _END,
           "末": _END, "年底": _END, "年末": _END, "月底": _END, "月末": _END,
           "中": _MIDDLE, "年中": _MIDDLE, "月中": _MIDDLE, "上半年": Half(1),
           "下半年": Half(2)},
}
"""What CLDR has no data for, by language."""


@cache
def date_words(locale: str) -> Vocabulary[DateWord]:
    """Every word a date may have for a pledger of `locale`: English, CLDR's English,
    the locale's CLDR words, then what CLDR lacks."""
    return Vocabulary([*EVERYWHERE.items(), *_cldr("en"), *_cldr(locale),
                       *LANGUAGE_WORDS.get(language_of(locale), {}).items()], ignored=IGNORED)


def _cldr(locale: str) -> Iterator[tuple[str, DateWord]]:
    try:
        cldr = Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return
    for literal in _literals(cldr):
        yield literal, Word.NOTHING
    # Weekdays (a full date names one) are read and left aside; only their wide names,
    # as Spanish `mar.` is Tuesday and March.
    for context in CONTEXTS:
        yield from ((name, Word.NOTHING) for name in
                    get_day_names("wide", context, cldr).values())
    yield from _month_prefixes(cldr)
    for width in WIDTHS:
        for context in CONTEXTS:
            yield from ((name, Quarter(int(n))) for n, name in
                        get_quarter_names(width, context, cldr).items())
            yield from ((name, Month(int(n))) for n, name in
                        get_month_names(width, context, cldr).items())


def _month_prefixes(cldr: Locale) -> Iterator[tuple[str, Month]]:
    """A month's first three letters (`sept` is no CLDR abbreviation, `sep` is), where
    no two months share them (`jui` is June and July in French)."""
    months: dict[str, set[int]] = defaultdict(set)
    for context in CONTEXTS:
        for number, name in get_month_names("wide", context, cldr).items():
            key = fold(name)
            if len(key) > 3 and key[:3].isalpha() and not unspaced(key[0]):
                months[key[:3]].add(int(number))
    for prefix, numbers in months.items():
        if len(numbers) == 1:
            yield prefix, Month(numbers.pop())


def _literals(cldr: Locale) -> set[str]:
    """The words a locale's date formats put between their fields: `de`, `г.`, `年`,
    `第`. In CLDR's patterns a quoted text is literal, and so is anything but an ASCII
    letter (those are fields: `d`, `MMMM`, `y`). Chinese ones count a character at a
    time: `y年第Q季度` has `年` and `第`, and `第` begins `第三季度` too."""
    patterns = [cldr.date_formats[name].pattern for name in PATTERNS]
    patterns += [cldr.datetime_skeletons[name].pattern for name in SKELETONS
                 if name in cldr.datetime_skeletons]
    literals: set[str] = set()
    for pattern in patterns:
        literals.update(quoted.strip() for quoted in re.findall(r"'([^']+)'", pattern))
        unquoted = re.sub(r"'[^']*'", " ", pattern)
        for run in re.findall(r"[^A-Za-z\s]+", unquoted):
            literals.update(run if not unspaced(run[0]) else list(run))
    return {literal for literal in literals if literal.strip(IGNORED + " ")}
