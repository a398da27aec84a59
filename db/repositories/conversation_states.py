"""Where each chat is in a multi-step flow (registration, adding a debt, a plan...)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ConversationState


class ConversationStateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_chat(self, chat_id: int) -> ConversationState | None:
        return await self.session.scalar(
            select(ConversationState).where(ConversationState.chat_id == chat_id)
        )

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
