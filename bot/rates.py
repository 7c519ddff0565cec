"""The exchange-rate table the secretariat keeps in `config/currencies.csv`, refreshed
from a file (`p2c-bot rates import FILE`): every row checked before anything changes,
rates merged by currency (the newer date wins), and pledges that were saved without a
US dollar figure, for want of a rate, given one."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from babel.core import get_global
from babel.numbers import get_territory_currencies

from bot.money import CurrencyRate, CurrencyTable

COLUMNS = ("code", "units_per_usd", "as_of")


class RatesError(ValueError):
    """The file cannot be imported; every problem found, one per line."""


@dataclass(frozen=True)
class Merge:
    table: CurrencyTable
    added: tuple[str, ...]
    updated: tuple[str, ...]


def currencies_in_use(on: date) -> frozenset[str]:
    """ISO 4217 currencies legal tender somewhere on `on` (CLDR's territory data)."""
    territories = get_global("territory_currencies")
    return frozenset(code for territory in territories
                     for code in get_territory_currencies(territory, on, tender=True))


def read_rates(path: Path, today: date) -> dict[str, CurrencyRate]:
    """The rows of a rates file: a currency in use, a positive rate, a date not in the
    future. All problems are reported together, with their line numbers."""
    problems: list[str] = []
    rates: dict[str, CurrencyRate] = {}
    in_use = currencies_in_use(today)
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise RatesError(f"{path}: missing column(s) {', '.join(missing)}; "
                             f"expected {','.join(COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            code = (row["code"] or "").strip().upper()
            try:
                rate = Decimal((row["units_per_usd"] or "").strip())
                as_of = date.fromisoformat((row["as_of"] or "").strip())
            except (InvalidOperation, ValueError):
                problems.append(f"line {line}: units_per_usd must be a number and as_of "
                                f"a date (YYYY-MM-DD)")
                continue
            if code not in in_use:
                problems.append(f"line {line}: {code or '(empty)'} is not a currency in use")
            elif not rate.is_finite() or rate <= 0:
                problems.append(f"line {line}: the rate for {code} must be more than zero")
            elif as_of > today:
                problems.append(f"line {line}: the rate for {code} is dated in the future")
            elif code in rates:
                problems.append(f"line {line}: {code} is given twice")
            else:
                rates[code] = CurrencyRate(code, rate, as_of)
    if problems:
        raise RatesError("\n".join(problems))
    return rates


def merge(current: CurrencyTable, imported: dict[str, CurrencyRate]) -> Merge:
    """The imported rates over the current ones; an older rate does not replace a
    newer one."""
    rates = dict(current.rates)
    added, updated = [], []
    for code, rate in sorted(imported.items()):
        known = rates.get(code)
        if known is None:
            added.append(code)
        elif rate.as_of < known.as_of or rate == known:
            continue
        else:
            updated.append(code)
        rates[code] = rate
    return Merge(CurrencyTable(rates), tuple(added), tuple(updated))


def write_rates(path: Path, table: CurrencyTable) -> None:
    """Written to a new file and moved into place: a reader never sees half a table."""
    temporary = path.with_suffix(".csv.new")
    with temporary.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        for code, rate in sorted(table.rates.items(), key=lambda item: (item[0] != "USD", item[0])):
            writer.writerow((code, rate.units_per_usd, rate.as_of.isoformat()))
    temporary.replace(path)
