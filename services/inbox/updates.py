"""The webhook inbox: updates recorded before Telegram is told they arrived, handled once
and in order per chat by whichever process holds the chat's turn.

Telegram delivers a chat's updates one after another, each once it got a 200 for the one
before; a replica answers 200 only after the update is recorded here. So when any replica
takes a chat's turn, every earlier update of that chat is already in the inbox, and
handling those first keeps the chat's order across replicas.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from db.unit_of_work import UnitOfWork

# Handled updates are kept this long, so a late redelivery is still recognised.
KEEP_HANDLED = timedelta(days=1)
# An update waiting this long lost the process that took it (or its database write failed).
STALLED_AFTER = timedelta(seconds=30)


class UpdateInbox:
    def __init__(self, unit_of_work: Callable[[], UnitOfWork]) -> None:
        self._unit_of_work = unit_of_work

    async def record(
        self, update_id: int, chat_key: int | None, payload: dict[str, Any], now: datetime
    ) -> str:
        """Keep a received update: "new"; for a redelivery, "waiting" (not handled yet: the
        first delivery's process may have stopped) or "handled"."""
        async with self._unit_of_work() as uow:
            new = await uow.received_updates.add_new(update_id, chat_key, payload, now)
            await uow.commit()
        return new

    async def waiting(self, chat_key: int, through_update_id: int) -> list[tuple[int, Any]]:
        async with self._unit_of_work() as uow:
            return await uow.received_updates.waiting(chat_key, through_update_id)

    async def mark_handled(self, update_id: int, now: datetime) -> bool:
        """False when another process marked it first (it lost this one's turn)."""
        async with self._unit_of_work() as uow:
            marked = await uow.received_updates.mark_handled(update_id, now)
            await uow.commit()
        return marked

    async def stalled_chats(self, now: datetime, limit: int = 100) -> list[tuple[int, int]]:
        async with self._unit_of_work() as uow:
            return await uow.received_updates.stalled_chats(now - STALLED_AFTER, limit)

    async def forget_old(self, now: datetime) -> int:
        async with self._unit_of_work() as uow:
            deleted = await uow.received_updates.delete_handled_before(now - KEEP_HANDLED)
            await uow.commit()
        return deleted

    async def count_waiting(self) -> int:
        async with self._unit_of_work() as uow:
            return await uow.received_updates.count_waiting()
