"""Reading rows back from the test's database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from sqlalchemy import func, inspect, select, text
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
)

from db.models import AuditLogEntry, Debt
from db.unit_of_work import UnitOfWork

Factory = async_sessionmaker[AsyncSession]


async def all_rows(session_factory, model, *where) -> list:
    async with session_factory() as session:
        return list(await session.scalars(select(model).where(*where).order_by(model.id)))


async def debt_ids(session_factory) -> dict[str, int]:
    """Creditor -> debt id."""
    async with session_factory() as session:
        return {debt.creditor: debt.id for debt in await session.scalars(select(Debt))}


async def audit_entries(factory: Factory) -> list[AuditLogEntry]:
    async with UnitOfWork(factory) as uow:
        return list(await uow.session.scalars(select(AuditLogEntry).order_by(AuditLogEntry.id)))


async def count(factory: Factory, model: type) -> int:
    async with UnitOfWork(factory) as uow:
        return await uow.session.scalar(select(func.count()).select_from(model)) or 0


async def every_stored_value(where: AsyncEngine | AsyncSession) -> list[object]:
    """Every value in every column of every table in the database (as a session sees it,
    its own changes included, or as committed)."""
    if isinstance(where, AsyncSession):
        return await _every_value(await where.connection())
    async with where.connect() as connection:
        return await _every_value(connection)


async def _every_value(connection: AsyncConnection) -> list[object]:
    values: list[object] = []
    tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    for table in tables:
        for row in await connection.execute(text(f'SELECT * FROM "{table}"')):
            values.extend(row)
    return values


def mentions(values: list[object], secret: str) -> bool:
    for value in values:
        if isinstance(value, memoryview):
            value = value.tobytes()
        if isinstance(value, bytes) and secret.encode() in value:
            return True
        if secret in str(value):
            return True
    return False


async def eventually(
    check: Callable[[], Awaitable[bool] | bool],
    *,
    timeout: float = 5.0,  # noqa: ASYNC109 - the deadline is the point
) -> None:
    """Wait until `check()` (a database read, or a fake's record) holds, for state that
    no fake announces; AssertionError after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        held = check()
        if not isinstance(held, bool):
            held = await held
        if held:
            return
        if loop.time() >= deadline:
            raise AssertionError(f"still not true after {timeout}s")
        await asyncio.sleep(0.02)
