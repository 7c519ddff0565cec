"""Lists as pledgers type them in their language: `4, 9 and 17`, `4 et 9`, `4 y 9`,
`4 и 9`, `4 و9`, `4和9`, `4、9`. Commas of every script separate items; the
language's conjunctions, from CLDR's list patterns (the ones Babel writes lists with),
separate them too, except inside a name that contains one (`Trinidad and Tobago`,
`Femmes et filles`, `安提瓜和巴布达`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from babel import Locale, UnknownLocaleError

from bot.typed_words import language_of, unspaced

SEPARATORS = ",;\n\u3001\uff0c\uff1b\u060c\u061b"
"""Commas and semicolons of the Latin, Chinese (the enumeration comma `、`, full-width
comma and semicolon) and Arabic scripts: each separates items in every language."""
LIST_STYLES = ("standard", "standard-short", "standard-narrow")
"""CLDR's styles of an "and" list; "or" lists and units are not answers' lists."""
CONJUNCTIONS = {
    "es": ("e",),
    "zh": ("与", "及", "以及"),
}
"""What CLDR's patterns leave out: Spanish `e` before an i- sound (`España e
Italia`), Chinese written conjunctions besides `和`."""
EVERYWHERE = ("and", "&")
"""English conjunctions are read in every language, as English names are."""


def fragments(text: str, also_separated_by: str = "") -> list[str]:
    """The pieces between separators, trimmed, empty ones left out: what a list of
    names that may themselves contain `and` (partner organizations) is split at."""
    pattern = "[" + re.escape(SEPARATORS + also_separated_by) + "]+"
    return [part.strip() for part in re.split(pattern, text) if part.strip()]


def list_items(text: str, locale: str, *names_one: Callable[[str], bool],
               also_separated_by: str = "") -> list[str]:
    """Every item of a typed list. Around each conjunction, the longest run of words
    that a test accepts as a whole stays one item, rejoined as it was typed; a word no
    run names is an item by itself (reported as not recognised by the caller). The
    tests go strictest first: a fragment's items are those of the first test that
    accepts them all, so two countries named exactly (`جزر ماريانا الشمالية وأروبا`)
    beat the whole fragment taken as a near miss of one."""
    items: list[str] = []
    for fragment in fragments(text, also_separated_by):
        found: list[str] = []
        for test in names_one:
            found = _items(fragment, locale, test)
            if all(test(item) for item in found):
                break
        items += found
    return items


def _items(fragment: str, locale: str, names_one: Callable[[str], bool]) -> list[str]:
    if names_one(fragment):
        return [fragment]
    spans = _between_conjunctions(fragment, locale)
    items, start = [], 0
    while start < len(spans):
        end = next((end for end in range(len(spans), start + 1, -1)
                    if names_one(_joined(fragment, spans, start, end))), start + 1)
        items.append(_joined(fragment, spans, start, end))
        start = end
    return items


def _joined(fragment: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    return fragment[spans[start][0]:spans[end - 1][1]].strip()


def _between_conjunctions(fragment: str, locale: str) -> list[tuple[int, int]]:
    """Where the words between the conjunctions are, non-empty ones only."""
    spans, position = [], 0
    for match in _conjunctions(locale).finditer(fragment):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(fragment)))
    return [(a, b) for a, b in spans if fragment[a:b].strip()]


@cache
def _conjunctions(locale: str) -> re.Pattern[str]:
    """A spaced conjunction (`et`, `и`) needs a space or the fragment's start before it
    and a space after it, so it is never part of a word (`Bethléem`); one written on
    its word (Arabic `و`, Chinese `和`, `&`) needs only the space its language puts
    (and Arabic's none between two numbers, `4و9`)."""
    words = set(EVERYWHERE) | set(CONJUNCTIONS.get(language_of(locale), ()))
    attached: set[str] = set()
    for joiner in _cldr_joiners(locale):
        word = joiner.strip()
        if not word or word[0] in SEPARATORS:
            continue
        if joiner.endswith(" ") or all(unspaced(c) for c in word):
            words.add(word)
        else:
            attached.add(word)
    alternatives = []
    for word in sorted(words, key=len, reverse=True):
        if word.isalpha() and not all(unspaced(c) for c in word):
            alternatives.append(rf"(?:^|\s+){re.escape(word)}\s+")
        else:
            alternatives.append(rf"\s*{re.escape(word)}\s*")
    for word in sorted(attached, key=len, reverse=True):
        alternatives.append(rf"\s+{re.escape(word)}|(?<=\d){re.escape(word)}(?=\s*\d)")
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _cldr_joiners(locale: str) -> set[str]:
    """The text CLDR puts between two items of an "and" list: `, `, ` et `, ` و`, `和`."""
    try:
        patterns = Locale.parse(locale).list_patterns
    except (UnknownLocaleError, ValueError, TypeError):
        return set()
    joiners = set()
    for style in LIST_STYLES:
        for pattern in (patterns.get(style) or {}).values():
            joiners.add(pattern.split("{0}", 1)[-1].split("{1}", 1)[0])
    return joiners

