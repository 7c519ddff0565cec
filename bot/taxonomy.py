"""The P2C taxonomy, read from `config/taxonomy.toml` so the secretariat can change it
without a release. Labels are English msgids; they are translated where they are shown."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Option:
    """One choosable entry (a pledge type, a sector, a beneficiary group...)."""

    id: str
    label: str


@dataclass(frozen=True)
class Sector(Option):
    usual_usd: tuple[Decimal, Decimal] | None = None
    """The range of pledges, in US dollars, that this kind of organization usually
    makes: outside it the pledger is asked once whether the amount is right."""


@dataclass(frozen=True)
class FocusArea:
    id: str
    p2c_name: str
    label: str
    pillars: tuple[Option, ...]


@dataclass(frozen=True)
class Sdg:
    number: int
    label: str


@dataclass(frozen=True)
class Taxonomy:
    focus_areas: tuple[FocusArea, ...]
    pledge_types: tuple[Option, ...]
    sectors: tuple[Sector, ...]
    beneficiary_groups: tuple[Option, ...]
    sdgs: tuple[Sdg, ...]

    def focus_area(self, focus_area_id: str) -> FocusArea | None:
        return next((f for f in self.focus_areas if f.id == focus_area_id), None)

    def sector(self, sector_id: str) -> Sector | None:
        return next((s for s in self.sectors if s.id == sector_id), None)


def _options(rows: list[dict[str, str]]) -> tuple[Option, ...]:
    return tuple(Option(id=row["id"], label=row["label"]) for row in rows)


def _sector(row: dict[str, Any]) -> Sector:
    usual = row.get("usual_usd")
    if usual is None:
        return Sector(id=row["id"], label=row["label"])
    low, high = (Decimal(str(v)) for v in usual)
    if not 0 <= low < high:
        raise ValueError(f"taxonomy sector {row['id']}: usual_usd must be [low, high]")
    return Sector(id=row["id"], label=row["label"], usual_usd=(low, high))


def load_taxonomy(path: Path) -> Taxonomy:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    taxonomy = Taxonomy(
        focus_areas=tuple(
            FocusArea(
                id=row["id"],
                p2c_name=row["p2c_name"],
                label=row["label"],
                pillars=_options(row["pillars"]),
            )
            for row in raw["focus_areas"]
        ),
        pledge_types=_options(raw["pledge_types"]),
        sectors=tuple(_sector(row) for row in raw["sectors"]),
        beneficiary_groups=_options(raw["beneficiary_groups"]),
        sdgs=tuple(Sdg(number=int(row["number"]), label=row["label"]) for row in raw["sdgs"]),
    )
    _check_unique_ids(taxonomy)
    return taxonomy


def _check_unique_ids(taxonomy: Taxonomy) -> None:
    """A duplicated id in an edited data file would silently merge two choices."""
    groups = {
        "focus_areas": [f.id for f in taxonomy.focus_areas],
        "pillars": [p.id for f in taxonomy.focus_areas for p in f.pillars],
        "pledge_types": [o.id for o in taxonomy.pledge_types],
        "sectors": [o.id for o in taxonomy.sectors],
        "beneficiary_groups": [o.id for o in taxonomy.beneficiary_groups],
        "sdgs": [str(s.number) for s in taxonomy.sdgs],
    }
    for name, ids in groups.items():
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"taxonomy {name} has duplicate ids: {', '.join(duplicates)}")
