"""Tokens each user's assistant turns used, per day."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AssistantUsage


class AssistantUsageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self,
        *,
        user_id: int,
        model: str,
        input_tokens: int,
        cached_tokens: int,
        output_tokens: int,
        created_at: datetime,
    ) -> None:
        """Record one model response's tokens."""
        connection = await self.session.connection()  # Core: nothing is read back
        await connection.execute(
            insert(AssistantUsage.__table__).values(
                user_id=user_id,
                model=model,
                input_tokens=input_tokens,
                cached_tokens=cached_tokens,
                output_tokens=output_tokens,
                created_at=created_at,
            )
        )

    async def totals_since(self, user_id: int, since: datetime) -> tuple[int, int, int]:
        """The user's input, cached and output tokens since ``since``."""
        usage = AssistantUsage.__table__
        connection = await self.session.connection()  # Core: a plain row
        row = (
            await connection.execute(
                select(
                    func.coalesce(func.sum(usage.c.input_tokens), 0),
                    func.coalesce(func.sum(usage.c.cached_tokens), 0),
                    func.coalesce(func.sum(usage.c.output_tokens), 0),
                ).where(usage.c.user_id == user_id, usage.c.created_at >= since)
            )
        ).one()
        return int(row[0]), int(row[1]), int(row[2])
