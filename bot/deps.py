"""The long-lived things a handler may use, built once by the composition root."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.runtime.document_shelf import DocumentShelf
from bot.runtime.model_clients import ModelClients
from bot.settings import Settings
from db.unit_of_work import UnitOfWork
from services.assistant import Assistant
from services.debts import DebtPolicy
from services.reminders import ReminderPolicy
from services.shared import Clock


def reminder_policy(settings: Settings) -> ReminderPolicy:
    """When reminders go (REMINDER_* settings)."""
    return ReminderPolicy(
        days_before=settings.reminder_days_before,
        days_after=settings.reminder_days_after,
        from_hour=settings.reminder_from_hour,
        until_hour=settings.reminder_until_hour,
    )


def default_policy(settings: Settings) -> DebtPolicy:
    """The operator's default policy (POLICY_*), for debts whose import set none of their own."""
    return DebtPolicy(
        max_months=settings.policy_max_months,
        min_installment=settings.policy_min_installment,
        max_discount_pct=settings.policy_max_discount_pct,
    )


@dataclass(frozen=True)
class Database:
    """One process's engine, and a fresh unit of work for each update, job or command."""

    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]

    def unit_of_work(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    async def close(self) -> None:
        await self.engine.dispose()


@dataclass
class Deps:
    settings: Settings
    clock: Clock
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    model_clients: ModelClients
    assistant: Assistant
    documents: DocumentShelf

    @property
    def default_policy(self) -> DebtPolicy:
        """The operator's default policy, for debts whose import set none of their own."""
        return default_policy(self.settings)

    @property
    def reminder_policy(self) -> ReminderPolicy:
        return reminder_policy(self.settings)

    def unit_of_work(self) -> UnitOfWork:
        """A fresh unit of work: one per update or job."""
        return UnitOfWork(self.session_factory)
