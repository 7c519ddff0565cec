"""An approved pledge in the words the public reads: taxonomy labels, country names,
UN M49 regions, and the file its page is written to. One shape, `PublicRecord`, feeds
the CSV and JSON files, the pledge pages and the index's filters, so they agree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from bot.flows.formatting import PROGRESS_LABELS
from bot.reference import ReferenceData
from bot.taxonomy import Option
from storage.published import PublishedPledge

PLEDGE_PAGES = "pledges"
CENT = Decimal("0.01")
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9_-]")
FEED_LOCALE = "en"
"""The feeds' labels and country names are English, the taxonomy's language, whatever
the site's language: they are data, and a page shows them through `SiteLabels`."""


class TargetGroup(StrEnum):
    """The UN country groups a pledge can target, as the index filters them."""

    LDC = "ldc"
    LLDC = "lldc"
    SIDS = "sids"


GLOBAL_REGION = "Global"
"""The region filter's entry for pledges made for the whole world rather than countries."""


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    region: str


@dataclass(frozen=True)
class PublicRecord:
    pledge: PublishedPledge
    focus_area_label: str
    focus_area_p2c_name: str
    pillar_label: str
    pledge_type_label: str
    sector_label: str
    organization_country_name: str
    countries: list[Country]
    beneficiary_labels: list[str]
    progress_label: str | None
    page: str
    """The pledge page's path inside the site, e.g. `pledges/P2C-2026-00042.html`."""

    @property
    def regions(self) -> list[str]:
        return sorted({c.region for c in self.countries})

    @property
    def groups(self) -> list[TargetGroup]:
        flags = (self.pledge.targets_ldc, self.pledge.targets_lldc, self.pledge.targets_sids)
        return [group for group, on in zip(TargetGroup, flags, strict=True) if on]

    @property
    def usd_cents(self) -> int | None:
        """The US dollar value in whole cents, so the browser sums it exactly."""
        usd = self.pledge.amount_usd
        return None if usd is None else int(usd.quantize(CENT, ROUND_HALF_UP) * 100)

    @property
    def without_usd_rate(self) -> bool:
        """An amount in a currency that had no US dollar rate: counted apart."""
        return self.pledge.amount is not None and self.pledge.amount_usd is None


def page_path(reference: str) -> str:
    """Where a pledge's page goes; a reference is `P2C-2026-00042`, but one loaded from
    elsewhere could hold anything, so only letters, digits, `-` and `_` reach the name."""
    return f"{PLEDGE_PAGES}/{_UNSAFE_IN_NAME.sub('_', reference)}.html"


def _label(options: tuple[Option, ...], key: str) -> str:
    """A key the taxonomy no longer has is shown as stored rather than dropped."""
    return next((o.label for o in options if o.id == key), key)


class RecordMaker:
    """Turns stored pledges into public records with the reference data's words."""

    def __init__(self, reference: ReferenceData) -> None:
        self.reference = reference
        self._names: dict[str, str] = {}

    def country_name(self, iso3: str) -> str:
        if iso3 not in self._names:
            self._names[iso3] = self.reference.countries.name(iso3, FEED_LOCALE)
        return self._names[iso3]

    def country(self, iso3: str) -> Country:
        return Country(iso3, self.country_name(iso3), self.reference.regions.region_of(iso3))

    def record(self, pledge: PublishedPledge) -> PublicRecord:
        taxonomy = self.reference.taxonomy
        focus = taxonomy.focus_area(pledge.focus_area)
        sector = taxonomy.sector(pledge.sector)
        progress = pledge.progress
        return PublicRecord(
            pledge=pledge,
            focus_area_label=focus.label if focus else pledge.focus_area,
            focus_area_p2c_name=focus.p2c_name if focus else "",
            pillar_label=_label(focus.pillars, pledge.pillar) if focus else pledge.pillar,
            pledge_type_label=_label(taxonomy.pledge_types, pledge.pledge_type),
            sector_label=sector.label if sector else pledge.sector,
            organization_country_name=self.country_name(pledge.organization_country),
            countries=[self.country(c) for c in pledge.countries],
            beneficiary_labels=[_label(taxonomy.beneficiary_groups, g)
                                for g in pledge.beneficiary_groups],
            progress_label=PROGRESS_LABELS.get(progress.status, progress.status)
            if progress else None,
            page=page_path(pledge.reference))


def iso_date(value: date | datetime | None) -> str:
    """A date, or a UTC time's day, as the feeds write it; empty when there is none."""
    if value is None:
        return ""
    return (value.date() if isinstance(value, datetime) else value).isoformat()

