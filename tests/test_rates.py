"""`p2c-bot rates import FILE`: the secretariat refreshes the exchange rates from a
file; every row is checked first, and pledges saved without a US dollar figure get one."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli import app
from bot.i18n import Catalogs
from bot.money import CurrencyTable
from bot.reference import load_reference
from bot.turns import ChatUser, TurnRunner
from storage.db import Database
from storage.models import Pledge
from tests.conftest import PROJECT_DIR
from tests.runner_chat import RunnerChat

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "config"
    shutil.copytree(PROJECT_DIR / "tests" / "fixtures" / "config", folder)
    return folder


@pytest.fixture
def env(config_dir: Path, sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("P2C_CONFIG_DIR", str(config_dir))
    monkeypatch.setenv("DATABASE_URL", sqlite_url)


def _pledge_in_rupees(sqlite_url: str, config_dir: Path) -> None:
    runner = TurnRunner(Database(sqlite_url), load_reference(config_dir),
                        Catalogs(PROJECT_DIR / "locales"), idle_after=timedelta(days=14))
    chat = RunnerChat(runner, ChatUser("console", "asha", "Asha", time_zone="Asia/Kathmandu"))
    chat.register(country="Nepal")
    chat.answer_pledge(until="amount")
    chat.say("5 million NPR")
    assert "no US dollar rate for NPR" in chat.text
    chat.answer_pledge(until="review")
    chat.press("confirm")


def _rates_file(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "rates.csv"
    path.write_text("code,units_per_usd,as_of\n" + rows, encoding="utf-8")
    return path


def test_an_imported_rate_converts_pledges_saved_without_one(
        env: None, sqlite_url: str, config_dir: Path, tmp_path: Path) -> None:
    with time_machine.travel(NOW, tick=False):
        _pledge_in_rupees(sqlite_url, config_dir)
    rates = _rates_file(tmp_path, "NPR,133.5,2026-11-20\nEUR,0.95,2026-11-20\n")
    result = CliRunner().invoke(app, ["rates", "import", str(rates)])
    assert result.exit_code == 0, result.output
    assert "1 currencies added, 1 updated" in result.output
    assert "1 pledges given a US dollar figure" in result.output
    table = CurrencyTable.from_file(config_dir / "currencies.csv")
    assert table.to_usd(Decimal(133_500), "NPR") == Decimal("1000.00")
    assert table.to_usd(Decimal(95), "EUR") == Decimal("100.00")
    with Database(sqlite_url).transaction() as session:
        [pledge] = session.exec(select(Pledge)).all()
    assert pledge.amount_usd == Decimal("37453.18")


def test_a_file_with_any_bad_row_changes_nothing(env: None, config_dir: Path,
                                                 tmp_path: Path) -> None:
    before = (config_dir / "currencies.csv").read_text(encoding="utf-8")
    rates = _rates_file(tmp_path, "NPR,133.5,2026-11-20\nXYZ,2,2026-11-20\n"
                                  "KES,-1,2026-11-20\nINR,83,2999-01-01\nNPR,1,2026-11-20\n"
                                  "GBP,lots,2026-11-20\n")
    result = CliRunner().invoke(app, ["rates", "import", str(rates)])
    assert result.exit_code == 1
    for problem in ("line 3: XYZ is not a currency in use",
                    "line 4: the rate for KES must be more than zero",
                    "line 5: the rate for INR is dated in the future",
                    "line 6: NPR is given twice",
                    "line 7: units_per_usd must be a number"):
        assert problem in result.output
    assert (config_dir / "currencies.csv").read_text(encoding="utf-8") == before


def test_an_older_rate_does_not_replace_a_newer_one(env: None, config_dir: Path,
                                                    tmp_path: Path) -> None:
    current = CurrencyTable.from_file(config_dir / "currencies.csv").rate("EUR")
    assert current is not None
    older = (current.as_of - timedelta(days=30)).isoformat()
    result = CliRunner().invoke(app, ["rates", "import",
                                      str(_rates_file(tmp_path, f"EUR,5,{older}\n"))])
    assert result.exit_code == 0, result.output
    assert CurrencyTable.from_file(config_dir / "currencies.csv").rate("EUR") == current
