"""Settings from the environment."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.app import build_turn_runner
from bot.cli import app
from bot.settings import Settings
from storage.db import DEFAULT_DATABASE
from tests.conftest import PROJECT_DIR


def test_hosting_platform_postgres_urls_get_the_psycopg_driver(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://p2c@db.example.org/p2c")
    assert Settings(_env_file=None).database_url == "postgresql+psycopg://p2c@db.example.org/p2c"


def test_the_example_env_file_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings = Settings(_env_file=PROJECT_DIR / "config" / "example.env")
    assert settings.database_url == "sqlite:///./var/p2c.db"
    assert settings.reminder_cadence == "quarterly"


def test_a_development_server_listens_on_loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every interface only when asked (the Procfile does, behind the platform's router)."""
    monkeypatch.delenv("P2C_HOST", raising=False)
    assert Settings(_env_file=None).host == "127.0.0.1"


def test_the_delivery_takeover_wait_reaches_the_turn_runner(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p2c.db'}")
    monkeypatch.setenv("P2C_DELIVERY_TAKEOVER_SECONDS", "7.5")
    runner = build_turn_runner(Settings(_env_file=None), migrate=False)
    assert runner.abandoned_after == timedelta(seconds=7.5)


def test_the_embedded_database_is_in_one_place_whatever_the_folder(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    here = Settings(_env_file=None)
    monkeypatch.chdir(PROJECT_DIR)
    there = Settings(_env_file=None)
    assert here.database_url == there.database_url == f"sqlite:///{DEFAULT_DATABASE}"
    assert here.database_location == str(DEFAULT_DATABASE)
    assert not str(DEFAULT_DATABASE).startswith((str(tmp_path), str(PROJECT_DIR)))


def test_a_server_database_is_shown_without_its_password(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://p2c:secret@db.example.org/p2c")
    assert Settings(_env_file=None).database_location == \
        "postgresql+psycopg://p2c:***@db.example.org/p2c"


def test_the_command_has_short_help_and_a_version() -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["-h"]).exit_code == 0
    chat_help = runner.invoke(app, ["chat", "-h"]).output
    assert "--user NAME" in chat_help
    assert "<str>" not in chat_help
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("p2c-bot ")
