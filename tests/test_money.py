from __future__ import annotations

from decimal import Decimal

import pytest

from bot.money import CurrencyTable, MoneyError, parse_currency, parse_money
from tests.conftest import CONFIG_DIR


@pytest.mark.parametrize(("typed", "amount", "currency"), [
    ("5 million USD", "5000000", "USD"),
    ("€2.5m", "2500000", "EUR"),
    ("CHF 300k", "300000", "CHF"),
    ("1,000,000", "1000000", None),
    ("1.000.000 EUR", "1000000", "EUR"),
    ("1'000'000 CHF", "1000000", "CHF"),
    ("300 000 €", "300000", "EUR"),
    ("$1.2 billion", "1200000000", "USD"),
    ("US$ 750,000.50", "750000.5", "USD"),
    ("12 345,67 EUR", "12345.67", "EUR"),
    ("2,5 Mio EUR", "2500000", "EUR"),
    ("about 40 thousand dollars", "40000", "USD"),
    ("kes 1.5bn", "1500000000", "KES"),
])
def test_amounts_people_type(typed: str, amount: str, currency: str | None) -> None:
    money = parse_money(typed)
    assert (money.amount, money.currency) == (Decimal(amount), currency)


@pytest.mark.parametrize(("typed", "locale", "amount"), [
    ("1,500", "en", "1500"),
    ("1.500", "en", "1.5"),
    ("1.500", "de", "1500"),
    ("1,500", "fr", "1.5"),
])
def test_a_lone_separator_is_read_as_the_locale_writes_it(typed: str, locale: str,
                                                          amount: str) -> None:
    assert parse_money(typed, locale).amount == Decimal(amount)


@pytest.mark.parametrize(("typed", "reason"), [
    ("", "no_number"),
    ("lots", "no_number"),
    ("5 apples", "unknown_word"),
    ("0 USD", "not_positive"),
    ("5 USD 6 EUR", "several_numbers"),
    ("5 USD EUR", "several_currencies"),
    ("99999999999999 USD", "too_large"),
    ("1e30", "too_large"),
    ("-5 EUR", "negative"),
    ("EUR -5", "negative"),
    ("€-2.5m", "negative"),
    ("\u22123", "negative"),
    ("\u2013 500000", "negative"),
])
def test_what_is_not_an_amount_says_why(typed: str, reason: str) -> None:
    with pytest.raises(MoneyError) as raised:
        parse_money(typed)
    assert raised.value.reason == reason


def test_zero_is_an_amount_only_where_allowed() -> None:
    assert parse_money("0", allow_zero=True).amount == 0
    with pytest.raises(MoneyError):
        parse_money("-0.5", allow_zero=True)


def test_money_is_decimal_never_float() -> None:
    assert isinstance(parse_money("0.1 USD").amount, Decimal)
    assert parse_money("0.1 USD").amount + parse_money("0.2 USD").amount == Decimal("0.3")


def test_currency_codes_and_symbols() -> None:
    assert parse_currency("kes") == "KES"
    assert parse_currency("€") == "EUR"
    assert parse_currency("XYZ") is None


def test_usd_equivalent_from_the_rate_table() -> None:
    table = CurrencyTable.from_file(CONFIG_DIR / "currencies.csv")
    assert table.to_usd(Decimal("920"), "EUR") == Decimal("1000.00")
    assert table.to_usd(Decimal("5"), "USD") == Decimal("5.00")
    assert table.to_usd(Decimal("5"), "XOF") is not None
    assert table.to_usd(Decimal("5"), "BTN") is None
