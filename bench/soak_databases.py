"""Throw-away databases for the soak runs: a SQLite file in the run's folder, or a fresh
database on the local PostgreSQL server, dropped afterwards whatever happened."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

POSTGRES_ADMIN_URL = os.environ.get(
    "P2C_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_problem() -> str | None:
    """None when the server answers, else why not."""
    try:
        probe = sa.create_engine(POSTGRES_ADMIN_URL, connect_args={"connect_timeout": 2})
        with probe.connect():
            pass
        probe.dispose()
    except sa.exc.SQLAlchemyError as error:
        return f"no PostgreSQL at {POSTGRES_ADMIN_URL}: {getattr(error, 'orig', error)}"
    return None


@contextmanager
def sqlite_database(folder: Path) -> Iterator[str]:
    yield f"sqlite:///{folder / 'soak.db'}"


@contextmanager
def postgres_database() -> Iterator[str]:
    name = f"p2c_soak_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        finally:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
