"""A large operator file: streamed from its path and written in batches, still all or nothing,
and in memory that does not grow with the file."""

from __future__ import annotations

import tracemalloc

import pytest
from sqlalchemy import delete

from db.models import AuditLogEntry, Debt, Debtor
from services.debts import csv_write
from services.debts.csv_import import ImportRejected
from tests.support.clock import NOW
from tests.support.debts import all_debts, debt_row, run_import, write_debts_csv
from tests.support.rows import count

BATCH = 100


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(csv_write, "BATCH_ROWS", BATCH)


async def test_a_file_imports_in_batches_from_its_path(session_factory, tmp_path, small_batches):
    path = tmp_path / "debts.csv"
    write_debts_csv(path, 5 * BATCH + 7)

    report = await run_import(session_factory, path)

    assert (report.debts_created, report.debtors_created) == (507, 169)
    assert await count(session_factory, Debt) == 507
    assert await count(session_factory, Debtor) == 169
    assert await count(session_factory, AuditLogEntry) == 507 + 169
    again = await run_import(session_factory, path)
    assert (again.debts_created, again.debts_unchanged, again.debtors_created) == (0, 507, 0)


async def test_a_conflict_in_a_late_batch_imports_nothing_of_the_earlier_ones(
    session_factory, tmp_path, small_batches
):
    taken = debt_row(reference="REF-0000450", phone="+34699000111", full_name="Eva Ruiz")
    await run_import(session_factory, [taken])
    path = tmp_path / "debts.csv"
    write_debts_csv(path, 5 * BATCH)  # REF-0000450, on line 452, is someone else's

    with pytest.raises(ImportRejected) as rejected:
        await run_import(session_factory, path, now=NOW)

    (problem,) = rejected.value.values["problems"]
    assert problem.line == 452
    assert "'REF-0000450' belongs to Eva Ruiz (+34699000111)" in problem.reason
    assert set(await all_debts(session_factory)) == {"REF-0000450"}
    assert await count(session_factory, Debtor) == 1
    assert await count(session_factory, AuditLogEntry) == 2


async def test_a_repeated_reference_far_apart_in_the_file_is_reported_on_the_later_line(
    session_factory, tmp_path, small_batches
):
    path = tmp_path / "debts.csv"
    write_debts_csv(path, 3 * BATCH)
    with path.open("a", encoding="utf-8") as file:
        file.write("REF-0000001,Deudor Número 0,debtor0@example.com,+34600000000,X,,5,EUR,1,,,\n")

    with pytest.raises(ImportRejected) as rejected:
        await run_import(session_factory, path)

    (problem,) = rejected.value.values["problems"]
    assert (problem.line, problem.reason) == (302, "reference 'REF-0000001' is already on line 3")
    assert await count(session_factory, Debt) == 0


async def forget_imported_debts(session_factory) -> None:
    async with session_factory() as session:
        await session.execute(delete(Debt))
        await session.execute(delete(Debtor))
        await session.commit()


@pytest.mark.database_backends("sqlite")
async def test_memory_taken_by_an_import_does_not_grow_with_the_file(
    database_url, session_factory, tmp_path, small_batches
):
    """Python's own allocations at their peak: a file four times longer takes about the same.
    Each size is imported twice and the smaller peak kept: tracemalloc also counts what other
    threads of the test run allocate meanwhile."""
    peaks = []
    for rows in (BATCH, 4 * BATCH, 16 * BATCH):  # the first one warms the caches up
        path = tmp_path / f"debts-{rows}.csv"
        write_debts_csv(path, rows)
        tries = []
        for _ in range(2):
            await forget_imported_debts(session_factory)
            tracemalloc.start()
            try:
                await run_import(session_factory, path)
                tries.append(tracemalloc.get_traced_memory()[1])
            finally:
                tracemalloc.stop()
        peaks.append(min(tries))

    _, small, large = peaks
    assert large < small * 1.5, f"{small / 1e6:.1f} MB for 400 rows, {large / 1e6:.1f} for 1,600"
