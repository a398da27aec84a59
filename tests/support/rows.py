"""Reading rows back from the test's database."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

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
