"""Fixtures shared by every test: reference data, contexts for the pure engine, and
databases (a migrated SQLite file; the local PostgreSQL when one answers)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.flows.catalog import build_engine
from bot.flows.engine import Engine
from bot.flows.model import FlowContext, OrganizationProfile, PledgeSummary
from bot.i18n import Catalogs
from bot.reference import ReferenceData, load_reference
from bot.turns import TurnRunner
from storage.db import Database
from storage.migrations import upgrade
from vocabulary import Channel

os.environ.setdefault("PTB_TIMEDELTA", "true")  # as `p2c-bot` sets it

PROJECT_DIR = Path(__file__).resolve().parent.parent
CONFIG_DIR = PROJECT_DIR / "tests" / "fixtures" / "config"
os.environ["P2C_CONFIG_DIR"] = str(CONFIG_DIR)  # the processes tests start read it too
TODAY = date(2026, 11, 23)
ACME = OrganizationProfile(name="ACME Telecom", sector="private", country="KEN")
POSTGRES_ADMIN_URL = os.environ.get(
    "P2C_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that run processes for many seconds go first: parallel workers then
    take them at once and share out the short ones, instead of one of them starting a
    minute-long soak when the rest is done."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(scope="session")
def reference() -> ReferenceData:
    return load_reference(CONFIG_DIR)


@pytest.fixture(scope="session")
def catalogs() -> Catalogs:
    return Catalogs(PROJECT_DIR / "locales")


@pytest.fixture(scope="session")
def engine() -> Engine:
    return build_engine()


@pytest.fixture
def make_context(reference: ReferenceData, catalogs: Catalogs):
    def make(*, organization: OrganizationProfile | None = ACME,
             pledges: tuple[PledgeSummary, ...] = (), today: date = TODAY,
             language: str = "en", channel: Channel = Channel.TELEGRAM) -> FlowContext:
        return FlowContext(translator=catalogs.translator(language), reference=reference,
                           today=today, channel=channel, organization=organization,
                           pledges=pledges)

    return make


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'p2c.db'}"
    upgrade(url)
    return url


@pytest.fixture
def database(sqlite_url: str) -> Iterator[Database]:
    db = Database(sqlite_url)
    yield db
    db.dispose()


@pytest.fixture
def command_database(database: Database, sqlite_url: str, tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch) -> Database:
    """The test's database as the `p2c-bot` commands it runs will find it: named in
    DATABASE_URL, stories kept under tmp_path/stories, tmp_path the working folder."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("P2C_STORIES_DIR", str(tmp_path / "stories"))
    monkeypatch.chdir(tmp_path)
    return database


@pytest.fixture
def runner(database: Database, reference: ReferenceData, catalogs: Catalogs) -> TurnRunner:
    return TurnRunner(database, reference, catalogs, idle_after=timedelta(days=14))


def _postgres_answers() -> str | None:
    """None when the server answers, else the reason to skip."""
    try:
        probe = sa.create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 2})
        with probe.connect():
            pass
        probe.dispose()
    except sa.exc.OperationalError as error:
        return f"no PostgreSQL at {POSTGRES_ADMIN_URL}: {error.orig}"
    return None


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty database on the local PostgreSQL server, dropped afterwards."""
    reason = _postgres_answers()
    if reason:
        pytest.skip(reason)
    name = f"p2c_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A migrated database of each kind: the rules of a turn hold on both."""
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    upgrade(url)
    db = Database(url)
    yield db
    db.dispose()


@pytest.fixture
def any_runner(any_database: Database, reference: ReferenceData,
               catalogs: Catalogs) -> TurnRunner:
    return TurnRunner(any_database, reference, catalogs, idle_after=timedelta(days=14))
