"""Tokens each user's assistant turns used, per day."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class AssistantUsageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
