"""UN M49 regions (Africa, Americas, Asia, Europe, Oceania) and sub-regions by country,
from `config/un_m49_regions.csv`, so reports can set where pledgers come from against
where pledges are carried out. A country missing from the file is in no region and is
counted apart rather than guessed."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

UNKNOWN_REGION = "Unknown"


@dataclass(frozen=True)
class Region:
    region: str
    sub_region: str


class RegionTable:
    def __init__(self, regions: dict[str, Region]) -> None:
        self._regions = regions

    @classmethod
    def from_file(cls, path: Path) -> RegionTable:
        with path.open(encoding="utf-8", newline="") as f:
            return cls({row["iso3"]: Region(row["region"], row["sub_region"])
                        for row in csv.DictReader(f)})

    def region_of(self, iso3: str) -> str:
        found = self._regions.get(iso3)
        return found.region if found else UNKNOWN_REGION

    def sub_region_of(self, iso3: str) -> str:
        found = self._regions.get(iso3)
        return found.sub_region if found else UNKNOWN_REGION

    @property
    def countries(self) -> tuple[str, ...]:
        return tuple(self._regions)

    @property
    def regions(self) -> tuple[str, ...]:
        """Every region, alphabetically (M49's own order)."""
        return tuple(sorted({r.region for r in self._regions.values()}))
