"""Typed values read as a run of known words (an amount's multiplier and currency, a
date's month and quarter), each with its meaning. Chinese is written without spaces
(`250万美元`, `2027年6月`), so at each place the longest known phrase is taken; in the
scripts that space their words a phrase must end where its word ends, so `m` is not
read at the start of `mars`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

from bot.matching import fold

T = TypeVar("T")


@dataclass(frozen=True)
class Number:
    """A run of digits (already ASCII: `bot.matching.fold`), as typed."""

    digits: str

    @property
    def value(self) -> int:
        return int(self.digits)


@dataclass(frozen=True)
class Known(Generic[T]):
    meaning: T


@dataclass(frozen=True)
class Unknown:
    text: str


def language_of(locale: str) -> str:
    """The language of a locale (`fr` of `fr_CA`), which word tables are kept by."""
    return re.split(r"[_-]", locale, maxsplit=1)[0].casefold()


def unspaced(char: str) -> bool:
    """A character of a script written without spaces between words (Chinese, and the
    Japanese kana that share its texts)."""
    return "\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff" or \
        "\uf900" <= char <= "\ufaff"


class Vocabulary(Generic[T]):
    """Phrases and their meanings, compared folded (`bot.matching.fold`); a phrase
    given twice keeps its last meaning, so callers list the general first."""

    def __init__(self, phrases: Iterable[tuple[str, T]], *, ignored: str = " ") -> None:
        self._meanings: dict[str, T] = {}
        for phrase, meaning in phrases:
            key = fold(phrase).strip(ignored)
            if key:
                self._meanings[key] = meaning
        self._ignored = ignored
        alternatives = [_alternative(key) for key in sorted(self._meanings, key=len,
                                                             reverse=True)]
        self._pattern = re.compile("|".join(alternatives)) if alternatives else None

    def read(self, text: str) -> list[Number | Known[T] | Unknown]:
        """The words of `text` in order: numbers, known phrases, and whatever else
        there is, word by word (a Chinese character at a time)."""
        folded = fold(text)
        words: list[Number | Known[T] | Unknown] = []
        position = 0
        while position < len(folded):
            char = folded[position]
            if char.isspace() or char in self._ignored:
                position += 1
                continue
            found = self._pattern.match(folded, position) if self._pattern else None
            if found:
                words.append(Known(self._meanings[found.group()]))
                position = found.end()
                continue
            end = _word_end(folded, position)
            piece = folded[position:end]
            words.append(Number(piece) if piece.isdigit() else Unknown(piece))
            position = end
        return words


def _alternative(key: str) -> str:
    escaped = re.escape(key)
    if key[-1].isalpha() and not unspaced(key[-1]):
        return escaped + r"(?![^\W\d_])"
    if key[-1].isdigit():
        return escaped + r"(?!\d)"
    return escaped


def _word_end(text: str, start: int) -> int:
    """Where the word at `start` ends: a run of digits, of letters of a spaced script,
    or one character of any other kind."""
    kind = _kind(text[start])
    if kind is None:
        return start + 1
    end = start + 1
    while end < len(text) and _kind(text[end]) == kind:
        end += 1
    return end


class _Kind(Enum):
    """What a word is a run of."""

    DIGITS = "digits"
    LETTERS = "letters"


def _kind(char: str) -> _Kind | None:
    if char.isdigit():
        return _Kind.DIGITS
    if char.isalpha() and not unspaced(char):
        return _Kind.LETTERS
    return None
