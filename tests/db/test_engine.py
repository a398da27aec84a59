"""Engine setup per backend, and the database fixtures themselves."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import (
    SQLITE_BUSY_TIMEOUT_MS,
    create_engine,
    create_session_factory,
    is_sqlite,
    is_sqlite_file,
)
from db.models import User
from tests.support.database import POSTGRESQL, SQLITE


@pytest.mark.database_backends(SQLITE)
async def test_sqlite_connections_enforce_foreign_keys_and_use_wal(
    engine: AsyncEngine, database_backend: str
) -> None:
    async with engine.connect() as connection:
        foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
        journal_mode = await connection.scalar(text("PRAGMA journal_mode"))
        busy_timeout = await connection.scalar(text("PRAGMA busy_timeout"))
    assert foreign_keys == 1
    assert journal_mode == "wal"
    assert busy_timeout == SQLITE_BUSY_TIMEOUT_MS


async def test_in_memory_sqlite_enforces_foreign_keys_without_wal() -> None:
    engine = create_engine("sqlite+aiosqlite://")
    try:
        async with engine.connect() as connection:
            assert await connection.scalar(text("PRAGMA foreign_keys")) == 1
            assert await connection.scalar(text("PRAGMA journal_mode")) == "memory"
    finally:
        await engine.dispose()


@pytest.mark.database_backends(POSTGRESQL)
async def test_postgresql_sessions_run_in_utc(engine: AsyncEngine, database_backend: str) -> None:
    async with engine.connect() as connection:
        assert await connection.scalar(text("SHOW timezone")) == "UTC"
    assert engine.pool._pre_ping  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("url", "sqlite", "sqlite_file"),
    [
        ("sqlite+aiosqlite:///finbot.db", True, True),
        ("sqlite+aiosqlite:////var/lib/finbot/finbot.db", True, True),
        ("sqlite+aiosqlite://", True, False),
        ("sqlite+aiosqlite:///:memory:", True, False),
        ("sqlite+aiosqlite:///file::memory:?uri=true", True, False),
        ("postgresql+asyncpg://postgres@127.0.0.1:5432/test", False, False),
    ],
)
def test_url_classification(url: str, sqlite: bool, sqlite_file: bool) -> None:
    assert is_sqlite(url) is sqlite
    assert is_sqlite_file(url) is sqlite_file


def test_database_url_matches_the_backend(database_url: str, database_backend: str) -> None:
    assert make_url(database_url).get_backend_name() == database_backend
    if database_backend == SQLITE:
        assert Path(make_url(database_url).database or "").is_file()


async def test_each_test_gets_an_empty_database(session_factory, database_backend: str) -> None:
    async with session_factory() as session:
        assert (await session.scalars(select(User))).all() == []
        session.add(User(telegram_id=1, first_name="Only in this test"))
        await session.commit()


async def test_a_refused_statement_names_the_failure_without_the_persons_data(
    engine: AsyncEngine,
) -> None:
    # A phone that is not E.164 breaks the users' CHECK constraint: the error (which the
    # bot's error log prints) says which statement failed, never the values it carried.
    async with create_session_factory(engine)() as session:
        session.add(User(telegram_id=4242, first_name="Ana García López", phone="600 111 222"))
        with pytest.raises(IntegrityError) as refused:
            await session.flush()
    error = str(refused.value)
    assert "INSERT INTO users" in error
    assert "Ana García López" not in error
    assert "600 111 222" not in error
