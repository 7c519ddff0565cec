"""Countries as people type them, and the UN groups (LDC, LLDC, SIDS) a pledge targets.

Names come from pycountry and Babel's territory data (so they are localized), plus the
secretariat's alias list in `config/country_aliases.csv`; typos are forgiven with
rapidfuzz, but only when one country clearly wins, so a guess is never silently wrong.
Lists are read in the pledger's language (`Kenia y Uganda`, `肯尼亚和乌干达`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pycountry
from babel import Locale
from rapidfuzz import fuzz, process

from bot.matching import normalize
from bot.typed_lists import list_items
from bot.typed_words import unspaced

_CLEAR_LEAD = 6


@dataclass(frozen=True)
class Forgiveness:
    """How far a typed name may be from a country's (rapidfuzz's ratio, 0-100) to be
    taken, or offered as a suggestion, and the shortest name guessed at all."""

    accept: float
    suggest: float
    shortest: int


LETTERS = Forgiveness(accept=85, suggest=70, shortest=5)
IDEOGRAPHS_SHORTEST = 3


def forgiveness(key: str) -> Forgiveness:
    """For a name in letters, a fixed share of them may be wrong. A Chinese character
    is a syllable, so a Chinese name is forgiven one wrong character whatever its
    length (`肯尼压` for `肯尼亚`), never a second name run into it (`阿鲁巴和奥兰群岛`
    is two countries, not a slip in `奥兰群岛`); two characters are too few to guess."""
    written = key.replace(" ", "")
    if sum(unspaced(c) for c in written) * 2 <= len(written):
        return LETTERS
    one_wrong = 100 * (len(written) - 1) / max(len(written), 1) - 0.5
    two_wrong = 100 * (len(written) - 2) / max(len(written), 1) - 0.5
    return Forgiveness(accept=one_wrong, suggest=min(one_wrong, max(50, two_wrong)),
                       shortest=IDEOGRAPHS_SHORTEST)


@dataclass(frozen=True)
class UnresolvedCountry:
    """A fragment of the answer that matched no country, with the closest candidates."""

    text: str
    suggestions: tuple[str, ...]


@dataclass(frozen=True)
class CountryResolution:
    countries: tuple[str, ...]
    unresolved: tuple[UnresolvedCountry, ...]
    guessed: bool = False
    """Some country was found by a guess (a typo, an alias, a fuzzy match) rather than
    by its name or ISO code: what was understood should be confirmed."""


class CountryDirectory:
    def __init__(self, aliases: dict[str, str]) -> None:
        self._alpha2 = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
        self._by_alpha2 = {a2: a3 for a3, a2 in self._alpha2.items()}
        self._aliases = aliases
        self._indexes: dict[str, dict[str, str]] = {}
        self._own: dict[str, dict[str, str]] = {}

    @classmethod
    def from_file(cls, path: Path) -> CountryDirectory:
        with path.open(encoding="utf-8", newline="") as f:
            return cls({normalize(row["alias"]): row["iso3"] for row in csv.DictReader(f)})

    def __contains__(self, iso3: str) -> bool:
        return iso3 in self._alpha2

    def name(self, iso3: str, locale: str) -> str:
        alpha2 = self._alpha2.get(iso3)
        localized = _territories(locale).get(alpha2) if alpha2 else None
        if localized:
            return localized
        country = pycountry.countries.get(alpha_3=iso3)
        return country.name if country else iso3

    def resolve(self, text: str, locale: str) -> CountryResolution:
        """Every country named in a free-text answer such as `Keniya, uganda and TZA`."""
        found: list[str] = []
        unresolved: list[UnresolvedCountry] = []
        guessed = False
        for part in list_items(text, locale, lambda run: self._exactly(run, locale),
                               lambda run: self._match(run, locale) is not None):
            match = self._match(part, locale)
            if isinstance(match, str):
                guessed = guessed or not self._named(part, locale)
                if match not in found:
                    found.append(match)
            else:
                unresolved.append(UnresolvedCountry(part, self._suggest(part, locale)))
        return CountryResolution(tuple(found), tuple(unresolved), guessed)

    def _exactly(self, text: str, locale: str) -> bool:
        """Typed as a name, an alias or an ISO code, not a near miss."""
        key = normalize(text)
        return key in self._names(locale) or key.upper() in self._alpha2 or \
            key.upper() in self._by_alpha2

    def _named(self, text: str, locale: str) -> bool:
        """Typed as the country's own name (in English, the pledger's language or ISO's
        official form) or ISO code, not an alias or a near miss."""
        key = normalize(text)
        if key.upper() in self._alpha2 or key.upper() in self._by_alpha2:
            return True
        own = self._own_names(locale)
        return key in own and own[key] == self._names(locale)[key]

    def _match(self, text: str, locale: str) -> str | None:
        key = normalize(text)
        if not key:
            return None
        names = self._names(locale)
        if key in names:
            return names[key]
        if key.upper() in self._alpha2:
            return key.upper()
        if key.upper() in self._by_alpha2:
            return self._by_alpha2[key.upper()]
        allowed = forgiveness(key)
        if len(key) < allowed.shortest:
            return None
        ranked = self._ranked(key, locale)
        if not ranked or ranked[0][1] < allowed.accept:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < _CLEAR_LEAD:
            return None
        return ranked[0][0]

    def _suggest(self, text: str, locale: str) -> tuple[str, ...]:
        key = normalize(text)
        return tuple(iso3 for iso3, score in self._ranked(key, locale)[:3]
                     if score >= forgiveness(key).suggest)

    def _ranked(self, key: str, locale: str) -> list[tuple[str, float]]:
        """Best score per country, best first."""
        names = self._names(locale)
        best: dict[str, float] = {}
        for name, score, _ in process.extract(key, list(names), scorer=fuzz.ratio, limit=12):
            iso3 = names[name]
            best[iso3] = max(best.get(iso3, 0.0), score)
        return sorted(best.items(), key=lambda item: -item[1])

    def _names(self, locale: str) -> dict[str, str]:
        """Normalized name -> ISO3, built once per locale: the countries' own names and
        the aliases."""
        if locale not in self._indexes:
            self._indexes[locale] = {**self._own_names(locale), **self._aliases}
        return self._indexes[locale]

    def _own_names(self, locale: str) -> dict[str, str]:
        """Normalized name -> ISO3: English, the user's language and ISO's official
        names (an alias that spells one of them, `Gambia`, is still the name)."""
        if locale in self._own:
            return self._own[locale]
        names: dict[str, str] = {}
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    names[normalize(value)] = country.alpha_3
        for lang in dict.fromkeys(("en", locale)):
            for alpha2, value in _territories(lang).items():
                if alpha2 in self._by_alpha2:
                    names[normalize(value)] = self._by_alpha2[alpha2]
        self._own[locale] = names
        return names


@cache
def _territories(locale: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(locale).territories)
    except (ValueError, TypeError):
        return dict(Locale("en").territories)




@dataclass(frozen=True)
class CountryGroup:
    iso3: str
    ldc: bool
    lldc: bool
    sids: bool
    ldc_graduation: date | None

    def is_ldc_on(self, day: date) -> bool:
        return self.ldc and (self.ldc_graduation is None or day < self.ldc_graduation)


@dataclass(frozen=True)
class Targeting:
    """Which UN groups a pledge's countries of implementation include."""

    ldc: bool
    lldc: bool
    sids: bool


class CountryGroups:
    def __init__(self, groups: dict[str, CountryGroup]) -> None:
        self._groups = groups

    @classmethod
    def from_file(cls, path: Path) -> CountryGroups:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        return cls({
            row["iso3"]: CountryGroup(
                iso3=row["iso3"],
                ldc=row["ldc"] == "1",
                lldc=row["lldc"] == "1",
                sids=row["sids"] == "1",
                ldc_graduation=date.fromisoformat(row["ldc_graduation"])
                if row["ldc_graduation"] else None,
            )
            for row in rows
        })

    def members(self) -> tuple[CountryGroup, ...]:
        return tuple(self._groups.values())

    def targeting(self, countries: tuple[str, ...] | list[str], on: date) -> Targeting:
        """LDC status is taken on the pledge's date: a country that has graduated by then
        no longer makes the pledge count as targeting LDCs."""
        groups = [self._groups[c] for c in countries if c in self._groups]
        return Targeting(
            ldc=any(g.is_ldc_on(on) for g in groups),
            lldc=any(g.lldc for g in groups),
            sids=any(g.sids for g in groups),
        )
