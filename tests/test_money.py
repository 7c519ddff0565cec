from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_compact_currency, format_currency, format_decimal
from hypothesis import given
from hypothesis import strategies as st

from bot.money import CurrencyTable, Money, MoneyError, parse_currency, parse_money
from tests.conftest import CONFIG_DIR
from tests.flows.languages import UN_LANGUAGES


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


@pytest.mark.parametrize(("typed", "locale", "amount", "currency"), [
    ("2,5 millions d'euros", "fr", "2500000", "EUR"),
    ("2,5 millions d’euros", "fr", "2500000", "EUR"),
    ("1,2 Md $US", "fr", "1200000000", "USD"),
    ("300 k€", "fr", "300000", "EUR"),
    ("environ 40 mille dollars", "fr", "40000", "USD"),
    ("2\u202f500\u202f000,50\u00a0€", "fr", "2500000.5", "EUR"),
    ("2,5 millones de dólares", "es", "2500000", "USD"),
    ("3 mil millones de euros", "es", "3000000000", "EUR"),
    ("unos 40 mil dólares estadounidenses", "es", "40000", "USD"),
    ("2,5 млн евро", "ru", "2500000", "EUR"),
    ("300 тыс. долларов", "ru", "300000", "USD"),
    ("около 1,2 миллиарда рублей", "ru", "1200000000", "RUB"),
    ("5 миллионов долларов США", "ru", "5000000", "USD"),
    ("٢٫٥ مليون دولار", "ar", "2500000", "USD"),
    ("٣٠٠ ألف يورو", "ar", "300000", "EUR"),
    ("حوالي 5 ملايين دولار أمريكي", "ar", "5000000", "USD"),
    ("١٬٥٠٠٬٠٠٠ دولار", "ar", "1500000", "USD"),
    ("250万美元", "zh", "2500000", "USD"),
    ("2.5亿元", "zh", "250000000", "CNY"),
    ("300万人民币", "zh", "3000000", "CNY"),
    ("¥300万", "zh", "3000000", "CNY"),
    ("５００万欧元", "zh", "5000000", "EUR"),
    ("约十万美元", "zh", None, None),
    ("3千万美元", "zh", "30000000", "USD"),
    ("5 million USD", "zh", "5000000", "USD"),
])
def test_amounts_in_the_users_language(typed: str, locale: str, amount: str | None,
                                       currency: str | None) -> None:
    if amount is None:
        with pytest.raises(MoneyError):
            parse_money(typed, locale)
        return
    money = parse_money(typed, locale)
    assert (money.amount, money.currency) == (Decimal(amount), currency)


def test_a_symbol_is_the_currency_the_users_language_means_by_it() -> None:
    assert parse_money("¥300", "en").currency == "JPY"
    assert parse_money("¥300", "zh").currency == "CNY"
    assert parse_money("300 $US", "fr").currency == "USD"


@pytest.mark.parametrize(("typed", "locale", "reason"), [
    ("5 pommes", "fr", "unknown_word"),
    ("5 millions d'euros de dollars", "fr", "several_currencies"),
    ("-2,5 млн евро", "ru", "negative"),
    ("٥ دولار و٦ يورو", "ar", "several_numbers"),
    ("很多美元", "zh", "no_number"),
])
def test_what_is_not_an_amount_in_the_users_language_says_why(typed: str, locale: str,
                                                               reason: str) -> None:
    with pytest.raises(MoneyError) as raised:
        parse_money(typed, locale)
    assert raised.value.reason == reason


@pytest.mark.parametrize(("typed", "locale", "code"), [
    ("euros", "fr", "EUR"), ("dólares", "es", "USD"), ("евро", "ru", "EUR"),
    ("долларов", "ru", "USD"), ("دولار", "ar", "USD"), ("يورو", "ar", "EUR"),
    ("美元", "zh", "USD"), ("人民币", "zh", "CNY"), ("¥", "zh", "CNY"),
    ("shilling kényan", "fr", "KES"), ("million", "en", None), ("dollars euros", "en", None),
])
def test_a_currency_named_in_the_users_language(typed: str, locale: str,
                                                code: str | None) -> None:
    assert parse_currency(typed, locale) == code


CURRENCIES = ("USD", "EUR", "GBP", "CHF", "JPY", "CNY", "KES", "XOF", "RUB", "INR", "BRL")
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999999999.99"),
                      places=2)


@given(AMOUNTS, st.sampled_from(CURRENCIES), st.sampled_from(UN_LANGUAGES))
def test_any_amount_shown_in_a_language_reads_back_the_same(
        amount: Decimal, currency: str, locale: str) -> None:
    """What the bot says back (`format_currency`) is read as the same amount, in
    the pledger's language: their own answer copied back never changes."""
    shown = format_currency(amount, currency, locale=locale, currency_digits=False)
    assert parse_money(shown, locale) == Money(amount, currency)


@given(st.integers(min_value=10, max_value=99), st.integers(min_value=5, max_value=10),
       st.sampled_from(UN_LANGUAGES))
def test_a_compact_amount_in_any_language_reads_back(mantissa: int, exponent: int,
                                                     locale: str) -> None:
    """`$2.7M`, `2,7 M $US`, `2,7 млн $`, `US$270万`, `2.7 مليون US$`: the words of
    Babel's compact numbers are read in every language."""
    amount = Decimal(mantissa) * Decimal(10) ** exponent
    shown = format_compact_currency(amount, "USD", locale=locale, fraction_digits=1)
    assert parse_money(shown, locale) == Money(amount, "USD")


@given(st.integers(min_value=0, max_value=10**10), st.sampled_from(UN_LANGUAGES))
def test_any_number_of_people_shown_in_a_language_reads_back(count: int,
                                                             locale: str) -> None:
    shown = format_decimal(count, locale=locale)
    assert parse_money(shown, locale, allow_zero=True) == Money(Decimal(count), None)
