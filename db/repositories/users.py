"""Users, found by their Telegram id; their settings and stored API keys, and the pending
reminders that move with their time zone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Installment, Reminder, ReminderStatus, User


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

    async def timezone_of(self, user_id: int) -> str | None:
        return await self.session.scalar(select(User.timezone).where(User.id == user_id))

    async def set_timezone(self, user_id: int, timezone: str) -> None:
        await self.session.execute(update(User).where(User.id == user_id).values(timezone=timezone))

    async def lock_pending_reminders(self, user_id: int) -> list[tuple[int, str, date]]:
        """(reminder id, kind, installment due date) of the user's pending reminders, the
        reminders locked (FOR UPDATE) until the transaction ends."""
        rows = await self.session.execute(
            select(Reminder.id, Reminder.kind, Installment.due_date)
            .join(Installment, Installment.id == Reminder.installment_id)
            .where(Reminder.user_id == user_id, Reminder.status == ReminderStatus.PENDING)
            .with_for_update(of=Reminder)
        )
        return [(reminder_id, kind, due_date) for reminder_id, kind, due_date in rows]

    async def move_pending_reminders(self, moves: Sequence[Mapping[str, Any]]) -> None:
        """Bulk UPDATE by primary key, each dict holding ``id`` and the new ``due_at``; a
        reminder no longer pending (claimed meanwhile) keeps its time. Reminder objects
        loaded in the session are not synchronized: read the times with
        ``lock_pending_reminders``, which loads none."""
        if moves:
            await self.session.execute(
                update(Reminder).where(Reminder.status == ReminderStatus.PENDING),
                list(moves),
                execution_options={"synchronize_session": None},
            )

    async def api_key_of(self, user_id: int) -> bytes | None:
        """The user's stored API key, encrypted."""
        return await self.session.scalar(
            select(User.openai_api_key_encrypted).where(User.id == user_id)
        )

    async def lock_stored_api_keys(self, *, after_id: int, limit: int) -> list[tuple[int, bytes]]:
        """(user id, encrypted key) of the next `limit` users after `after_id` with a stored
        key, by id, their rows locked (FOR UPDATE) until the transaction ends."""
        rows = await self.session.execute(
            select(User.id, User.openai_api_key_encrypted)
            .where(User.id > after_id, User.openai_api_key_encrypted.is_not(None))
            .order_by(User.id)
            .limit(limit)
            .with_for_update()
        )
        return [(user_id, bytes(token)) for user_id, token in rows]

    async def replace_api_key(self, user_id: int, encrypted: bytes) -> None:
        await self.session.execute(
            update(User).where(User.id == user_id).values(openai_api_key_encrypted=encrypted)
        )
