"""Where each chat is in a multi-step flow (registration, adding a debt, a plan...)."""

from __future__ import annotations

from sqlalchemy import Row, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ConversationState


class ConversationStateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_chat(self, chat_id: int) -> ConversationState | None:
        return await self.session.scalar(
            select(ConversationState).where(ConversationState.chat_id == chat_id)
        )

    async def step_row(self, chat_id: int) -> Row | None:
        """(flow, step, data, updated_at) of the chat, as a plain row: read on every update."""
        states = ConversationState.__table__
        connection = await self.session.connection()  # Core: no ORM work for a plain row
        result = await connection.execute(
            select(states.c.flow, states.c.step, states.c.data, states.c.updated_at).where(
                states.c.chat_id == chat_id
            )
        )
        return result.first()

    def add(self, state: ConversationState) -> None:
        self.session.add(state)

    async def delete_for_chat(self, chat_id: int) -> None:
        await self.session.execute(
            delete(ConversationState).where(ConversationState.chat_id == chat_id)
        )

    async def delete_for_user(self, user_id: int) -> None:
        await self.session.execute(
            delete(ConversationState).where(ConversationState.user_id == user_id)
        )
