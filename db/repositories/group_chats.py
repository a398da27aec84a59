"""Group chats the bot has been added to."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import GroupChat


class GroupChatRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def exists(self, chat_id: int) -> bool:
        found = await self.session.scalar(select(GroupChat.id).where(GroupChat.chat_id == chat_id))
        return found is not None

    async def add(self, *, chat_id: int, notified_at: datetime) -> GroupChat:
        group = GroupChat(chat_id=chat_id, notified_at=notified_at, created_at=notified_at)
        self.session.add(group)
        await self.session.flush()
        return group
