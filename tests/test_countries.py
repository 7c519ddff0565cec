"""Country names as typed, and the LDC/LLDC/SIDS derivation from the UN lists."""

from __future__ import annotations

import csv
from datetime import date
from functools import cache

import pycountry
import pytest
from babel.lists import format_list
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.countries import forgiveness
from bot.flows.formatting import show_countries
from bot.matching import normalize
from bot.reference import ReferenceData, load_reference
from bot.typed_lists import SEPARATORS
from tests.conftest import CONFIG_DIR
from tests.flows.languages import UN_LANGUAGES, in_language

COUNTRIES = sorted(c.alpha_3 for c in pycountry.countries)
DIRECTORY = load_reference(CONFIG_DIR).countries


@pytest.mark.parametrize(("typed", "expected"), [
    ("Keniya, uganda, TZA", ("KEN", "UGA", "TZA")),
    ("Trinidad and Tobago", ("TTO",)),
    ("Kenya and Uganda", ("KEN", "UGA")),
    ("Laos & Nepal", ("LAO", "NPL")),
    ("DRC; Ivory coast", ("COD", "CIV")),
    ("cote d'ivoire", ("CIV",)),
    ("sénégal\nmali", ("SEN", "MLI")),
    ("Niger", ("NER",)),
    ("ke, UG", ("KEN", "UGA")),
    ("Bolivia", ("BOL",)),
    ("Kenya, kenya", ("KEN",)),
])
def test_countries_as_people_type_them(reference: ReferenceData, typed: str,
                                       expected: tuple[str, ...]) -> None:
    resolution = reference.countries.resolve(typed, "en")
    assert resolution.unresolved == ()
    assert resolution.countries == expected


def test_names_in_the_users_language(reference: ReferenceData) -> None:
    assert reference.countries.resolve("Tanzanie, Ouganda", "fr").countries == ("TZA", "UGA")
    assert reference.countries.name("KEN", "fr") == "Kenya"
    assert reference.countries.name("CIV", "en") == "Côte d\u2019Ivoire"


@pytest.mark.parametrize(("typed", "locale", "expected"), [
    ("Kenia, Uganda y Tanzania", "es", ("KEN", "UGA", "TZA")),
    ("Kenia e Italia", "es", ("KEN", "ITA")),
    ("Kenya et Ouganda", "fr", ("KEN", "UGA")),
    ("Bosnie-Herzégovine et Tanzanie", "fr", ("BIH", "TZA")),
    ("Кения и Уганда", "ru", ("KEN", "UGA")),
    ("Кения, Уганда, Танзания", "ru", ("KEN", "UGA", "TZA")),
    ("كينيا وأوغندا", "ar", ("KEN", "UGA")),
    ("كينيا، أوغندا و تنزانيا", "ar", ("KEN", "UGA", "TZA")),
    ("ترينيداد وتوباغو وكينيا", "ar", ("TTO", "KEN")),
    ("肯尼亚和乌干达", "zh", ("KEN", "UGA")),
    ("肯尼亚、乌干达、坦桑尼亚", "zh", ("KEN", "UGA", "TZA")),
    ("肯尼亚，安提瓜和巴布达", "zh", ("KEN", "ATG")),
    ("Kenya and Кения", "ru", ("KEN",)),
])
def test_lists_in_the_users_language(reference: ReferenceData, typed: str, locale: str,
                                     expected: tuple[str, ...]) -> None:
    resolution = reference.countries.resolve(typed, locale)
    assert (resolution.countries, resolution.unresolved) == (expected, ())
    assert not resolution.guessed


@pytest.mark.parametrize(("typed", "locale", "expected"), [
    ("Tansania", "es", "TZA"),
    ("Ougnada", "fr", "UGA"),
    ("Танзаныя", "ru", "TZA"),
    ("تنزانيه", "ar", "TZA"),
    ("اوغاندا", "ar", "UGA"),
    ("肯尼压", "zh", "KEN"),
    ("埃塞俄比压", "zh", "ETH"),
])
def test_typos_in_the_users_language_are_guessed_and_confirmed(
        reference: ReferenceData, typed: str, locale: str, expected: str) -> None:
    resolution = reference.countries.resolve(typed, locale)
    assert resolution.countries == (expected,)
    assert resolution.guessed


@pytest.mark.parametrize(("codes", "locale", "shown"), [
    (["KEN", "UGA"], "en", "Kenya and Uganda"),
    (["KEN", "UGA"], "fr", "Kenya et Ouganda"),
    (["KEN", "UGA"], "es", "Kenia y Uganda"),
    (["KEN", "UGA"], "ru", "Кения и Уганда"),
    (["KEN", "UGA"], "ar", "كينيا وأوغندا"),
    (["KEN", "UGA", "TZA"], "zh", "肯尼亚、乌干达和坦桑尼亚"),
])
def test_countries_are_shown_as_a_list_of_the_users_language(
        make_context, codes: list[str], locale: str, shown: str) -> None:
    assert show_countries(codes, in_language(make_context(), locale)) == shown


def _listed_alone(iso3: str, locale: str) -> str:
    """The country's name in the language, when it is not itself a list (`Bonaire,
    Sint Eustatius and Saba`), which no reader of lists could tell apart."""
    name = DIRECTORY.name(iso3, locale)
    assume(not any(separator in name for separator in SEPARATORS))
    return name


