"""Requests for a person at the operator."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class HandoverRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
