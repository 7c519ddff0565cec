"""`storage.exports` on SQLite and PostgreSQL: the lists the database joins keep their
order (countries by code, partners as given, list columns as stored) whatever order
the rows were written in; the latest report is the newest before the cut-off, the last
filed among reports of the same moment; times come back as naive UTC; and the export
files built on those rows split the lists back exactly, keep formulas as text in CSV
and XLSX but not in JSON."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from bot.secretariat.exports import COLUMNS, write_export
from storage.db import Database
from storage.exports import PARTNER_SEPARATOR, PledgeFilter, pledge_rows, report_rows
from storage.models import (
    Organization,
    Pledge,
    PledgeCountry,
    PledgePartner,
    Pledger,
    ProgressReport,
    saved_id,
)
from vocabulary import ExportFormat, PledgeStatus

PARTNERS = ("Zeta, Inc.", "Alpha; Beta", "=HYPERLINK(\"http://evil.example\")")
"""Given in this order, written to the table in another, with separators inside."""
NOON = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _seed(db: Database) -> None:
    with db.transaction() as session:
        organization = Organization(name="+ACME", name_key="+acme", sector="private",
                                    country="FRA")
        session.add(organization)
        session.flush()
        pledger = Pledger(channel="telegram", external_id="1",
                          organization_id=saved_id(organization))
        session.add(pledger)
        session.flush()
        pledges = [Pledge(reference=f"P2C-2026-0000{n}", organization_id=saved_id(organization),
                          pledger_id=saved_id(pledger), focus_area="access",
                          pillar="infrastructure", pledge_type="financial",
                          title=f"Pledge {n}", description="-1 village left",
                          start_date=date(2026, 1, 1), status=PledgeStatus.APPROVED,
                          amount=Decimal("2500000.50") if n == 1 else None,
                          currency="ZMW" if n == 1 else None,
                          beneficiary_groups=["youth", "rural", "women_girls"] if n == 1
                          else [], sdgs=[17, 4, 9] if n == 1 else [],
                          submitted_at=NOON, created_at=NOON, updated_at=NOON)
                   for n in (1, 2)]
        session.add_all(pledges)
        session.flush()
        first = saved_id(pledges[0])
        for position in (2, 0, 1):
            session.add(PledgePartner(pledge_id=first, position=position,
                                      name=PARTNERS[position]))
        for country in ("UGA", "KEN", "FJI"):
            session.add(PledgeCountry(pledge_id=first, country=country))
        for day, status, narrative in ((3, "in_progress", "later, same moment"),
                                       (1, "not_started", "oldest"),
                                       (3, "in_progress", "last filed at that moment"),
                                       (20, "completed", "after the cut-off")):
            session.add(ProgressReport(pledge_id=first, pledger_id=saved_id(pledger),
                                       status=status, narrative=narrative,
                                       beneficiary_groups=["rural", "youth"],
                                       reported_at=datetime(2026, 7, day, 9, tzinfo=UTC)))
            session.flush()


NAMES = ("reference", "countries", "partners", "beneficiary_groups", "sdgs",
         "submitted_at", "latest_narrative", "latest_reported_at")


def test_lists_keep_their_order_and_the_latest_report_is_the_last_before_the_cut_off(
        any_database: Database) -> None:
    _seed(any_database)
    with any_database.snapshot() as session:
        rows = [tuple(row) for part in pledge_rows(
            session, NAMES, latest_before=datetime(2026, 7, 10, tzinfo=UTC)) for row in part]
        unbounded = [tuple(row) for part in pledge_rows(session, ("latest_narrative",))
                     for row in part]
        reports = [tuple(row) for part in report_rows(
            session, ("pledge", "reported_at", "beneficiary_groups"), PledgeFilter(),
            datetime(2026, 7, 2, tzinfo=UTC), datetime(2026, 7, 10, tzinfo=UTC))
            for row in part]
    assert rows == [
        ("P2C-2026-00001", "FJI, KEN, UGA", PARTNER_SEPARATOR.join(PARTNERS),
         "youth, rural, women_girls", "17, 4, 9", datetime(2026, 6, 1, 12),
         "last filed at that moment", datetime(2026, 7, 3, 9)),
        ("P2C-2026-00002", None, None, None, None, datetime(2026, 6, 1, 12), None, None)]
    assert unbounded == [("after the cut-off",), (None,)]
    assert reports == [("P2C-2026-00001", datetime(2026, 7, 3, 9), "rural, youth")] * 2


def test_the_files_split_the_lists_back_and_keep_formulas_as_text(
        any_database: Database, tmp_path: Path) -> None:
    _seed(any_database)
    with any_database.snapshot() as session:
        for chosen in ExportFormat:
            assert write_export(session, chosen, PledgeFilter(),
                                tmp_path / f"pledges.{chosen}") == 2
    records = json.loads((tmp_path / "pledges.json").read_text(encoding="utf-8"))
    first = records[0]
    assert list(first) == list(COLUMNS)
    assert (first["partners"], first["countries"]) == (list(PARTNERS), ["FJI", "KEN", "UGA"])
    assert (first["beneficiary_groups"], first["sdgs"]) == (
        ["youth", "rural", "women_girls"], [17, 4, 9])
    assert (first["amount"], first["currency"], first["amount_usd"]) == (
        "2500000.50", "ZMW", "no rate")
    assert (first["organization"], first["description"]) == ("+ACME", "-1 village left")
    assert (first["submitted_at"], first["start_date"]) == ("2026-06-01T12:00:00",
                                                            "2026-01-01")
    assert first["latest_narrative"] == "after the cut-off"
    assert (records[1]["partners"], records[1]["sdgs"], records[1]["amount_usd"]) == (
        [], [], None)
    with (tmp_path / "pledges.csv").open(encoding="utf-8-sig", newline="") as f:
        row = next(csv.DictReader(f))
    assert row["partners"] == "Zeta, Inc.; Alpha; Beta; " + PARTNERS[2]
    assert (row["organization"], row["description"]) == ("'+ACME", "'-1 village left")
    assert (row["amount"], row["amount_usd"], row["global"]) == ("2500000.50", "no rate",
                                                                 "False")
    sheet = load_workbook(tmp_path / "pledges.xlsx")["Pledges"]
    cells = dict(zip(COLUMNS, next(sheet.iter_rows(min_row=2, values_only=True)),
                     strict=True))
    assert cells["organization"] == "'+ACME"
    assert cells["amount"] == 2500000.5
    assert cells["submitted_at"] == datetime(2026, 6, 1, 12)
