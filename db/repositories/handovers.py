"""Requests for a person at the operator."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
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

    async def latest_open_since(self, *, user_id: int, since: datetime) -> Handover | None:
        """The user's newest unresolved request made at or after `since`, if any."""
        query = (
            select(Handover)
            .where(
                Handover.user_id == user_id,
                Handover.created_at >= since,
                Handover.resolved_at.is_(None),
            )
            .order_by(Handover.created_at.desc(), Handover.id.desc())
            .limit(1)
        )
        return await self.session.scalar(query)
