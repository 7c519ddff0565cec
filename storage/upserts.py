"""`INSERT … ON CONFLICT DO NOTHING` on either database: shared rows are created by an
upsert, never by check-then-insert, so two turns creating the same row at once both
succeed and find one row."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel


def insert_if_absent(session: Session, row: SQLModel, unique: list[str]) -> bool:
    """Inserts `row` (its defaults filled in as the model says) unless one with the same
    `unique` columns exists (on PostgreSQL, after waiting for a concurrent insert of it
    to commit); True when this call inserted it. `row` itself is not added."""
    table: Table = row.__table__  # type: ignore[attr-defined]
    values: dict[str, Any] = {
        column.name: getattr(row, column.name) for column in table.columns
        if not (column.primary_key and getattr(row, column.name) is None)}
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    result = session.exec(insert(table).values(**values)
                          .on_conflict_do_nothing(index_elements=unique))
    return bool(result.rowcount)
