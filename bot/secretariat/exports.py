"""Pledges as a file (`/export` in chat, `p2c-bot export`): one row a pledge with its
countries, partners and latest progress report, read in batches and streamed to the
file so memory stays flat however many there are. Column names are stable (the README
lists them). A pledge with no US dollar rate says so; text a spreadsheet would run as
a formula is kept as text."""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session

from bot.flows.desk_model import ExportOutcome
from bot.flows.model import Attachment
from bot.reference import ReferenceData
from bot.spreadsheets import StreamedSheet, write_workbook
from storage.exports import LIST_SEPARATOR, PARTNER_SEPARATOR, PledgeFilter, pledge_rows
from vocabulary import ExportFormat

NO_RATE = "no rate"
COLUMNS = ("reference", "review_status", "progress_status", "organization", "sector",
           "organization_country", "focus_area", "pillar", "pledge_type", "title",
           "description", "global", "countries", "targets_ldc", "targets_lldc",
           "targets_sids", "amount", "currency", "amount_usd", "beneficiary_groups", "sdgs",
           "start_date", "end_date", "partners", "submitted_at", "last_reported_at",
           "overdue", "latest_percent_done", "latest_amount_disbursed",
           "latest_people_reached", "latest_narrative", "latest_evidence_url")
MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.JSON: "application/json",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
TYPED_TEXT = ("organization", "title", "description", "partners", "latest_narrative",
              "latest_evidence_url")
"""The columns that hold what people typed (the others hold ids, codes, numbers and
dates): only these can start like a formula."""


def usd_shown(amount: Decimal | None, usd: Decimal | None) -> Decimal | str | None:
    """A pledge's US dollar figure, or NO_RATE when it has an amount in a currency with
    no rate yet (not an empty cell, which would read as no amount)."""
    if amount is not None and usd is None:
        return NO_RATE
    return usd


@dataclass(frozen=True)
class SheetRow:
    """Shapes a pledge row (`storage.exports.pledge_rows`) as a sheet shows it: the US
    dollar figure or NO_RATE, partners joined with `; `. Positions are found once from
    the column names, not a row."""

    amount: int
    usd: int
    partners: int

    @classmethod
    def of(cls, columns: Sequence[str]) -> SheetRow:
        return cls(columns.index("amount"), columns.index("amount_usd"),
                   columns.index("partners"))

    def __call__(self, values: list[Any]) -> list[Any]:
        values[self.usd] = usd_shown(values[self.amount], values[self.usd])
        if values[self.partners] is not None:
            values[self.partners] = values[self.partners].replace(PARTNER_SEPARATOR, "; ")
        return values


def _at(name: str) -> int:
    return COLUMNS.index(name)


IN_SHEET = SheetRow.of(COLUMNS)
TEXT_AT = tuple(_at(name) for name in TYPED_TEXT)
COUNTRIES, GROUPS, SDGS = _at("countries"), _at("beneficiary_groups"), _at("sdgs")
DECIMALS = tuple(_at(name) for name in ("amount", "amount_usd", "latest_amount_disbursed"))
MOMENTS = tuple(_at(name) for name in ("start_date", "end_date", "submitted_at",
                                        "last_reported_at"))


def _joined(values: list[Any]) -> list[Any]:
    """A row as CSV and XLSX show it, typed text that a spreadsheet would run as a
    formula kept as text."""
    IN_SHEET(values)
    for at in TEXT_AT:
        text = values[at]
        if text is not None and text.startswith(FORMULA_START):
            values[at] = "'" + text
    return values


def _rows(session: Session, chosen: PledgeFilter) -> Iterator[list[Any]]:
    for part in pledge_rows(session, COLUMNS, chosen):
        for row in part:
            yield _joined(list(row))


def _split(text: str | None, separator: str = LIST_SEPARATOR) -> list[str]:
    return text.split(separator) if text is not None else []


def _json_text(values: list[Any]) -> str:
    """One pledge as a JSON object: lists as arrays, amounts as decimal strings,
    dates and times ISO."""
    values[IN_SHEET.usd] = usd_shown(values[IN_SHEET.amount], values[IN_SHEET.usd])
    values[COUNTRIES] = _split(values[COUNTRIES])
    values[GROUPS] = _split(values[GROUPS])
    values[SDGS] = [int(n) for n in _split(values[SDGS])]
    values[IN_SHEET.partners] = _split(values[IN_SHEET.partners], PARTNER_SEPARATOR)
    for at in DECIMALS:
        if values[at] is not None:
            values[at] = str(values[at])
    for at in MOMENTS:
        if values[at] is not None:
            values[at] = values[at].isoformat()
    return json.dumps(dict(zip(COLUMNS, values, strict=True)), ensure_ascii=False)


def _write_csv(out: IO[str], rows: Iterator[list[Any]]) -> int:
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return count


def _write_json(out: IO[str], session: Session, chosen: PledgeFilter) -> int:
    """A JSON array, one object a pledge, written as it is read (`dumps` a record, not
    `dump`: only the one-shot encoder is the C one)."""
    count = 0
    out.write("[")
    for part in pledge_rows(session, COLUMNS, chosen):
        for row in part:
            out.write(",\n" if count else "\n")
            out.write(_json_text(list(row)))
            count += 1
    out.write("\n]\n")
    return count


def write_export(session: Session, chosen: ExportFormat, which: PledgeFilter,
                 path: Path) -> int:
    """Writes the file and says how many pledges it holds."""
    if chosen is ExportFormat.XLSX:
        sheet = StreamedSheet("Pledges", COLUMNS, _rows(session, which),
                              {0: 18, 3: 30, 9: 40, 10: 60})
        write_workbook(path, lambda _book: None, [sheet])
        return sheet.written
    encoding = "utf-8-sig" if chosen is ExportFormat.CSV else "utf-8"
    with path.open("w", encoding=encoding, newline="") as out:
        if chosen is ExportFormat.CSV:
            return _write_csv(out, _rows(session, which))
        return _write_json(out, session, which)


def export_pledges(session: Session, reference: ReferenceData, chosen: ExportFormat,
                   now: datetime) -> ExportOutcome:
    """Every pledge as a file attached to the member's chat."""
    with tempfile.TemporaryDirectory(prefix="p2c-export-") as folder:
        path = Path(folder) / f"p2c-pledges-{now:%Y-%m-%d}.{chosen}"
        count = write_export(session, chosen, PledgeFilter(), path)
        content = path.read_bytes()
    return ExportOutcome(chosen, count, Attachment(path.name, MEDIA_TYPES[chosen], content))
