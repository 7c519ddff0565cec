"""`Database.snapshots`, on SQLite and PostgreSQL: sessions opened one after another see
the same moment, even when another connection writes between their openings, and none
sees what is committed while they read."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import Session, func, select

from storage.db import Database
from storage.migrations import upgrade
from storage.models import Organization

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _add_organization(db: Database, number: int) -> None:
    with db.transaction() as session:
        session.add(Organization(name=f"Org {number}", name_key=f"org {number}",
                                 sector="private", country="KEN", created_at=NOW))


def _organizations(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Organization)).one()


def _write_at_once(db: Database, number: int) -> bool:
    """Whether a write from another connection lands now, without waiting for a lock:
    on SQLite a connection that gives up at once when the writers' lock is taken."""
    if not db.is_sqlite:
        _add_organization(db, number)
        return True
    connection = sqlite3.connect(str(make_url(db.url).database), timeout=0,
                                 isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            connection.execute("BEGIN IMMEDIATE")
    finally:
        connection.close()
    return False


def test_every_snapshot_sees_the_moment_of_the_first(any_database: Database,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Another connection writes right after each snapshot but the first is opened (the
    first one's moment is that of its first read, which comes after). PostgreSQL lets
    the write land, and the later snapshots adopt the first one's moment; SQLite refuses
    it, as the snapshots hold the writers' lock while they open."""
    _add_organization(any_database, 0)
    opened = any_database._snapshot
    landed: list[bool] = []
    first = iter((True,))

    @contextmanager
    def opened_then_written(adopting: str | None = None) -> Iterator[Session]:
        with opened(adopting) as session:
            if not next(first, False):
                landed.append(_write_at_once(any_database, len(landed) + 1))
            yield session

    monkeypatch.setattr(any_database, "_snapshot", opened_then_written)
    with any_database.snapshots(3) as sessions:
        monkeypatch.undo()
        seen = [_organizations(session) for session in sessions]
        _add_organization(any_database, 99)
        assert [_organizations(session) for session in sessions] == seen == [1, 1, 1]
    assert landed == [not any_database.is_sqlite] * 2
    with any_database.snapshot() as later:
        assert _organizations(later) == 2 + landed.count(True)


@pytest.mark.postgres
def test_a_long_read_on_postgresql_has_its_own_settings(postgres_url: str) -> None:
    """Every snapshot, adopted ones too, runs without the JIT compiler and with room
    for its sorts; a turn's transaction keeps the server's settings."""
    upgrade(postgres_url)
    db = Database(postgres_url)
    try:
        with db.snapshots(2) as sessions:
            assert [(session.execute(text("SHOW jit")).scalar_one(),
                     session.execute(text("SHOW work_mem")).scalar_one())
                    for session in sessions] == [("off", "64MB")] * 2
        with db.transaction() as turn:
            assert turn.execute(text("SHOW work_mem")).scalar_one() != "64MB"
    finally:
        db.dispose()
