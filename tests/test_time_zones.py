"""Time zones as pledgers name them."""

from __future__ import annotations

import pytest

from bot.time_zones import resolve_time_zone, zones_of_country


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
