"""Updates received by webhook and not yet handled (see db.models.updates)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ReceivedUpdate


class ReceivedUpdateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_new(
        self, update_id: int, chat_key: int | None, payload: dict[str, Any], now: dt.datetime
    ) -> str:
        """Insert the update: "new", or for one already there (a redelivery) "waiting" or
        "handled"."""
        postgresql = self.session.bind.dialect.name == "postgresql"
        insert = postgresql_insert if postgresql else sqlite_insert
        inserted = await self.session.scalar(
            insert(ReceivedUpdate)
            .values(update_id=update_id, chat_key=chat_key, payload=payload, received_at=now)
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(ReceivedUpdate.update_id)
        )
        if inserted is not None:
            return "new"
        handled_at = await self.session.scalar(
            select(ReceivedUpdate.handled_at).where(ReceivedUpdate.update_id == update_id)
        )
        return "waiting" if handled_at is None else "handled"

    async def waiting(self, chat_key: int, through_update_id: int) -> list[tuple[int, Any]]:
        """(update_id, payload) of the chat's unhandled updates up to `through_update_id`,
        oldest first."""
        rows = await self.session.execute(
            select(ReceivedUpdate.update_id, ReceivedUpdate.payload)
            .where(
                ReceivedUpdate.chat_key == chat_key,
                ReceivedUpdate.handled_at.is_(None),
                ReceivedUpdate.update_id <= through_update_id,
            )
            .order_by(ReceivedUpdate.update_id)
        )
        return [(row.update_id, row.payload) for row in rows]

    async def mark_handled(self, update_id: int, now: dt.datetime) -> bool:
        """False when it was marked already (by a process that took it over)."""
        result = await self.session.execute(
            update(ReceivedUpdate)
            .where(ReceivedUpdate.update_id == update_id, ReceivedUpdate.handled_at.is_(None))
            .values(handled_at=now, payload=None)
        )
        return bool(result.rowcount)

    async def stalled_chats(
        self, received_before: dt.datetime, limit: int
    ) -> list[tuple[int, int]]:
        """(chat_key, newest waiting update_id) of chats with an update waiting since
        before `received_before`."""
        rows = await self.session.execute(
            select(ReceivedUpdate.chat_key, func.max(ReceivedUpdate.update_id))
            .where(
                ReceivedUpdate.handled_at.is_(None),
                ReceivedUpdate.received_at < received_before,
                ReceivedUpdate.chat_key.is_not(None),
            )
            .group_by(ReceivedUpdate.chat_key)
            .order_by(func.min(ReceivedUpdate.received_at))
            .limit(limit)
        )
        return [(chat_key, newest) for chat_key, newest in rows]

    async def count_waiting(self) -> int:
        return (
            await self.session.scalar(
                select(func.count()).where(ReceivedUpdate.handled_at.is_(None))
            )
            or 0
        )

    async def delete_handled_before(self, before: dt.datetime) -> int:
        result = await self.session.execute(
            delete(ReceivedUpdate).where(ReceivedUpdate.handled_at < before)
        )
        return result.rowcount or 0
