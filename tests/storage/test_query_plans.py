"""The due-reminder scan must use the index on next_reminder_at: another index (a
low-selectivity one on status, once) makes every tick read every pledge."""

from __future__ import annotations

from datetime import UTC, datetime

from storage.db import create_db_engine
from storage.outbox import due_query


def test_the_due_scan_uses_the_next_reminder_index(sqlite_url: str) -> None:
    engine = create_db_engine(sqlite_url)
    compiled = due_query(datetime(2027, 1, 1, tzinfo=UTC), 1000).compile(
        dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
    parameters = [str(value) if isinstance(value, datetime) else value
                  for value in (compiled.params[name] for name in compiled.positiontup)]
    with engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}",
                                          tuple(parameters)).fetchall()
    engine.dispose()
    steps = [row[-1] for row in plan]
    assert any("ix_pledge_next_reminder_at" in step for step in steps), steps
    assert not any(step.startswith("SCAN pledge") for step in steps), steps
