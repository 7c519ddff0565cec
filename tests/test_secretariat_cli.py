"""`p2c-bot secretariat add|remove|list`: stored members, beside those in settings, and
what a member may then do (a stored member's /stats is answered, a removed one's not)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.app import build_turn_runner
from bot.cli import app
from bot.flows.model import Command
from bot.settings import Settings
from bot.turns import ChatUser
from vocabulary import Channel

OFFICER = ChatUser(Channel.TELEGRAM, "4711", "Officer")


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p2c.db'}")
    monkeypatch.setenv("P2C_SECRETARIAT", "slack:U0CHIEF01")
    monkeypatch.chdir(tmp_path)


def _stats(user: ChatUser) -> str:
    runner = build_turn_runner(Settings(_env_file=None))
    try:
        return runner.handle(user, Command("stats")).replies[0].text
    finally:
        runner.db.dispose()


@pytest.mark.usefixtures("env")
def test_add_list_and_remove_a_member() -> None:
    cli = CliRunner()
    assert "only the P2C secretariat" in _stats(OFFICER)
    added = cli.invoke(app, ["secretariat", "add", "telegram:4711"])
    assert added.exit_code == 0, added.output
    assert "telegram:4711 is now a secretariat member." in added.output
    assert "already" in cli.invoke(app, ["secretariat", "add", "telegram:4711"]).output
    assert _stats(OFFICER).startswith("Partner2Connect pledges now")
    listed = cli.invoke(app, ["secretariat", "list"]).output.splitlines()
    assert listed == ["slack:U0CHIEF01\t\t(P2C_SECRETARIAT)", "telegram:4711\tOfficer\t(stored)"]
    removed = cli.invoke(app, ["secretariat", "remove", "telegram:4711"])
    assert "is no longer a stored member." in removed.output
    assert "only the P2C secretariat" in _stats(OFFICER)


@pytest.mark.usefixtures("env")
def test_a_member_named_in_settings_cannot_be_removed_by_the_command_alone() -> None:
    result = CliRunner().invoke(app, ["secretariat", "remove", "slack:U0CHIEF01"])
    assert result.exit_code == 1
    assert "still named in P2C_SECRETARIAT" in result.output


@pytest.mark.usefixtures("env")
def test_a_malformed_member_is_refused() -> None:
    result = CliRunner().invoke(app, ["secretariat", "add", "fax:12"])
    assert result.exit_code == 2
    assert "is not channel:user_id" in result.output
