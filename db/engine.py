"""Async engine and session factory for PostgreSQL (asyncpg) and SQLite (aiosqlite)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine

SQLITE_BUSY_TIMEOUT_MS = 10_000
POSTGRES_POOL_SIZE = 20
POSTGRES_MAX_OVERFLOW = 10
"""How long a SQLite connection waits for another writer before failing."""


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def is_sqlite_file(url: str | URL) -> bool:
    """True for a SQLite URL that names a database file (not an in-memory database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return False
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file::memory:"):
        return False
    return parsed.query.get("mode") != "memory"


def create_engine(url: str | URL, **engine_options: Any) -> AsyncEngine:
    """Create the application's ``AsyncEngine`` for ``url``.

    SQLite: every connection enforces foreign keys and waits up to
    ``SQLITE_BUSY_TIMEOUT_MS`` for locks; file databases use WAL journaling so
    readers do not block the writer. PostgreSQL: connections are pinged before use
    and sessions run in UTC. ``engine_options`` are passed to SQLAlchemy
    (e.g. ``echo=True``) and override these defaults. Either way a failed statement's
    error (and SQLAlchemy's own log) never shows its parameters: they are people's data.
    """
    parsed = make_url(url)
    engine_options = {"hide_parameters": True, **engine_options}
    if parsed.get_backend_name() == "sqlite":
        engine = _create_async_engine(parsed, **engine_options)
        event.listen(
            engine.sync_engine, "connect", _sqlite_connection_setup(is_sqlite_file(parsed))
        )
        event.listen(engine.sync_engine, "savepoint", _sqlite_begin_before_savepoint)
        return engine

    options: dict[str, Any] = {
        "pool_pre_ping": True,
        # Enough kept-open connections for a burst of chats: overflow connections are
        # closed on return, and opening one costs more than a reply's own queries.
        "pool_size": POSTGRES_POOL_SIZE,
        "max_overflow": POSTGRES_MAX_OVERFLOW,
    }
    if parsed.get_driver_name() == "asyncpg":
        options["connect_args"] = {"server_settings": {"timezone": "UTC"}}
    options.update(engine_options)
    return _create_async_engine(parsed, **options)


def _sqlite_connection_setup(file_database: bool) -> Any:
    def on_connect(dbapi_connection: Any, _connection_record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            if file_database:
                cursor.execute("PRAGMA journal_mode = WAL")
        finally:
            cursor.close()

    return on_connect


def _sqlite_begin_before_savepoint(connection: Connection, _name: str | None) -> None:
    """Make ``session.begin_nested()`` safe as the first statement of a transaction.

    The sqlite3 driver opens its transaction lazily, at the first INSERT/UPDATE/
    DELETE (reads before it run in autocommit, much like PostgreSQL's READ
    COMMITTED, and a writer waits for the lock instead of failing). A SAVEPOINT
    issued before that would itself become the outermost transaction and its
    RELEASE would commit; so open the real transaction first.
    """
    if not connection.connection.driver_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN")


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose objects stay usable after commit (``expire_on_commit=False``),
    which async code needs: it cannot lazily reload expired attributes."""
    return async_sessionmaker(engine, expire_on_commit=False)
