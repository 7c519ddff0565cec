"""Migrations build the schema the models describe, on SQLite and PostgreSQL, and
downgrade cleanly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import storage.models  # noqa: F401 - the tables compared against
from storage.db import create_db_engine
from storage.migrations import current_revision_of, downgrade, head_revision, upgrade
from tests.conftest import PROJECT_DIR

P2C_BOT = str(Path(sys.executable).parent / "p2c-bot")
TABLES = {"organization", "pledger", "pledge", "pledge_country", "pledge_partner",
          "conversation", "progress_report", "audit_event", "processed_delivery",
          "reminder_outbox", "digest_outbox", "story", "story_file"}


def _tables(url: str) -> set[str]:
    engine = create_db_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def _differences(url: str) -> list:
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    finally:
        engine.dispose()


def _round_trip(url: str) -> None:
    upgrade(url)
    assert _tables(url) == TABLES
    assert current_revision_of(url) == head_revision()
    assert _differences(url) == [], "models and migrations disagree: write a migration"
    upgrade(url)
    downgrade(url, "base")
    assert _tables(url) == set()
    assert current_revision_of(url) is None
    upgrade(url)
    assert _tables(url) == TABLES


def test_sqlite_upgrades_an_empty_database_and_downgrades(tmp_path) -> None:
    _round_trip(f"sqlite:///{tmp_path / 'fresh.db'}")


@pytest.mark.postgres
def test_postgresql_upgrades_an_empty_database_and_downgrades(postgres_url: str) -> None:
    _round_trip(postgres_url)


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def _upgrade_with_rows(url: str) -> None:
    """Rows written before the reminder columns existed get the defaults new rows get."""
    upgrade(url, "0002")
    engine = create_db_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO organization (name, name_key, sector, country, created_at) "
            "VALUES ('Old Org', 'old org', 'private', 'KEN', '2026-01-01 00:00:00')"))
        connection.execute(sa.text(
            "INSERT INTO pledger (channel, external_id, display_name, language, role, "
            "unreachable, created_at) VALUES ('console', 'old', '', 'en', 'pledger', false, "
            "'2026-01-01 00:00:00')"))
    upgrade(url)
    with engine.connect() as connection:
        row = connection.execute(sa.text(
            "SELECT reminder_hour, quiet_start, quiet_end, skip_weekends FROM pledger")).one()
    engine.dispose()
    assert (row[0], row[1], row[2], bool(row[3])) == (10, 20, 8, True)


def test_sqlite_upgrades_a_database_that_has_rows(tmp_path) -> None:
    _upgrade_with_rows(f"sqlite:///{tmp_path / 'old.db'}")


@pytest.mark.postgres
def test_postgresql_upgrades_a_database_that_has_rows(postgres_url: str) -> None:
    _upgrade_with_rows(postgres_url)


@pytest.mark.postgres
def test_processes_starting_together_migrate_one_after_the_other(postgres_url: str,
                                                                 tmp_path) -> None:
    """Web, worker and release may all start at once, and each migrates on start."""
    env = {**os.environ, "DATABASE_URL": postgres_url}
    processes = [subprocess.Popen([P2C_BOT, "migrate"], cwd=tmp_path, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(3)]
    outcomes = [process.communicate(timeout=60) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], outcomes
    assert _tables(postgres_url) == TABLES


@pytest.mark.postgres
def test_alembic_on_the_command_line_takes_a_hosting_platform_url(postgres_url: str) -> None:
    """`alembic` as the README shows it, with a `postgres://` URL as platforms give it."""
    url = postgres_url.replace("postgresql+psycopg://", "postgres://")
    result = subprocess.run([str(Path(sys.executable).parent / "alembic"), "upgrade", "head"],
                            cwd=PROJECT_DIR, env={**os.environ, "DATABASE_URL": url},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert current_revision_of(postgres_url) == head_revision()
