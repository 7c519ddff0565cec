"""All pledges as a file (/export csv|xlsx): one row each, read in batches so memory
stays flat however many there are. A pledge with no US dollar rate says so."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from sqlmodel import Session

from bot.flows.desk_model import ExportOutcome
from bot.flows.model import Attachment
from bot.reference import ReferenceData
from storage.exports import pledge_batches
from vocabulary import ExportFormat

NO_RATE = "no rate"
COLUMNS = ("reference", "review_status", "progress_status", "organization", "sector",
           "organization_country", "focus_area", "pillar", "pledge_type", "title",
           "description", "global", "countries", "targets_ldc", "targets_lldc",
           "targets_sids", "amount", "currency", "amount_usd", "beneficiary_groups", "sdgs",
           "start_date", "end_date", "partners", "submitted_at", "last_reported_at",
           "overdue")
MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A pledger's text that a spreadsheet would run as a formula is kept as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_rows(session: Session, reference: ReferenceData) -> Iterator[tuple[Any, ...]]:
    for batch in pledge_batches(session):
        for row in batch:
            pledge, organization = row.pledge, row.organization
            usd: Any = pledge.amount_usd
            if pledge.amount is not None and usd is None:
                usd = NO_RATE
            yield tuple(_cell(v) for v in (
                pledge.reference, pledge.status, pledge.progress_status or "",
                organization.name, organization.sector, organization.country,
                pledge.focus_area, pledge.pillar, pledge.pledge_type, pledge.title,
                pledge.description, pledge.is_global, ", ".join(row.countries),
                pledge.targets_ldc, pledge.targets_lldc, pledge.targets_sids,
                pledge.amount, pledge.currency or "", usd,
                ", ".join(pledge.beneficiary_groups),
                ", ".join(str(n) for n in pledge.sdgs), pledge.start_date,
                pledge.end_date or "", "; ".join(row.partners),
                pledge.submitted_at.replace(tzinfo=None),
                pledge.last_reported_at.replace(tzinfo=None) if pledge.last_reported_at
                else "", pledge.overdue))


def export_pledges(session: Session, reference: ReferenceData, chosen: ExportFormat,
                   now: datetime) -> ExportOutcome:
    rows = export_rows(session, reference)
    count = 0
    if chosen is ExportFormat.CSV:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow(row)
            count += 1
        content = text.getvalue().encode("utf-8-sig")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Pledges")
        sheet.append(COLUMNS)
        for row in rows:
            sheet.append(row)
            count += 1
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    name = f"p2c-pledges-{now:%Y-%m-%d}.{chosen}"
    return ExportOutcome(chosen, count, Attachment(name, MEDIA_TYPES[chosen], content))
