"""The reference data every conversation consults, loaded once per process from
`config/` (the secretariat edits those files; a restart picks the change up)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.countries import CountryDirectory, CountryGroups
from bot.money import CurrencyTable
from bot.regions import RegionTable
from bot.taxonomy import Taxonomy, load_taxonomy


@dataclass(frozen=True)
class ReferenceData:
    taxonomy: Taxonomy
    countries: CountryDirectory
    country_groups: CountryGroups
    currencies: CurrencyTable
    regions: RegionTable


def load_reference(config_dir: Path) -> ReferenceData:
    return ReferenceData(
        taxonomy=load_taxonomy(config_dir / "taxonomy.toml"),
        countries=CountryDirectory.from_file(config_dir / "country_aliases.csv"),
        country_groups=CountryGroups.from_file(config_dir / "un_country_groups.csv"),
        currencies=CurrencyTable.from_file(config_dir / "currencies.csv"),
        regions=RegionTable.from_file(config_dir / "un_m49_regions.csv"),
    )
