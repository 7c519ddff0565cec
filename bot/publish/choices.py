"""What the index's filters offer, gathered as the pledges are written: the countries
and regions of implementation, and any focus area or type a pledge holds that the
taxonomy no longer lists. Codes and names only, never the pledges."""

from __future__ import annotations

from bot.publish.records import GLOBAL_REGION, Country, PublicRecord
from bot.taxonomy import Option


class FilterChoices:
    def __init__(self) -> None:
        self.pledges = 0
        self.has_global = False
        self._countries: dict[str, Country] = {}
        self._focus_areas: dict[str, str] = {}
        self._pledge_types: dict[str, str] = {}

    def add(self, record: PublicRecord) -> None:
        pledge = record.pledge
        self.pledges += 1
        self._countries.update((c.iso3, c) for c in record.countries)
        self.has_global = self.has_global or pledge.is_global
        self._focus_areas.setdefault(pledge.focus_area, record.focus_area_label)
        self._pledge_types.setdefault(pledge.pledge_type, record.pledge_type_label)

    @property
    def countries(self) -> list[Country]:
        """The countries of implementation, by name."""
        return sorted(self._countries.values(), key=lambda c: (c.name.casefold(), c.iso3))

    @property
    def regions(self) -> list[str]:
        """The regions of implementation, then the whole world if a pledge is global."""
        found = sorted({c.region for c in self._countries.values()})
        return [*found, GLOBAL_REGION] if self.has_global else found

    def with_unlisted(self, listed: tuple[Option, ...], *, focus_areas: bool) -> list[Option]:
        """The taxonomy's choices, then any key a pledge holds that it no longer has."""
        seen = self._focus_areas if focus_areas else self._pledge_types
        known = {o.id for o in listed}
        return [*listed, *(Option(key, label) for key, label in seen.items()
                           if key not in known)]
