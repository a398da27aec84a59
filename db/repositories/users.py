"""Users, found by their Telegram id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import User


class UserRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> User | None:
        return await self.session.get(User, user_id)

    async def by_telegram_id(self, telegram_id: int) -> User | None:
        return await self.session.scalar(select(User).where(User.telegram_id == telegram_id))

    async def profile_row(self, telegram_id: int) -> Row | None:
        """The columns a profile needs, as a plain row: read on every update, so no ORM
        object is built for it."""
        users = User.__table__
        connection = await self.session.connection()  # Core: no ORM work for a plain row
        result = await connection.execute(
            select(
                users.c.id,
                users.c.first_name,
                users.c.language,
                users.c.timezone,
                users.c.privacy_consent_at,
                users.c.reminders_consent_at,
                users.c.openai_api_key_encrypted,
            ).where(users.c.telegram_id == telegram_id)
        )
        return result.first()

    async def add(self, *, telegram_id: int, first_name: str, now: datetime) -> User:
        user = User(telegram_id=telegram_id, first_name=first_name, created_at=now, updated_at=now)
        self.session.add(user)
        await self.session.flush()
        return user