@given(st.sampled_from(COUNTRIES), st.sampled_from(UN_LANGUAGES))
def test_any_countrys_name_in_any_un_language_is_that_country(iso3: str,
                                                               locale: str) -> None:
    resolution = DIRECTORY.resolve(_listed_alone(iso3, locale), locale)
    assert (resolution.countries, resolution.guessed) == ((iso3,), False)


@given(st.lists(st.sampled_from(COUNTRIES), min_size=2, max_size=4, unique=True),
       st.sampled_from(UN_LANGUAGES))
def test_any_countries_listed_as_the_bot_lists_them_read_back(codes: list[str],
                                                              locale: str) -> None:
    """`Kenya, Uganda and Tanzania` as Babel joins names in each language (`、`, `和`,
    Arabic's attached `و`) is those countries again, even where a name has the
    conjunction in it (`Trinidad and Tobago`, `安提瓜和巴布达`)."""
    names = [_listed_alone(code, locale) for code in codes]
    resolution = DIRECTORY.resolve(format_list(names, locale=locale), locale)
    assert (resolution.countries, resolution.unresolved) == (tuple(codes), ())


@cache
def _names_of_every_country(locale: str) -> frozenset[str]:
    """What a typo may turn into and then be a country's name, code or alias (`Laos`
    less its `s` is the code `LAO`), not a typo."""
    names = {normalize(DIRECTORY.name(code, language)) for code in COUNTRIES
             for language in ("en", locale)}
    names |= {normalize(getattr(country, attribute, "") or "") for country in
              pycountry.countries for attribute in ("name", "official_name", "common_name",
                                                     "alpha_2", "alpha_3")}
    with (CONFIG_DIR / "country_aliases.csv").open(encoding="utf-8", newline="") as aliases:
        names |= {normalize(row["alias"]) for row in csv.DictReader(aliases)}
    return frozenset(names)


@st.composite
def _typos(draw: st.DrawFn, name: str) -> str:
    """One slip of a finger: a letter of the name replaced, left out, doubled in the
    wrong place or swapped with the next."""
    at = draw(st.integers(min_value=0, max_value=len(name) - 1))
    letter = draw(st.sampled_from([c for c in name if c.isalpha()]))
    return draw(st.sampled_from([
        name[:at] + letter + name[at + 1:],
        name[:at] + name[at + 1:],
        name[:at] + letter + name[at:],
        name[:at] + name[at + 1:at + 2] + name[at:at + 1] + name[at + 2:],
    ]))


@settings(max_examples=300)
@given(st.sampled_from(COUNTRIES), st.sampled_from(UN_LANGUAGES), st.data())
def test_a_typo_in_any_language_is_guessed_for_confirmation_never_taken_silently(
        iso3: str, locale: str, data: st.DataObject) -> None:
    """As in English: the country is found (and confirmed by the pledger) or offered,
    never another one taken as if it had been named; a name too short to guess from
    (`Chad`, `中国`) is only ever taken as typed."""
    name = _listed_alone(iso3, locale)
    typo = data.draw(_typos(name))
    key = normalize(typo)
    assume(key not in _names_of_every_country(locale))
    resolution = DIRECTORY.resolve(typo, locale)
    if resolution.countries:
        assert resolution.guessed
    if len(normalize(name)) > forgiveness(normalize(name)).shortest:
        offered = resolution.countries + tuple(
            code for item in resolution.unresolved for code in item.suggestions)
        assert offered, f"{typo!r} ({name!r}) found nothing to offer"


def test_an_ambiguous_typo_is_not_guessed(reference: ReferenceData) -> None:
    resolution = reference.countries.resolve("Nigeri", "en")
    assert resolution.countries == ()
    assert resolution.unresolved[0].suggestions[:2] == ("NGA", "NER")


def test_groups_of_the_countries(reference: ReferenceData) -> None:
    groups = reference.country_groups
    kenya = groups.targeting(["KEN"], date(2026, 1, 1))
    assert (kenya.ldc, kenya.lldc, kenya.sids) == (False, False, False)
    mixed = groups.targeting(["UGA", "FJI"], date(2026, 1, 1))
    assert (mixed.ldc, mixed.lldc, mixed.sids) == (True, True, True)


@pytest.mark.parametrize(("country", "day", "ldc", "lldc"), [
    ("NPL", date(2026, 11, 23), True, True),
    ("NPL", date(2026, 11, 24), False, True),
    ("BGD", date(2026, 11, 23), True, False),
    ("BGD", date(2027, 1, 1), False, False),
    ("SLB", date(2027, 12, 12), True, False),
    ("SLB", date(2027, 12, 13), False, False),
])
def test_a_country_stops_counting_as_ldc_on_its_graduation(
        reference: ReferenceData, country: str, day: date, ldc: bool, lldc: bool) -> None:
    targeting = reference.country_groups.targeting([country], day)
    assert (targeting.ldc, targeting.lldc) == (ldc, lldc)


def test_the_reference_list_sizes(reference: ReferenceData) -> None:
    """The counts the UN publishes (data README): 44 LDCs, 32 LLDCs, 38 SIDS members."""
    members = reference.country_groups.members()
    assert sum(g.ldc for g in members) == 44
    assert sum(g.lldc for g in members) == 32
    assert sum(g.sids for g in members) == 38
    assert all(g.iso3 in reference.countries for g in members)
