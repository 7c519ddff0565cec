"""The words hours are typed with, in English and the pledger's language. The times
of day come from CLDR: its AM and PM and its periods of the day (`утра`, `de la tarde`,
`晚上`), each the hours CLDR gives it, so `10 de la noche` is 22:00 and an hour its
word cannot mean is refused, not guessed. A table holds what CLDR lacks: the words
after an hour (`h`, `ч`, `点`) and between two (`à`, `до`, `إلى`, `到`, as in
`с 22 до 7`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache

from babel import Locale, UnknownLocaleError

from bot.typed_words import Vocabulary, language_of

NOON = 12 * 3600
DAY = 24 * 3600


class HourWord(Enum):
    TO = "to"
    """Between the two hours of a span."""
    NOTHING = "nothing"


@dataclass(frozen=True)
class DayPart:
    """A time of day (`PM`, `вечера`): the spans of seconds from midnight it covers,
    each from its start to before its end; one may run past midnight."""

    spans: frozenset[tuple[int, int]]

    def covers(self, hour: int) -> bool:
        second = hour * 3600
        return any(start <= second < end if start < end else
                   second >= start or second < end for start, end in self.spans)


AM, PM = DayPart(frozenset({(0, NOON)})), DayPart(frozenset({(NOON, DAY)}))
_TO, _NOTHING = HourWord.TO, HourWord.NOTHING
EVERYWHERE: Mapping[str, HourWord] = {
    "-": _TO, "\u2013": _TO, "\u2014": _TO, "~": _TO, "to": _TO, "until": _TO,
    "till": _TO, "and": _TO, "h": _NOTHING, "hr": _NOTHING, "hrs": _NOTHING,
    "o'clock": _NOTHING, "oclock": _NOTHING, "from": _NOTHING, "between": _NOTHING,
    "at": _NOTHING,
}
"""English, read in every language."""

LANGUAGE_WORDS: Mapping[str, Mapping[str, HourWord]] = {
    "fr": {"à": _TO, "a": _TO, "jusqu'à": _TO, "heure": _NOTHING, "heures": _NOTHING,
           "de": _NOTHING, "entre": _NOTHING, "et": _TO},
    "es": {"a": _TO, "hasta": _TO, "y": _TO, "hora": _NOTHING, "horas": _NOTHING,
           "hs": _NOTHING, "de": _NOTHING, "desde": _NOTHING, "las": _NOTHING,
           "entre": _NOTHING},
    "ru": {"до": _TO, "по": _TO, "и": _TO, "ч": _NOTHING, "час": _NOTHING,
           "часа": _NOTHING, "часов": _NOTHING, "с": _NOTHING, "от": _NOTHING,
           "в": _NOTHING, "между": _NOTHING},
    "ar": {"إلى": _TO, "الى": _TO, "حتى": _TO, "الساعة": _NOTHING, "ساعة": _NOTHING,
           "من": _NOTHING, "بين": _NOTHING},
    "zh": {"到": _TO, "至": _TO, "点": _NOTHING, "点钟": _NOTHING, "时": _NOTHING,
           "點": _NOTHING, "从": _NOTHING},
}
"""What CLDR lacks, by language."""


@cache
def hour_words(locale: str) -> Vocabulary[HourWord | DayPart]:
    words: list[tuple[str, HourWord | DayPart]] = [*EVERYWHERE.items()]
    for language in dict.fromkeys(("en", locale)):
        words += _times_of_day(language)
    words += LANGUAGE_WORDS.get(language_of(locale), {}).items()
    return Vocabulary([(phrase.replace(".", " "), meaning) for phrase, meaning in words],
                      ignored=":")


def _times_of_day(locale: str) -> Iterator[tuple[str, DayPart]]:
    """CLDR's AM and PM, and its periods of the day in every width, with their hours
    (a word CLDR gives to two periods, French `matin`, covers both)."""
    try:
        cldr = Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return
    spans: dict[str, set[tuple[int, int]]] = defaultdict(set)
    rules = cldr.day_period_rules.get(None, {})
    for context in cldr.day_periods.values():
        for width in context.values():
            for period, word in width.items():
                spans[word].update(_spans(period, rules.get(period, [])))
    for word, covered in spans.items():
        if covered:
            yield word, DayPart(frozenset(covered))


def _spans(period: str, rules: list[Mapping[str, int]]) -> set[tuple[int, int]]:
    if period == "am":
        return set(AM.spans)
    if period == "pm":
        return set(PM.spans)
    return {(rule["from"], rule["before"]) for rule in rules if "from" in rule}
