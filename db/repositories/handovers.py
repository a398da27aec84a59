"""Requests for a person at the operator."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Handover


class HandoverRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, *, user_id: int, chat_id: int, source: str, summary: str, now: datetime
    ) -> Handover:
        handover = Handover(
            user_id=user_id, chat_id=chat_id, source=source, summary=summary, created_at=now
        )
        self.session.add(handover)
        await self.session.flush()
        return handover

    async def get(self, handover_id: int) -> Handover | None:
        return await self.session.get(Handover, handover_id)
