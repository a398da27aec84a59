"""Where each chat is in a multi-step flow (registration, adding a debt, a plan...)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Row, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ChatFlow


class ChatFlowRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_chat(self, chat_id: int) -> ChatFlow | None:
        return await self.session.scalar(select(ChatFlow).where(ChatFlow.chat_id == chat_id))

    async def step_row(self, chat_id: int) -> Row | None:
        """(flow, step, data, updated_at) of the chat, as a plain row: read on every update."""
        states = ChatFlow.__table__
        connection = await self.session.connection()  # Core: no ORM work for a plain row
        result = await connection.execute(
            select(states.c.flow, states.c.step, states.c.data, states.c.updated_at).where(
                states.c.chat_id == chat_id
            )
        )
        return result.first()

    def add(self, state: ChatFlow) -> None:
        self.session.add(state)

    async def delete_for_chat(self, chat_id: int) -> None:
        await self.session.execute(delete(ChatFlow).where(ChatFlow.chat_id == chat_id))

    async def delete_for_user(self, user_id: int) -> None:
        await self.session.execute(delete(ChatFlow).where(ChatFlow.user_id == user_id))

    async def delete_untouched_since(self, cutoff: dt.datetime) -> int:
        """Flow steps nobody moved since `cutoff`; how many there were."""
        result = await self.session.execute(delete(ChatFlow).where(ChatFlow.updated_at < cutoff))
        return result.rowcount or 0
