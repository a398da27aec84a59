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
    assert await current_revision(database_url) == head_revision() == "0006"


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


async def test_renaming_tables_and_plan_statuses_keeps_every_row(database_url: str) -> None:
    """0005 renames conversation_states/conversation_threads and 'defaulted' plans; no row
    is lost on the way, not even the installments and thread items that hang from the
    rebuilt tables (on SQLite a careless rebuild would cascade-delete them)."""
    await downgrade_to(database_url, "0004")
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            for statement in OLD_ROWS:
                await connection.exec_driver_sql(statement)
        await upgrade_to_head(database_url)
        async with engine.connect() as connection:
            assert await counts(connection, NEW_TABLES) == {table: 1 for table in NEW_TABLES}
            plan_status = await connection.exec_driver_sql("SELECT status FROM payment_plans")
            assert plan_status.scalar_one() == "broken"
        assert await diff_against_models(database_url) == []

        await downgrade_to(database_url, "0004")
        async with engine.connect() as connection:
            assert await counts(connection, OLD_TABLES) == {table: 1 for table in OLD_TABLES}
            plan_status = await connection.exec_driver_sql("SELECT status FROM payment_plans")
            assert plan_status.scalar_one() == "defaulted"
    finally:
        await engine.dispose()
    await upgrade_to_head(database_url)


OLD_ROWS = [
    "INSERT INTO users (id, telegram_id, first_name) VALUES (1, 100, 'Ana')",
    "INSERT INTO debts (id, kind, owner_user_id, creditor, balance, currency)"
    " VALUES (1, 'personal', 1, 'Banco', 100.00, 'EUR')",
    "INSERT INTO payment_plans (id, debt_id, user_id, kind, status, principal, total)"
    " VALUES (1, 1, 1, 'installments', 'defaulted', 100.00, 100.00)",
    "INSERT INTO installments (id, plan_id, number, due_date, amount, principal, interest)"
    " VALUES (1, 1, 1, '2026-12-01', 100.00, 100.00, 0)",
    "INSERT INTO conversation_threads (id, user_id, chat_id) VALUES (1, 1, 100)",
    "INSERT INTO thread_items (id, thread_id, position, turn, item_type, payload)"
    " VALUES (1, 1, 0, 1, 'message', '{}')",
    "INSERT INTO conversation_states (id, chat_id, user_id, flow, step, data)"
    " VALUES (1, 100, 1, 'plan', 'debt', '{}')",
]
OLD_TABLES = ["payment_plans", "installments", "conversation_threads", "thread_items"]
OLD_TABLES += ["conversation_states"]
NEW_TABLES = ["payment_plans", "installments", "assistant_threads", "thread_items"]
NEW_TABLES += ["chat_flows"]


async def counts(connection, tables: list[str]) -> dict[str, int]:
    found = {}
    for table in tables:
        result = await connection.exec_driver_sql(f"SELECT count(*) FROM {table}")
        found[table] = result.scalar_one()
    return found
