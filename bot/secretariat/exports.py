"""Pledges as a file (`/export` in chat, `p2c-bot export`): one row a pledge with its
countries, partners and latest progress report, read in batches and streamed to the
file so memory stays flat however many there are. Column names are stable (the README
lists them). A pledge with no US dollar rate says so; text a spreadsheet would run as
a formula is kept as text."""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session

from bot.flows.desk_model import ExportOutcome
from bot.flows.model import Attachment
from bot.reference import ReferenceData
from bot.spreadsheets import StreamedSheet, write_workbook
from storage.exports import ExportRow, PledgeFilter, pledge_batches
from vocabulary import ExportFormat

NO_RATE = "no rate"
COLUMNS = ("reference", "review_status", "progress_status", "organization", "sector",
           "organization_country", "focus_area", "pillar", "pledge_type", "title",
           "description", "global", "countries", "targets_ldc", "targets_lldc",
           "targets_sids", "amount", "currency", "amount_usd", "beneficiary_groups", "sdgs",
           "start_date", "end_date", "partners", "submitted_at", "last_reported_at",
           "overdue", "latest_percent_done", "latest_amount_disbursed",
           "latest_people_reached", "latest_narrative", "latest_evidence_url")
LISTS = {"countries": ", ", "beneficiary_groups": ", ", "sdgs": ", ", "partners": "; "}
"""Columns that hold a list: joined with this in CSV and XLSX, arrays in JSON."""
MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.JSON: "application/json",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A pledger's text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def naive(moment: datetime | None) -> datetime | None:
    """A UTC time as spreadsheets take it: they know no time zones."""
    return moment.replace(tzinfo=None) if moment is not None else None


def usd_shown(pledge: Any) -> Any:
    """A pledge's US dollar figure, or NO_RATE when it has an amount in a currency with
    no rate yet (not an empty cell, which would read as no amount)."""
    if pledge.amount is not None and pledge.amount_usd is None:
        return NO_RATE
    return pledge.amount_usd


def _record(row: ExportRow) -> dict[str, Any]:
    """One pledge, its values typed (lists as lists, amounts as Decimal)."""
    pledge, organization, latest = row.pledge, row.organization, row.latest
    values = (
        pledge.reference, pledge.status, pledge.progress_status, organization.name,
        organization.sector, organization.country, pledge.focus_area, pledge.pillar,
        pledge.pledge_type, pledge.title, pledge.description, pledge.is_global,
        row.countries, pledge.targets_ldc, pledge.targets_lldc, pledge.targets_sids,
        pledge.amount, pledge.currency, usd_shown(pledge), list(pledge.beneficiary_groups),
        list(pledge.sdgs), pledge.start_date, pledge.end_date, row.partners,
        naive(pledge.submitted_at), naive(pledge.last_reported_at), pledge.overdue,
        latest.percent_done if latest else None,
        latest.amount_disbursed if latest else None,
        latest.people_reached if latest else None,
        latest.narrative if latest else None, latest.evidence_url if latest else None)
    return dict(zip(COLUMNS, values, strict=True))


def _records(session: Session, chosen: PledgeFilter) -> Iterator[dict[str, Any]]:
    for batch in pledge_batches(session, chosen):
        yield from (_record(row) for row in batch)


def _flat(record: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(_cell(LISTS[name].join(str(v) for v in value) if name in LISTS
                       else value) for name, value in record.items())


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _write_csv(out: IO[str], records: Iterator[dict[str, Any]]) -> int:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for record in records:
        writer.writerow("" if value is None else value for value in _flat(record))
        count += 1
    return count


def _write_json(out: IO[str], records: Iterator[dict[str, Any]]) -> int:
    """A JSON array, one object a pledge, written as it is read (`dumps` a record, not
    `dump`: only the one-shot encoder is the C one)."""
    count = 0
    out.write("[")
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps({k: _json_value(v) for k, v in record.items()},
                             ensure_ascii=False))
        count += 1
    out.write("\n]\n")
    return count


def write_export(session: Session, chosen: ExportFormat, which: PledgeFilter,
                 path: Path) -> int:
    """Writes the file and says how many pledges it holds."""
    records = _records(session, which)
    if chosen is ExportFormat.XLSX:
        sheet = StreamedSheet("Pledges", COLUMNS, (_flat(r) for r in records),
                              {0: 18, 3: 30, 9: 40, 10: 60})
        write_workbook(path, lambda _book: None, [sheet])
        return sheet.written
    encoding = "utf-8-sig" if chosen is ExportFormat.CSV else "utf-8"
    with path.open("w", encoding=encoding, newline="") as out:
        if chosen is ExportFormat.CSV:
            return _write_csv(out, records)
        return _write_json(out, records)


def export_pledges(session: Session, reference: ReferenceData, chosen: ExportFormat,
                   now: datetime) -> ExportOutcome:
    """Every pledge as a file attached to the member's chat."""
    with tempfile.TemporaryDirectory(prefix="p2c-export-") as folder:
        path = Path(folder) / f"p2c-pledges-{now:%Y-%m-%d}.{chosen}"
        count = write_export(session, chosen, PledgeFilter(), path)
        content = path.read_bytes()
    return ExportOutcome(chosen, count, Attachment(path.name, MEDIA_TYPES[chosen], content))
