"""Country names as typed, and the LDC/LLDC/SIDS derivation from the UN lists."""

from __future__ import annotations

from datetime import date

import pytest

from bot.reference import ReferenceData


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
