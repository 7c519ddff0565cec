"""What the index needs to know of all published pledges, gathered as they are written:
the totals shown before any filter (and without JavaScript), and the countries, regions
and keys that fill the filters. Sets of names and codes only, never the pledges."""

from __future__ import annotations

from decimal import Decimal

from bot.publish.records import GLOBAL_REGION, Country, PublicRecord
from bot.taxonomy import Option


class Tally:
    def __init__(self) -> None:
        self.pledges = 0
        self.usd = Decimal(0)
        self.without_usd_rate = 0
        self.has_global = False
        self._organizations: set[str] = set()
        self._countries: dict[str, Country] = {}
        self._focus_areas: dict[str, str] = {}
        self._pledge_types: dict[str, str] = {}

    def add(self, record: PublicRecord) -> None:
        pledge = record.pledge
        self.pledges += 1
        self._organizations.add(pledge.organization)
        self._countries.update((c.iso3, c) for c in record.countries)
        self.usd += pledge.amount_usd or 0
        self.without_usd_rate += record.without_usd_rate
        self.has_global = self.has_global or pledge.is_global
        self._focus_areas.setdefault(pledge.focus_area, record.focus_area_label)
        self._pledge_types.setdefault(pledge.pledge_type, record.pledge_type_label)

    @property
    def organizations(self) -> int:
        return len(self._organizations)

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
