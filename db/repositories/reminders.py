"""Reminders of installments: scheduling, claiming, and what became of each message."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
