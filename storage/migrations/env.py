"""Alembic environment: the URL comes from the caller (storage.migrations) or, for
`alembic` on the command line, from DATABASE_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import text
from sqlmodel import SQLModel

import storage.models  # noqa: F401 - registers the tables on SQLModel.metadata
from storage.db import DEFAULT_DATABASE, create_db_engine, with_driver

config = context.config
url = config.attributes.get("url") or with_driver(
    os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_DATABASE}"))


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=SQLModel.metadata, literal_binds=True,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


MIGRATION_LOCK = 742_2001


def run_migrations_online() -> None:
    """On PostgreSQL an advisory lock makes processes that start together (web, worker,
    release) migrate one after the other; the later ones then find nothing to do."""
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
                connection.commit()
            context.configure(connection=connection, target_metadata=SQLModel.metadata,
                              render_as_batch=connection.dialect.name == "sqlite")
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
