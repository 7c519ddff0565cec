"""Amounts of money as pledgers type them (`5 million USD`, `€2.5m`, `CHF 300k`,
`1,000,000`, `2,5 millions d'euros`, `2,5 млн евро`, `250万美元`, `2.5 مليون دولار`, in
any script's digits), kept as Decimal, and their USD equivalent from
`config/currencies.csv`. The words are `bot.amount_words`."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from babel.numbers import get_decimal_symbol, get_group_symbol, list_currencies

from bot.amount_words import NOTHING, AmountWord, amount_words
from bot.matching import fold
from bot.typed_words import Known, Number, Unknown

MAX_AMOUNT = Decimal("1e13")

_NUMBER = re.compile(r"\d+(?:\.\d+)?e[+-]?\d+|\d[\d\s.,']*")
"""Digits with their separators, or scientific notation (`1e30`, read so it can be
refused as too large rather than as two numbers)."""
_SCIENTIFIC = re.compile(r"\d+(?:\.\d+)?e[+-]?\d+")
_MINUS = re.compile("[-\u2212\u2013\u2010]")
"""A hyphen, the minus sign, an en dash: what a negative number is typed with."""


class MoneyError(ValueError):
    """The text is not an amount; `reason` says which part is wrong, for the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str | None


def parse_money(text: str, locale: str = "en", *, allow_zero: bool = False) -> Money:
    """Reads one amount, its multiplier words and its currency, in any order, in English
    or the pledger's language, in any script's digits. A minus sign before the number
    (`-5 EUR`, `EUR -5`, U+2212 too) is refused, never dropped."""
    cleaned = fold(text)
    numbers = list(_NUMBER.finditer(cleaned))
    if not numbers:
        raise MoneyError("no_number")
    if len(numbers) > 1:
        raise MoneyError("several_numbers")
    match = numbers[0]
    if _MINUS.search(cleaned[:match.start()]):
        raise MoneyError("negative")
    number = match.group().strip()
    rest = cleaned[:match.start()] + " " + cleaned[match.end():]
    amount = Decimal(number) if _SCIENTIFIC.fullmatch(number) else _to_decimal(number, locale)
    currency = None
    for word in amount_words(locale).read(rest):
        found = _currency_of(word)
        if isinstance(word, Known):
            amount *= word.meaning.multiplier
        elif found is None:
            raise MoneyError("unknown_word")
        if found is not None:
            if currency not in (None, found):
                raise MoneyError("several_currencies")
            currency = found
    if amount < 0 or (amount == 0 and not allow_zero):
        raise MoneyError("not_positive")
    if amount >= MAX_AMOUNT:
        raise MoneyError("too_large")
    return Money(amount=_plain(amount), currency=currency)


def _plain(amount: Decimal) -> Decimal:
    """`2.5` times a million is stored as `2500000`, not `2.5000000E+6`."""
    return amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount.normalize()


def parse_currency(text: str, locale: str = "en") -> str | None:
    """A currency said alone: its code, symbol or name (`KES`, `€`, `euros`, `美元`)."""
    codes = set()
    for word in amount_words(locale).read(text):
        code = _currency_of(word)
        if code is None and not (isinstance(word, Known) and word.meaning == NOTHING):
            return None
        codes.add(code)
    codes.discard(None)
    return codes.pop() if len(codes) == 1 else None


def _currency_of(word: Known[AmountWord] | Number | Unknown) -> str | None:
    """The currency a word names: a known word's, or an ISO 4217 code's."""
    if isinstance(word, Known):
        return word.meaning.currency
    if isinstance(word, Unknown) and (code := word.text.upper()) in _iso_currencies():
        return code
    return None


@cache
def _iso_currencies() -> frozenset[str]:
    return frozenset(code for code in list_currencies() if len(code) == 3)


def _to_decimal(number: str, locale: str) -> Decimal:
    """Separators are read the way people write them: `1,000,000`, `1.000.000`,
    `1'000'000`, `1 000 000` and `2.5`/`2,5`. A single separator before exactly three
    digits is a thousands separator only where the user's locale groups with it."""
    digits = re.sub(r"[\s']", "", number)
    commas, dots = digits.count(","), digits.count(".")
    if commas and dots:
        decimal_mark = "," if digits.rfind(",") > digits.rfind(".") else "."
    elif commas + dots == 0:
        decimal_mark = None
    else:
        mark = "," if commas else "."
        if commas + dots > 1:
            decimal_mark = None
        elif len(digits) - digits.rfind(mark) - 1 == 3:
            decimal_mark = None if mark == get_group_symbol(locale) else mark
            if decimal_mark and mark != get_decimal_symbol(locale):
                decimal_mark = None
        else:
            decimal_mark = mark
    integer, _, fraction = digits.rpartition(decimal_mark) if decimal_mark else (digits, "", "")
    integer = re.sub(r"[.,]", "", integer)
    try:
        return Decimal(f"{integer}.{fraction}" if fraction else integer)
    except InvalidOperation as error:
        raise MoneyError("no_number") from error


@dataclass(frozen=True)
class CurrencyRate:
    code: str
    units_per_usd: Decimal
    as_of: date


class CurrencyTable:
    """Exchange rates the secretariat reports in, so every pledge has a USD figure."""

    def __init__(self, rates: dict[str, CurrencyRate]) -> None:
        self._rates = rates

    @classmethod
    def from_file(cls, path: Path) -> CurrencyTable:
        with path.open(encoding="utf-8", newline="") as f:
            return cls({
                row["code"]: CurrencyRate(
                    code=row["code"],
                    units_per_usd=Decimal(row["units_per_usd"]),
                    as_of=date.fromisoformat(row["as_of"]),
                )
                for row in csv.DictReader(f)
            })

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._rates)

    @property
    def rates(self) -> dict[str, CurrencyRate]:
        return dict(self._rates)

    def rate(self, currency: str) -> CurrencyRate | None:
        return self._rates.get(currency)

    def to_usd(self, amount: Decimal, currency: str) -> Decimal | None:
        rate = self._rates.get(currency)
        if rate is None:
            return None
        return (amount / rate.units_per_usd).quantize(Decimal("0.01"), ROUND_HALF_UP)
