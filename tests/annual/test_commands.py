"""`p2c-bot report annual` and `p2c-bot export` as the secretariat runs them: files in
the folder asked for, one row a pledge with its latest report, filters by status and
date, and a clear refusal of a date that is not one."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bot.cli import app
from bot.secretariat.exports import COLUMNS
from storage.db import Database
from tests.annual.portfolio import PLEDGER_NAMES, seed_portfolio


@pytest.fixture
def seeded(command_database: Database, tmp_path: Path) -> Path:
    seed_portfolio(command_database, tmp_path / "stories")
    return tmp_path


def test_report_annual_writes_the_four_files(seeded: Path) -> None:
    result = CliRunner().invoke(app, ["report", "annual", "--year", "2026", "--out",
                                      str(seeded / "report"), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "4 approved pledges, 2 reported on in the year" in result.output
    names = sorted(p.name for p in (seeded / "report").iterdir())
    assert names == ["files", "p2c-annual-report-2026.html", "p2c-annual-report-2026.json",
                     "p2c-annual-report-2026.pdf", "p2c-annual-report-2026.xlsx"]
    figures = json.loads((seeded / "report" / "p2c-annual-report-2026.json").read_text())
    assert figures["headline"]["pledges"] == 4


def test_export_every_pledge_with_its_latest_report(seeded: Path) -> None:
    cli = CliRunner()
    result = cli.invoke(app, ["export", "--format", "csv", "--out", "all.csv"])
    assert result.exit_code == 0, result.output
    assert "8 pledges written to all.csv" in result.output
    with (seeded / "all.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == COLUMNS
    first = rows[0]
    assert (first["reference"], first["countries"], first["partners"]) == (
        "P2C-2026-00001", "KEN, UGA", "GSMA")
    assert first["latest_amount_disbursed"] == "1000000.00"
    assert first["latest_narrative"] == "Report of 2027-01-10."
    assert rows[3]["amount_usd"] == "no rate"
    text = (seeded / "all.csv").read_text(encoding="utf-8-sig")
    assert not any(name in text for name in PLEDGER_NAMES)


def test_export_filters_by_status_and_date_in_json_and_xlsx(seeded: Path) -> None:
    cli = CliRunner()
    result = cli.invoke(app, ["export", "--format", "json", "--status", "approved",
                              "--since", "2026-01-01", "--out", "recent.json"])
    assert result.exit_code == 0, result.output
    records = json.loads((seeded / "recent.json").read_text(encoding="utf-8"))
    assert [r["reference"] for r in records] == ["P2C-2026-00002", "P2C-2026-00003",
                                                 "P2C-2026-00004", "P2C-2026-00006"]
    third = records[1]
    assert third["partners"] == ["ITU", "World Bank"]
    assert third["sdgs"] == [9]
    assert (third["amount"], third["currency"], third["amount_usd"]) == (
        "920000.00", "EUR", "1000000.00")
    assert third["latest_amount_disbursed"] == "460000.00"
    result = cli.invoke(app, ["export", "--format", "xlsx", "--status", "withdrawn",
                              "--status", "rejected", "--out", "gone.xlsx"])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(seeded / "gone.xlsx")["Pledges"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == COLUMNS
    assert [(r[0], r[1]) for r in rows[1:]] == [("P2C-2026-00007", "withdrawn"),
                                                ("P2C-2026-00008", "rejected")]
    assert sheet.auto_filter.ref == "A1:AF3"


def test_export_refuses_a_date_that_is_not_one(seeded: Path) -> None:
    result = CliRunner().invoke(app, ["export", "--since", "31/12/2026"])
    assert result.exit_code == 2
    assert "is not a date like 2026-01-31" in result.output
    assert not list(seeded.glob("p2c-pledges-*"))


def test_a_year_without_pledges_gives_a_report_of_zeros(seeded: Path) -> None:
    result = CliRunner().invoke(app, ["report", "annual", "--year", "2024", "--out",
                                      str(seeded / "empty")])
    assert result.exit_code == 0, result.output
    assert "0 approved pledges, 0 reported on in the year" in result.output
    figures = json.loads((seeded / "empty" / "p2c-annual-report-2024.json").read_text())
    assert figures["headline"]["pledges"] == 0
    assert figures["reporting"]["rate"] == 0
    assert figures["stories"] == []
    page = (seeded / "empty" / "p2c-annual-report-2024.html").read_text(encoding="utf-8")
    assert "No best-practice story was approved for the showcase in 2024." in page
    assert load_workbook(seeded / "empty" / "p2c-annual-report-2024.xlsx")["Pledges"].max_row == 1
