"""Time zones as pledgers name them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.flows.formatting import show_time_zone
from bot.time_zones import resolve_time_zone, zones_of_country
from tests.flows.languages import UN_LANGUAGES, context_in


@pytest.mark.parametrize(("typed", "zone"), [
    ("Africa/Nairobi", "Africa/Nairobi"), ("nairobi", "Africa/Nairobi"),
    ("Chicago", "America/Chicago"), ("Sao Paulo", "America/Sao_Paulo"),
    ("Geneva", "Europe/Zurich"), ("Genève", "Europe/Zurich"),
    ("Washington", "America/New_York"), ("CET", "Europe/Paris"), ("est", "America/New_York"),
    ("UTC+3", "Etc/GMT-3"), ("GMT-5", "Etc/GMT+5"), ("UTC", "Etc/UTC"), ("UTC+0", "Etc/UTC"),
    ("UTC+5:30", "Asia/Kolkata"), ("utc +05:45", "Asia/Kathmandu"),
])
def test_zones_people_name(typed: str, zone: str) -> None:
    assert resolve_time_zone(typed) == zone


@pytest.mark.parametrize("typed", ["Atlantis", "UTC+15", "UTC+4:10", ""])
def test_what_names_no_zone_is_unknown(typed: str) -> None:
    assert resolve_time_zone(typed) is None


def test_a_city_in_the_pledgers_language_is_read() -> None:
    assert resolve_time_zone("Zurich", "fr") == "Europe/Zurich"


def test_a_country_is_offered_one_zone_per_local_time() -> None:
    """The US gets New York, Chicago, Denver... not five zones of its east coast."""
    offered = zones_of_country("USA")
    assert offered[:5] == ["America/New_York", "America/Chicago", "America/Denver",
                           "America/Phoenix", "America/Los_Angeles"]
    assert "Pacific/Honolulu" in offered
    assert zones_of_country("KEN") == ["Africa/Nairobi"]


@pytest.mark.parametrize(("typed", "locale", "zone"), [
    ("Найроби", "ru", "Africa/Nairobi"), ("نيروبي", "ar", "Africa/Nairobi"),
    ("内罗毕", "zh", "Africa/Nairobi"), ("Nueva York", "es", "America/New_York"),
    ("غرينتش+٠٣:٠٠", "ar", "Etc/GMT-3"), ("UTC+03:00", "fr", "Etc/GMT-3"),
    ("GMT−05:00", "ru", "Etc/GMT+5"), ("غرينتش", "ar", "Etc/UTC"),
])
def test_zones_named_in_the_users_language(typed: str, locale: str, zone: str) -> None:
    assert resolve_time_zone(typed, locale) == zone


SHOWN_ZONES = sorted({zone for iso3 in ("KEN", "USA", "BRA", "IND", "NPL", "RUS", "CHN",
                                        "FJI", "ARE", "CHE", "MEX", "AUS")
                      for zone in zones_of_country(iso3)} | {"Etc/UTC", "Etc/GMT-3",
                                                             "Etc/GMT+5"})


@given(st.sampled_from(SHOWN_ZONES), st.sampled_from(UN_LANGUAGES))
def test_any_zone_shown_in_a_language_reads_back(zone: str, locale: str) -> None:
    """A zone's name as the bot shows it (a button, the settings) is that zone again
    when typed: the same city, or the same offset."""
    ctx = context_in(locale)
    shown = show_time_zone(zone, ctx)
    resolved = resolve_time_zone(shown, locale)
    assert resolved is not None
    assert show_time_zone(resolved, ctx) == shown
