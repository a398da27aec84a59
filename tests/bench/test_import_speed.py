"""How long the operator waits for `finbot import-debts` on a 100,000-row file (SQLite)."""

from __future__ import annotations

import argparse
import time

import pytest
from sqlalchemy import func, select

from bot.cli.operator import run_operator_command
from bot.settings import Settings
from db.models import AuditLogEntry, Debt, Debtor
from db.unit_of_work import UnitOfWork
from tests.support.bench import STRICT, assert_under
from tests.support.debts import DEBTS_PER_DEBTOR, write_debts_csv

ROWS = 100_000 if STRICT else 50_000  # outside BENCH_STRICT, half the file in half the time
LIMIT_SECONDS = 60 * ROWS / 100_000

pytestmark = [pytest.mark.bench, pytest.mark.database_backends("sqlite")]


async def count(session_factory, what) -> int:
    async with UnitOfWork(session_factory) as uow:
        return await uow.session.scalar(select(func.count()).select_from(what))


async def timed_import(settings: Settings, path) -> float:
    arguments = argparse.Namespace(command="import-debts", file=path, demo=False)
    started = time.perf_counter()
    assert await run_operator_command(settings, arguments) == 0
    return time.perf_counter() - started


async def test_importing_100k_rows_takes_under_a_minute(
    tmp_path, database_url, session_factory, capsys
):
    path = tmp_path / "debts.csv"
    write_debts_csv(path, ROWS)
    settings = Settings(_env_file=None, database_url=database_url, currency="EUR")

    first = await timed_import(settings, path)
    assert await count(session_factory, Debt) == ROWS
    audited = await count(session_factory, AuditLogEntry)
    again = await timed_import(settings, path)

    with capsys.disabled():
        print(f"\nimport of {ROWS} rows: {first:.1f} s; re-import (no changes): {again:.1f} s")
    assert f"0 created, 0 updated, {ROWS} unchanged" in capsys.readouterr().out
    assert await count(session_factory, Debtor) == -(-ROWS // DEBTS_PER_DEBTOR)
    assert await count(session_factory, AuditLogEntry) == audited
    assert_under(first, LIMIT_SECONDS, "import, s")
    assert_under(again, LIMIT_SECONDS, "re-import, s")
