"""Engine and session factory. SQLite is tuned for a bot (WAL, foreign keys, a busy
timeout so a second process waits instead of failing) and given transactions that mean
what they say; PostgreSQL is used as is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from platformdirs import user_data_path
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

SQLITE_MMAP_BYTES = 256 * 1024 * 1024
"""The database file is read through memory mapping, up to this size, rather than copied
page by page into SQLite's small cache: a long read (the annual report's 240,000 rows)
is about a fifth faster, measured."""
SQLITE_BUSY_TIMEOUT_MS = 30_000
"""How long a turn waits for another process's write to finish. Turns are short; a wait
this long means something is stuck, and the turn then fails (and is re-delivered)."""


DEFAULT_DATABASE = user_data_path("p2c-bot") / "p2c.db"
"""The embedded database unless DATABASE_URL names another: one place per user whatever
folder the command runs from (on Linux ~/.local/share/p2c-bot/p2c.db), so started
elsewhere the pledges are still there."""


def with_driver(url: str) -> str:
    """Hosting platforms hand out `postgres://` URLs; SQLAlchemy would pick psycopg2 for
    them (not installed), so they get the psycopg 3 driver named."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, **kwargs)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
    event.listen(engine, "connect", _tune_sqlite)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _tune_sqlite(connection: Any, _record: Any) -> None:
    """pysqlite's own transaction handling is switched off (SQLAlchemy's documented
    recipe): left on, it begins transactions late and lets a savepoint's release commit
    on its own, so half a turn could be saved."""
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()


SNAPSHOT = "p2c_snapshot"
"""Execution option of a read-only snapshot (`Database.snapshot`)."""
LONG_READ_SETTINGS = ("jit = off", "work_mem = '64MB'")
"""PostgreSQL settings of a snapshot's transaction. The report's aggregations look
costly enough for the JIT compiler, which then spends longer compiling (0.4 s of a
1.2 s query, measured) than it saves; and their sorts fit in memory with a little more
than the default 4 MB."""
_SNAPSHOT_ID = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9]+)?")
"""What PostgreSQL's `pg_export_snapshot()` returns; checked, as it is put in a
statement that takes no parameters."""


def _begin_immediate(connection: Connection) -> None:
    """Every transaction takes the write lock when it begins, so concurrent turns wait
    for each other (honouring the busy timeout) instead of failing when a reader tries
    to become a writer halfway through. A snapshot only reads: WAL gives it a stable
    view without the lock, so turns go on while a long report is built."""
    snapshot = connection.get_execution_options().get(SNAPSHOT)
    connection.exec_driver_sql("BEGIN" if snapshot else "BEGIN IMMEDIATE")


class Database:
    """One engine and its sessions; `transaction()` is the unit of a conversation turn."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_db_engine(url)
        self._sessions = sessionmaker(self.engine, class_=Session, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """One consistent, read-only view of the data for a long read (the annual
        report, an export): every query sees the same moment, and nothing is locked."""
        with self._snapshot() as session:
            yield session

    @contextmanager
    def _snapshot(self, adopting: str | None = None) -> Iterator[Session]:
        """`adopting`: a snapshot exported by another PostgreSQL transaction, to see
        its moment (which must be said before anything else is)."""
        options: dict[str, Any] = {SNAPSHOT: True}
        if not self.is_sqlite:
            options.update(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with self.engine.connect() as connection:
            viewing = connection.execution_options(**options)
            with viewing.begin(), Session(bind=viewing) as session:
                if adopting is not None:
                    session.execute(text(f"SET TRANSACTION SNAPSHOT '{adopting}'"))
                if not self.is_sqlite:
                    for setting in LONG_READ_SETTINGS:
                        session.execute(text(f"SET LOCAL {setting}"))
                yield session

    @contextmanager
    def snapshots(self, count: int) -> Iterator[tuple[Session, ...]]:
        """`count` snapshots on as many connections, all of the same moment, so the
        parts of one long read can run at once (the annual report's figures beside its
        tables) and still add up. PostgreSQL exports the first one's snapshot and the
        others adopt it. SQLite has no such call: the writers' lock is held while each
        snapshot starts reading, so no write can land between them, and is let go as
        soon as they have (turns wait for it a few milliseconds at most)."""
        with ExitStack() as views:
            if self.is_sqlite:
                with self.engine.connect() as gate, gate.begin():
                    sessions = tuple(views.enter_context(self._snapshot())
                                     for _ in range(count))
                    for session in sessions:
                        session.execute(text("SELECT count(*) FROM sqlite_schema"))
            else:
                first = views.enter_context(self._snapshot())
                exported = first.execute(text("SELECT pg_export_snapshot()")).scalar_one()
                if not _SNAPSHOT_ID.fullmatch(exported):
                    raise RuntimeError(f"unexpected snapshot id from the server: {exported!r}")
                sessions = (first, *(views.enter_context(self._snapshot(exported))
                                     for _ in range(count - 1)))
            yield sessions

    def dispose(self) -> None:
        self.engine.dispose()
