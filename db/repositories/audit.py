"""The append-only audit log."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditLogEntry


class AuditLogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def append(
        self,
        *,
        actor: str,
        action: str,
        entity_type: str,
        entity_id: int | None,
        details: dict[str, Any] | None,
        occurred_at: datetime,
    ) -> AuditLogEntry:
        entry = AuditLogEntry(
            actor=actor,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            details=details,
            occurred_at=occurred_at,
        )
        self.session.add(entry)
        return entry

    async def append_many(self, entries: Sequence[Mapping[str, Any]]) -> None:
        """Append many entries in one executemany (no ids read back), for bulk imports.

        Each dict holds ``actor``, ``action``, ``entity_type``, ``entity_id``, ``details``
        and ``occurred_at``.
        """
        if entries:
            await self.session.execute(insert(AuditLogEntry.__table__), list(entries))

    async def for_entity(self, entity_type: str, entity_id: int) -> list[AuditLogEntry]:
        rows = await self.session.scalars(
            select(AuditLogEntry)
            .where(AuditLogEntry.entity_type == entity_type, AuditLogEntry.entity_id == entity_id)
            .order_by(AuditLogEntry.id)
        )
        return list(rows)
