"""Hours of the day as pledgers type them for their reminders: `9`, `14:00`, `9 AM`,
`14 h`, `9:00 ص`, `下午2点`, `9 утра`, `10 de la noche`; and quiet hours, two of them:
`22-7`, `22 to 7`, `de 22 h à 7 h`, `من 22 إلى 7`, `22点到7点`. Whatever Babel writes an
hour as (`format_time`: `9:00 AM`, `9:00 ص`) reads back; the words are in
`bot.hour_words`."""

from __future__ import annotations

from bot.hour_words import DayPart, HourWord, hour_words
from bot.matching import fold
from bot.typed_words import Known, Number, Unknown


class HourError(ValueError):
    """Not an hour (or not two), as the question asked."""


def parse_hour(text: str, locale: str) -> int:
    """One whole hour, 0 to 23."""
    sides = _sides(text, locale)
    if len(sides) != 1:
        raise HourError(text)
    return _hour(sides[0], text)


def parse_hours(text: str, locale: str) -> tuple[int, int]:
    """Two whole hours, from and to (`22-7` spans midnight)."""
    sides = _sides(text, locale)
    if len(sides) != 2:
        raise HourError(text)
    return _hour(sides[0], text), _hour(sides[1], text)


Side = list[Number | Known[HourWord | DayPart] | Unknown]


def _sides(text: str, locale: str) -> list[Side]:
    """The words before and after each `to`; a dot parts words as a space does
    (`a.m.`, `14.00`)."""
    sides: list[Side] = [[]]
    for word in hour_words(locale).read(fold(text).replace(".", " ")):
        if isinstance(word, Known) and word.meaning is HourWord.TO:
            sides.append([])
        elif not (isinstance(word, Known) and word.meaning is HourWord.NOTHING):
            sides[-1].append(word)
    return sides


def _hour(side: Side, text: str) -> int:
    """`9`, `9:00`, `9 PM`, `10 de la noche`: an hour, no minutes or seconds past it,
    and a time of day, which says which of the two hours a 12-hour clock shows it
    means."""
    numbers = [word.value for word in side if isinstance(word, Number)]
    parts = [word.meaning for word in side if isinstance(word, Known) and
             isinstance(word.meaning, DayPart)]
    if any(isinstance(word, Unknown) for word in side) or not numbers or \
            len(numbers) > 3 or any(numbers[1:]) or len(parts) > 1:
        raise HourError(text)
    hour = numbers[0]
    if not 0 <= hour <= 23:
        raise HourError(text)
    if not parts:
        return hour
    meant = [h for h in dict.fromkeys((hour % 12, hour % 12 + 12) if 1 <= hour <= 12
                                      else (hour,)) if parts[0].covers(h)]
    if len(meant) != 1:
        raise HourError(text)
    return meant[0]
