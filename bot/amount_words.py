"""The words an amount is typed with, in English and in the pledger's language:
multipliers (`million`, `Md`, `млн`, `مليون`, `万`), currencies (`€`, `$US`, `euros`,
`долларов`, `美元`) and words that add nothing (`about`, `d'`, `около`, `约`).

Most come from CLDR through Babel: the words of its compact numbers (what
`format_compact_currency` writes, `2,7 M $US`, `US$270万`), every currency's name in
each plural form and its symbol in the locale (so `¥` is the yuan to a Chinese reader
and the yen to an English one). The tables here hold only what CLDR lacks: the
colloquial words (`dollars`, `元`), the multipliers people write but CLDR does not
(`milliers`, `千`, `百万`) and the little words around an amount."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_name, get_territory_currencies

from bot.typed_words import Vocabulary, language_of

IGNORED = ".,'"
"""Punctuation around an amount's words: `тыс.`, `d'euros`, `5 millions, EUR`."""


@dataclass(frozen=True)
class AmountWord:
    """What a word of an amount means: a multiplier, a currency, or neither."""

    multiplier: Decimal = Decimal(1)
    currency: str | None = None


NOTHING = AmountWord()
THOUSAND, MILLION, BILLION = (AmountWord(Decimal(10) ** n) for n in (3, 6, 9))
USD, EUR, GBP, CNY, RUB = (AmountWord(currency=c) for c in ("USD", "EUR", "GBP", "CNY", "RUB"))

EVERYWHERE: Mapping[str, AmountWord] = {
    "k": THOUSAND, "thousand": THOUSAND, "thousands": THOUSAND,
    "m": MILLION, "mn": MILLION, "mln": MILLION, "mio": MILLION, "million": MILLION,
    "millions": MILLION,
    "b": BILLION, "bn": BILLION, "billion": BILLION, "billions": BILLION,
    "milliard": BILLION, "milliards": BILLION,
    "us$": USD, "$": USD, "€": EUR, "£": GBP, "¥": AmountWord(currency="JPY"),
    "₹": AmountWord(currency="INR"), "₦": AmountWord(currency="NGN"),
    "r$": AmountWord(currency="BRL"), "ca$": AmountWord(currency="CAD"),
    "c$": AmountWord(currency="CAD"), "a$": AmountWord(currency="AUD"),
    "₩": AmountWord(currency="KRW"), "₽": RUB,
    "dollars": USD, "dollar": USD, "euros": EUR, "euro": EUR, "pounds": GBP,
    "of": NOTHING, "about": NOTHING, "around": NOTHING, "approx": NOTHING,
    "approximately": NOTHING, "~": NOTHING, "≈": NOTHING, "-": NOTHING,
}
"""English words and the common symbols, read in every language."""

LANGUAGE_WORDS: Mapping[str, Mapping[str, AmountWord]] = {
    "fr": {"milliers": THOUSAND, "mds": BILLION, "dollar": USD, "dollars": USD,
           "de": NOTHING, "d": NOTHING, "environ": NOTHING, "env": NOTHING},
    "es": {"dólar": USD, "dólares": USD, "de": NOTHING, "unos": NOTHING,
           "aproximadamente": NOTHING, "alrededor de": NOTHING},
    "ru": {"доллар": USD, "доллара": USD, "долларов": USD, "рубль": RUB, "рубля": RUB,
           "рублей": RUB, "около": NOTHING, "примерно": NOTHING},
    "ar": {"مليارات": BILLION, "دولار": USD, "دولارات": USD, "حوالي": NOTHING,
           "تقريبا": NOTHING, "نحو": NOTHING},
    "zh": {"十": AmountWord(Decimal(10)), "百": AmountWord(Decimal(100)), "千": THOUSAND,
           "百万": MILLION, "十亿": BILLION, "元": CNY, "块": CNY, "美金": USD,
           "约": NOTHING, "大约": NOTHING, "左右": NOTHING},
}
"""What CLDR lacks, by language. Chinese `万` (10⁴) and `亿` (10⁸) are CLDR's; `十`
and `百` make `十万` and `百亿` of them, as Chinese counts."""

_COUNTS = (*range(0, 112), Decimal("1.5"))
"""Counts among which every plural form of a language has one (Arabic's "many" is
11-99, Russian's "other" a fraction)."""


@cache
def amount_words(locale: str) -> Vocabulary[AmountWord]:
    """Everything an amount may say besides its number, for a pledger of `locale`:
    English, then CLDR's English, then the locale's, then what CLDR lacks."""
    return Vocabulary([*EVERYWHERE.items(), *_cldr("en"), *_cldr(locale),
                       *LANGUAGE_WORDS.get(language_of(locale), {}).items()], ignored=IGNORED)


def _cldr(locale: str) -> Iterator[tuple[str, AmountWord]]:
    try:
        cldr = Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        return
    counts = {cldr.plural_form(count): count for count in reversed(_COUNTS)}.values()
    for code in _in_use():
        for count in counts:
            yield get_currency_name(code, count, locale=cldr), AmountWord(currency=code)
        symbol = cldr.currency_symbols.get(code, code)
        if symbol != code:
            yield symbol, AmountWord(currency=code)
    for size in ("short", "long"):
        for forms in (cldr.compact_decimal_formats.get(size) or {}).values():
            for magnitude, pattern in forms.items():
                word = _compact_word(pattern.pattern)
                zeros = pattern.pattern.count("0")
                if word and zeros:
                    yield word, AmountWord(Decimal(magnitude) / Decimal(10) ** (zeros - 1))


@cache
def _in_use() -> frozenset[str]:
    """The currencies legal tender somewhere today, by CLDR: the names and symbols of
    the French franc or the Deutsche Mark (`F`, `DM`) are no words of a pledge."""
    codes: set[str] = set()
    for territory in Locale("en").territories:
        codes.update(get_territory_currencies(str(territory)))
    return frozenset(codes)


def _compact_word(pattern: str) -> str:
    """The word of a compact pattern: `0 k` → `k`, `000万` → `万`, `0 тыс'.'` → `тыс.`."""
    return re.sub(r"[0¤]", "", pattern).replace("'", "").strip()
