"""Time zones as people name them: an IANA name (`Africa/Nairobi`) or a city (`nairobi`,
`Sao Paulo`), and the zones of a country, to suggest at registration. The country table
is the IANA `zone.tab` shipped with the tzdata package."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from zoneinfo import available_timezones

import pycountry
from rapidfuzz import fuzz, process

from bot.matching import normalize

_ACCEPT_SCORE = 88


@cache
def _country_zones() -> dict[str, list[str]]:
    table = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    zones: dict[str, list[str]] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            alpha2, _, zone = line.split("\t")[:3]
            zones.setdefault(alpha2, []).append(zone)
    return zones


@cache
def _names() -> dict[str, str]:
    """Normalized full names and city names -> IANA name."""
    names: dict[str, str] = {}
    for zone in available_timezones():
        if "/" not in zone or zone.startswith(("Etc/", "SystemV/")):
            continue
        names[normalize(zone)] = zone
        names.setdefault(normalize(zone.rsplit("/", 1)[1].replace("_", " ")), zone)
    return names


def zones_of_country(iso3: str) -> list[str]:
    country = pycountry.countries.get(alpha_3=iso3)
    return list(_country_zones().get(country.alpha_2, [])) if country else []


def resolve_time_zone(text: str) -> str | None:
    key = normalize(text)
    if not key:
        return None
    if key in _names():
        return _names()[key]
    match = process.extractOne(key, list(_names()), scorer=fuzz.ratio,
                               score_cutoff=_ACCEPT_SCORE)
    return _names()[match[0]] if match else None
