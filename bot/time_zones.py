"""Time zones as people name them: an IANA name (`Africa/Nairobi`), a zone's city in
English or the pledger's language (`nairobi`, `Sao Paulo`, CLDR's `Zurich`, `内罗毕`),
a capital that names no zone (`Geneva`, `Washington`), a common abbreviation (`CET`,
`EST`) or a UTC offset (`UTC+3`, `GMT-5`, `UTC+5:30`, `غرينتش+03:00`); and the zones of
a country to suggest at registration, one per distinct local time. The country table is
the IANA `zone.tab` shipped with the tzdata package."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from functools import cache
from importlib.resources import files
from zoneinfo import ZoneInfo, available_timezones

import pycountry
from babel import Locale
from rapidfuzz import fuzz, process

from bot.matching import fold, normalize

_ACCEPT_SCORE = 88
_OFFSET = re.compile(r"(?:utc|gmt)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?")

ABBREVIATIONS = {
    "utc": "Etc/UTC", "gmt": "Etc/UTC", "cet": "Europe/Paris", "cest": "Europe/Paris",
    "eet": "Europe/Athens", "eest": "Europe/Athens", "wet": "Europe/Lisbon",
    "bst": "Europe/London", "est": "America/New_York", "edt": "America/New_York",
    "cst": "America/Chicago", "cdt": "America/Chicago", "mst": "America/Denver",
    "mdt": "America/Denver", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "ist": "Asia/Kolkata", "eat": "Africa/Nairobi", "wat": "Africa/Lagos",
    "cat": "Africa/Maputo", "sast": "Africa/Johannesburg", "jst": "Asia/Tokyo",
    "aest": "Australia/Sydney",
}
"""The abbreviations people write, read as the zone most of their users mean."""

CITIES = {
    "geneva": "Europe/Zurich", "geneve": "Europe/Zurich", "genf": "Europe/Zurich",
    "bern": "Europe/Zurich", "washington": "America/New_York",
    "washington dc": "America/New_York", "new delhi": "Asia/Kolkata",
    "delhi": "Asia/Kolkata", "mumbai": "Asia/Kolkata", "beijing": "Asia/Shanghai",
    "ottawa": "America/Toronto", "canberra": "Australia/Sydney",
    "brasilia": "America/Sao_Paulo", "abuja": "Africa/Lagos", "islamabad": "Asia/Karachi",
    "the hague": "Europe/Amsterdam", "rabat": "Africa/Casablanca",
}
"""Capitals and seats of organizations that name no zone of their own."""

HALF_HOUR_OFFSETS = {
    (3, 30): "Asia/Tehran", (4, 30): "Asia/Kabul", (5, 30): "Asia/Kolkata",
    (5, 45): "Asia/Kathmandu", (6, 30): "Asia/Yangon", (9, 30): "Australia/Darwin",
    (-3, -30): "America/St_Johns", (-9, -30): "Pacific/Marquesas",
}
"""Offsets that are not whole hours have no Etc zone: the place that keeps them."""


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
def _available() -> frozenset[str]:
    """The zones tzdata has: read from its files once, not once a question."""
    return frozenset(available_timezones())


@cache
def _names() -> dict[str, str]:
    """Normalized full names and city names -> IANA name."""
    names: dict[str, str] = {}
    for zone in _available():
        if "/" not in zone or zone.startswith(("Etc/", "SystemV/")):
            continue
        names[normalize(zone)] = zone
        names.setdefault(normalize(zone.rsplit("/", 1)[1].replace("_", " ")), zone)
    return names


@cache
def _exemplar_cities(locale: str) -> dict[str, str]:
    """CLDR's city names for zones in a language (`Zurich`, `Genf` is not one)."""
    try:
        zones = Locale.parse(locale).time_zones
    except (ValueError, TypeError):
        return {}
    known = _available()
    return {normalize(data["city"]): zone for zone, data in zones.items()
            if "city" in data and zone in known}


@cache
def weekend_of(zone: str) -> tuple[int, int]:
    """The weekend (first and last weekday, 0 is Monday) of the country a zone is in, by
    CLDR's territory data; Saturday to Sunday where the zone names no country. Cached:
    every reminder planned asks it, and there are few zones."""
    territory = next((alpha2 for alpha2, zones in _country_zones().items() if zone in zones),
                     None)
    if territory is None:
        return (5, 6)
    locale = Locale.parse(f"und_{territory}")
    return (locale.weekend_start, locale.weekend_end)


def zones_of_country(iso3: str) -> list[str]:
    """One zone per distinct local time (winter and summer), in zone.tab's order, which
    puts each country's main zone first: New York, Chicago, Denver... not five zones of
    the US east coast."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return []
    distinct: dict[tuple[timedelta | None, ...], str] = {}
    for zone in _country_zones().get(country.alpha_2, []):
        info = ZoneInfo(zone)
        key = tuple(datetime(2026, month, 1, tzinfo=info).utcoffset() for month in (1, 7))
        distinct.setdefault(key, zone)
    return list(distinct.values())


def _offset_zone(text: str, locale: str) -> str | None:
    """`UTC+3`, `GMT-05:00`, and the locale's way of writing an offset, as Babel shows
    a zone of no place (`غرينتش+03:00`); the prefix alone is UTC."""
    key = fold(text).replace(" ", "").replace("\u2212", "-")
    for prefix in _offset_prefixes(locale):
        if key.startswith(prefix):
            key = "gmt" + key.removeprefix(prefix)
    match = _OFFSET.fullmatch(key)
    if not match:
        return None
    if match.group(1) is None:
        return "Etc/UTC"
    sign = 1 if match.group(1) == "+" else -1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if minutes:
        return HALF_HOUR_OFFSETS.get((sign * hours, sign * minutes))
    if hours == 0:
        return "Etc/UTC"
    if hours > (14 if sign > 0 else 12):
        return None
    return f"Etc/GMT{'-' if sign > 0 else '+'}{hours}"


@cache
def _offset_prefixes(locale: str) -> tuple[str, ...]:
    """What CLDR writes before an offset in the locale (`GMT`, `UTC`, `غرينتش`)."""
    try:
        formats = Locale.parse(locale).zone_formats
    except (ValueError, TypeError):
        return ()
    prefixes = {fold(formats[name].split("%s")[0]).replace(" ", "")
                for name in ("gmt", "gmt_utc") if name in formats}
    return tuple(sorted((p for p in prefixes if p), key=len, reverse=True))


def resolve_time_zone(text: str, locale: str = "en") -> str | None:
    key = normalize(text)
    if not key:
        return None
    for table in (_names(), ABBREVIATIONS, CITIES, _exemplar_cities("en"),
                  _exemplar_cities(locale)):
        if key in table:
            return table[key]
    if (offset := _offset_zone(text, locale)) is not None:
        return offset
    match = process.extractOne(key, list(_names()), scorer=fuzz.ratio,
                               score_cutoff=_ACCEPT_SCORE)
    return _names()[match[0]] if match else None
