"""The operator's indexed documents and their passages."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession


class DocumentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
