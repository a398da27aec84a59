"""The assistant's threads and their items."""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy import Row, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AssistantThread, ThreadItem, ThreadStatus

ItemRow: TypeAlias = Row
"""A thread item as a plain row: position, turn, payload, token_estimate."""


class AssistantThreadRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def active_for_chat(self, chat_id: int, user_id: int) -> AssistantThread | None:
        return await self.session.scalar(
            select(AssistantThread)
            .where(
                AssistantThread.chat_id == chat_id,
                AssistantThread.user_id == user_id,
                AssistantThread.status == ThreadStatus.ACTIVE,
            )
            .order_by(AssistantThread.id.desc())
            .limit(1)
        )

    async def get(self, thread_id: int) -> AssistantThread | None:
        return await self.session.get(AssistantThread, thread_id)

    def add(self, thread: AssistantThread) -> None:
        self.session.add(thread)

    async def latest_items(self, thread_id: int, limit: int) -> list[ItemRow]:
        """The thread's newest `limit` items (position, turn, payload, token_estimate),
        oldest first. Plain rows: they are only read, once per turn."""
        items = ThreadItem.__table__
        connection = await self.session.connection()  # Core: no ORM work for plain rows
        result = await connection.execute(
            select(items.c.position, items.c.turn, items.c.payload, items.c.token_estimate)
            .where(items.c.thread_id == thread_id)
            .order_by(items.c.position.desc())
            .limit(limit)
        )
        return list(reversed(result.all()))

    async def add_items(self, rows: list[dict[str, Any]]) -> None:
        """Insert items in one Core statement: no ORM objects, they are never read back."""
        if rows:
            connection = await self.session.connection()
            await connection.execute(insert(ThreadItem.__table__), rows)
