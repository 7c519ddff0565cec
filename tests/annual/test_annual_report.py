"""`p2c-bot report annual` against the figures worked out by hand in
`tests.annual.portfolio`: the JSON figures, the workbook read back with openpyxl, the
numbers in the HTML, and the PDF's pages read back, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from bot.annual.report import AnnualReport, write_annual_report
from bot.i18n import Catalogs
from bot.reference import ReferenceData
from storage.db import Database
from tests.annual.portfolio import PLEDGER_NAMES, STORY_TITLE, Expected, seed_portfolio

NOW = datetime(2027, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture
def report(any_database: Database, tmp_path: Path, reference: ReferenceData,
           catalogs: Catalogs) -> AnnualReport:
    seed_portfolio(any_database, tmp_path / "stories")
    return write_annual_report(any_database, 2026, tmp_path / "out", reference,
                               catalogs.translator("en"), tmp_path / "stories", NOW)


def _by_key(rows: list[dict[str, Any]]) -> dict[str, tuple[int, float]]:
    return {row["key"]: (row["pledges"], row.get("usd", 0.0)) for row in rows}


def _check_json(report: AnnualReport) -> None:
    figures = json.loads(report.json.read_text(encoding="utf-8"))
    head = figures["headline"]
    assert (head["pledges"], head["new_in_year"], head["usd"], head["organizations"],
            head["countries"], head["global_pledges"], head["pledges_without_usd"]) == (
        Expected.pledges, Expected.new_in_year, Expected.usd, Expected.organizations,
        Expected.countries, Expected.global_pledges, Expected.without_usd)
    breakdowns = figures["breakdowns"]
    assert _by_key(breakdowns["sector"]) == Expected.by_sector
    assert _by_key(breakdowns["pledge_type"]) == Expected.by_type
    assert _by_key(breakdowns["focus_area"]) == Expected.by_focus_area
    assert _by_key(breakdowns["origin_region"]) == Expected.by_origin_region
    assert _by_key(breakdowns["implementation_region"]) == Expected.by_implementation_region
    assert _by_key(breakdowns["targeting"]) == Expected.targeting
    assert _by_key(breakdowns["beneficiary_groups"]) == Expected.beneficiary_groups
    assert {row["key"]: row["pledges"] for row in breakdowns["sdgs"]} == Expected.sdgs
    assert [row["key"] for row in breakdowns["sdgs"]] == ["4", "5", "9", "17"]
    assert {row["key"]: row["pledges"] for row in breakdowns["reporting_status"]} \
        == Expected.reporting_status
    assert [row["share"] for row in breakdowns["targeting"]] == [0.25, 0.25, 0.25]
    assert {(p["origin"], p["implementation"]): p["pledges"]
            for p in figures["origin_vs_implementation"]} == Expected.region_pairs
    joint = figures["joint"]
    assert (joint["pledges"], joint["usd"], joint["share"]) == Expected.joint
    reporting = figures["reporting"]
    assert reporting["rate"] == Expected.reporting_rate
    assert {s["key"]: (s["pledges"], s["reported"], s["rate"])
            for s in reporting["by_sector"]} == Expected.rate_by_sector
    money = figures["financial"]
    assert (money["pledges"], money["pledged_usd"], money["disbursed_usd"]) \
        == Expected.financial
    assert {r["currency"]: (r["pledges"], r["units_per_usd"])
            for r in figures["rates"]["used"]} == Expected.currencies
    assert figures["rates"]["without_rate"]["listed"] == [
        {"reference": "P2C-2026-00004", "amount": "50000000.00", "currency": "UGX"}]
    [story] = figures["stories"]
    assert (story["title"], story["pledge"]) == (STORY_TITLE, "P2C-2026-00003")
    assert story["files"][0]["media_type"] == "image/png"


def _sheet_rows(path: Path, name: str) -> list[tuple[Any, ...]]:
    sheet = load_workbook(path, read_only=True)[name]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _table(rows: list[tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
    """Label → the row's figures, from a breakdown sheet (title, blank, header, rows)."""
    return {row[0]: row[1:4] for row in rows[3:] if row and row[0]}


