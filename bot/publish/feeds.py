"""The open-data files, `data/pledges.csv` and `data/pledges.json`: one row (object) per
approved pledge, with stable column names documented in the README. Written row by row
as the pledges are read, so a large site never builds the whole file in memory."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from bot.publish.records import CENT, PublicRecord, iso_date
from bot.secretariat.exports import FORMULA_START

SCHEMA_VERSION = 1
CSV_FEED = "data/pledges.csv"
JSON_FEED = "data/pledges.json"
LIST_SEPARATOR = "; "
COLUMNS = (
    "reference", "title", "description", "organization", "sector", "sector_label",
    "organization_country", "focus_area", "focus_area_label", "pillar", "pillar_label",
    "pledge_type", "pledge_type_label", "global", "countries", "country_names", "regions",
    "targets_ldc", "targets_lldc", "targets_sids", "amount", "currency", "amount_usd",
    "beneficiary_groups", "sdgs", "start_date", "end_date", "partners", "approved_on",
    "progress_status", "percent_done", "last_reported_on", "page")


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(CENT))


def feed_row(record: PublicRecord) -> dict[str, Any]:
    """The pledge as the JSON feed has it: lists as arrays, amounts as numbers."""
    pledge, progress = record.pledge, record.pledge.progress
    return {
        "reference": pledge.reference, "title": pledge.title,
        "description": pledge.description, "organization": pledge.organization,
        "sector": pledge.sector, "sector_label": record.sector_label,
        "organization_country": pledge.organization_country,
        "focus_area": pledge.focus_area, "focus_area_label": record.focus_area_label,
        "pillar": pledge.pillar, "pillar_label": record.pillar_label,
        "pledge_type": pledge.pledge_type, "pledge_type_label": record.pledge_type_label,
        "global": pledge.is_global, "countries": [c.iso3 for c in record.countries],
        "country_names": [c.name for c in record.countries], "regions": record.regions,
        "targets_ldc": pledge.targets_ldc, "targets_lldc": pledge.targets_lldc,
        "targets_sids": pledge.targets_sids, "amount": _money(pledge.amount),
        "currency": pledge.currency, "amount_usd": _money(pledge.amount_usd),
        "beneficiary_groups": pledge.beneficiary_groups, "sdgs": pledge.sdgs,
        "start_date": iso_date(pledge.start_date), "end_date": iso_date(pledge.end_date) or None,
        "partners": pledge.partners, "approved_on": iso_date(pledge.approved_at) or None,
        "progress_status": progress.status if progress else None,
        "percent_done": progress.percent_done if progress else None,
        "last_reported_on": iso_date(progress.reported_at) if progress else None,
        "page": record.page,
    }


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula (`=HYPERLINK(…)`) is kept as text,
    as the secretariat's own export does."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return spreadsheet_safe(LIST_SEPARATOR.join(str(v) for v in value))
    if isinstance(value, float):
        return f"{value:.2f}"
    return spreadsheet_safe(str(value))


class FeedWriter:
    """Both feeds, open for the time the pledges are read: `add` writes one pledge to
    each, leaving the JSON array open until `close`."""

    def __init__(self, site: Path, generated_at: datetime) -> None:
        (site / CSV_FEED).parent.mkdir(parents=True, exist_ok=True)
        self._csv_file: TextIO = (site / CSV_FEED).open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._csv_file)
        self._csv.writerow(COLUMNS)
        self._json: TextIO = (site / JSON_FEED).open("w", encoding="utf-8")
        head = json.dumps({"schema_version": SCHEMA_VERSION,
                           "generated_at": generated_at.isoformat(),
                           "scope": "approved Partner2Connect pledges"})
        self._json.write(head[:-1] + ', "pledges": [')
        self._first = True

    def add(self, record: PublicRecord) -> None:
        row = feed_row(record)
        self._csv.writerow(_csv_cell(row[column]) for column in COLUMNS)
        self._json.write(("\n" if self._first else ",\n")
                         + json.dumps(row, ensure_ascii=False))
        self._first = False

    def close(self) -> None:
        self._json.write("\n]}\n")
        self._json.close()
        self._csv_file.close()

    def __enter__(self) -> FeedWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
