"""Updates received by webhook and not yet handled (see db.models.updates)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ReceivedUpdate


class ReceivedUpdateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_new(
        self, update_id: int, chat_key: int | None, payload: dict[str, Any], now: dt.datetime
    ) -> bool:
        """Insert the update; False when it is already there (a redelivery)."""
        if await self.session.get(ReceivedUpdate, update_id) is not None:
            return False
        try:
            async with self.session.begin_nested():
                self.session.add(
                    ReceivedUpdate(
                        update_id=update_id, chat_key=chat_key, payload=payload, received_at=now
                    )
                )
        except IntegrityError:  # another replica inserted it a moment ago
            return False
        return True

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

    async def mark_handled(self, update_id: int, now: dt.datetime) -> None:
        await self.session.execute(
            update(ReceivedUpdate)
            .where(ReceivedUpdate.update_id == update_id)
            .values(handled_at=now, payload=None)
        )

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
            delete(ReceivedUpdate).where(
                ReceivedUpdate.handled_at.is_not(None), ReceivedUpdate.received_at < before
            )
        )
        return result.rowcount or 0