def _check_workbook(report: AnnualReport) -> None:
    """A sheet per breakdown with a native chart, and the raw tables, filterable."""
    book = load_workbook(report.workbook)
    for name in ("Summary", "Sector", "Pledge type", "Focus area", "Pillar",
                 "Region of origin", "Region of implementation", "LDC LLDC SIDS",
                 "Beneficiary groups", "SDGs", "Reporting status",
                 "Origin vs implementation", "Reporting rate", "Disbursed", "Rates",
                 "Stories", "Pledges", "Progress reports"):
        assert name in book.sheetnames, name
    for name in ("Sector", "Pledge type", "Focus area", "LDC LLDC SIDS", "Disbursed"):
        assert len(book[name]._charts) == 1, name
    sector = _table(_sheet_rows(report.workbook, "Sector"))
    assert sector["Private sector"] == (2, 0.5, 1_000_000)
    assert sector["Government"] == (1, 0.25, 1_000_000)
    summary = {row[0]: row[1] for row in _sheet_rows(report.workbook, "Summary") if row[0]}
    assert summary["Pledges"] == Expected.pledges
    assert summary["Estimated value (US dollars)"] == Expected.usd
    assert summary["Reporting rate"] == Expected.reporting_rate
    disbursed = {row[0]: row[1] for row in _sheet_rows(report.workbook, "Disbursed")
                 if row[0]}
    assert disbursed["Disbursed"] == Expected.financial[2]
    pledges = _sheet_rows(report.workbook, "Pledges")
    header, body = pledges[0], pledges[1:]
    assert [row[0] for row in body] == [f"P2C-2026-0000{n}" for n in (1, 2, 3, 4)]
    fields = dict(zip(header, body[0], strict=True))
    assert fields["latest_status"] == "in_progress"
    assert fields["latest_amount_disbursed"] == 100_000
    assert fields["countries"] == "KEN, UGA"
    assert dict(zip(header, body[3], strict=True))["amount_usd"] == "no rate"
    reports = _sheet_rows(report.workbook, "Progress reports")
    assert [(row[0], row[3]) for row in reports[1:]] == [
        ("P2C-2026-00002", "not_started"), ("P2C-2026-00003", "completed")]
    filtered = load_workbook(report.workbook)["Pledges"]
    assert filtered.auto_filter.ref == "A1:Z5"
    assert filtered.freeze_panes == "A2"


class _Figures(HTMLParser):
    """The numbers the HTML shows: headline figures and each breakdown table's cells."""

    def __init__(self) -> None:
        super().__init__()
        self.headline: dict[str, str] = {}
        self.cells: dict[tuple[str, str], list[str]] = {}
        self.svgs = 0
        self.bars = 0
        self._figure: str | None = None
        self._table: str | None = None
        self._row: str | None = None
        self._in_cell = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "svg":
            self.svgs += 1
        if tag == "rect" and found.get("class") == "bar":
            self.bars += 1
        if "data-figure" in found:
            self._figure = found["data-figure"]
        if tag == "table":
            self._table = found.get("data-breakdown")
        if tag == "tr" and self._table:
            self._row = found.get("data-key")
        if tag == "td" and self._table and self._row:
            self._in_cell = True
            self.cells.setdefault((self._table, self._row), []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._in_cell = False
        if tag == "span":
            self._figure = None

    def handle_data(self, data: str) -> None:
        if self._figure:
            self.headline[self._figure] = data.strip()
        if self._in_cell and self._table and self._row:
            self.cells[(self._table, self._row)][-1] += data.strip()


def _check_html(report: AnnualReport) -> None:
    page = report.html.read_text(encoding="utf-8")
    parsed = _Figures()
    parsed.feed(page)
    assert parsed.headline == {"pledges": "4", "new_in_year": "3", "usd": "$2,000,000.00",
                               "organizations": "3", "countries": "3",
                               "reporting_rate": "50.0%"}
    assert parsed.cells[("sector", "private")][1:] == ["2", "50.0%", "$1,000,000.00"]
    assert parsed.cells[("implementation_region", "Global")][1] == "1"
    assert parsed.cells[("targeting", "sids")][1:3] == ["1", "25.0%"]
    assert parsed.cells[("reporting_status", "delayed")][1] == "1"
    assert parsed.cells[("reporting_by_sector", "private")][1:] == ["2", "1", "50.0%"]
    assert parsed.cells[("origin_vs_implementation", "Europe")] == ["Europe", "1", "0", "1"]
    assert parsed.svgs >= 12
    assert parsed.bars >= 30
    assert "as the latest progress reports give it: $600,000.00" in page
    assert "P2C-2026-00004: 50000000.00 UGX" in page
    assert STORY_TITLE in page
    [image] = re.findall(r'<img src="([^"]+)"', page)
    assert re.fullmatch(r"files/[0-9a-f]{64}\.png", image)
    assert (report.html.parent / image).is_file()
    for hidden in (*PLEDGER_NAMES, "Waiting for review", "Made in 2027", "Withdrawn pledge",
                   "Rejected pledge", "Still waiting for the secretariat", "etc/passwd",
                   "passwd.html"):
        assert hidden not in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page


def _check_pdf(report: AnnualReport) -> None:
    reader = PdfReader(report.pdf)
    assert len(reader.pages) >= 3
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for heading in ("annual report 2026", "The year in figures", "By sector",
                    "Reporting rate by sector", "Best practices", "Exchange rates used",
                    STORY_TITLE):
        assert heading in text, heading
    assert "$2,000,000.00" in text


def test_every_file_of_the_annual_report_matches_the_totals_worked_out_by_hand(
        report: AnnualReport) -> None:
    """One build a database, checked file by file: the JSON figures, the workbook read
    back, the numbers in the HTML, and the PDF's pages."""
    _check_json(report)
    _check_workbook(report)
    _check_html(report)
    _check_pdf(report)
