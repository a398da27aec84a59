"""The migrations are the schema: they agree with the models, and go down and up."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from db.base import Base
from db.engine import create_engine
from db.migrations import (
    ALEMBIC_INI,
    current_revision,
    downgrade_to,
    head_revision,
    upgrade_to_head,
)

POSTGRES_IDENTIFIER_LIMIT = 63


def schema_differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, Base.metadata)


def table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def diff_against_models(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(schema_differences)
    finally:
        await engine.dispose()


async def tables_in(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(table_names)
    finally:
        await engine.dispose()


async def test_migrated_schema_matches_the_models(database_url: str) -> None:
    assert await diff_against_models(database_url) == []


async def test_database_is_at_head(database_url: str) -> None:
    assert await current_revision(database_url) == head_revision() == "0004"


async def test_every_model_table_is_created(database_url: str) -> None:
    assert await tables_in(database_url) == {*Base.metadata.tables, "alembic_version"}


async def test_downgrade_to_base_and_upgrade_again(database_url: str) -> None:
    await downgrade_to(database_url, "base")
    assert await current_revision(database_url) is None
    assert await tables_in(database_url) == {"alembic_version"}

    await upgrade_to_head(database_url)
    assert await current_revision(database_url) == head_revision()
    assert await diff_against_models(database_url) == []


async def test_upgrade_is_idempotent(database_url: str) -> None:
    await upgrade_to_head(database_url)
    assert await current_revision(database_url) == head_revision()


async def test_upgrade_of_a_new_sqlite_file_from_another_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    assert await current_revision(url) is None
    await upgrade_to_head(url)
    assert await current_revision(url) == head_revision()
    assert await diff_against_models(url) == []


async def test_alembic_command_line_uses_database_url(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    process = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "alembic", "-c", str(ALEMBIC_INI), "upgrade", "head"],
        cwd=tmp_path,
        env={**os.environ, "DATABASE_URL": url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, stderr.decode()
    assert "Running upgrade  -> 0001" in stderr.decode()
    assert await current_revision(url) == head_revision()


def test_constraint_names_fit_postgresql_identifiers() -> None:
    names = [
        str(item.name)
        for table in Base.metadata.tables.values()
        for item in (*table.constraints, *table.indexes)
    ]
    assert names, "constraints should be named by the naming convention"
    too_long = [name for name in names if len(name) > POSTGRES_IDENTIFIER_LIMIT]
    assert too_long == []
