"""Users, found by their Telegram id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_telegram_id(self, telegram_id: int) -> User | None:
        return await self.session.scalar(select(User).where(User.telegram_id == telegram_id))

    async def add(self, *, telegram_id: int, first_name: str, now: datetime) -> User:
        user = User(telegram_id=telegram_id, first_name=first_name, created_at=now, updated_at=now)
        self.session.add(user)
        await self.session.flush()
        return user
