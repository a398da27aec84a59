"""Group chats finbot was added to; it tells each of them once that it works in private."""

from __future__ import annotations

from datetime import datetime

from db.unit_of_work import UnitOfWork


async def mark_group_notified(uow: UnitOfWork, *, chat_id: int, now: datetime) -> bool:
    """Record that the group has been told. True only the first time."""
    groups = uow.group_chats
    if await groups.exists(chat_id):
        return False
    await groups.add(chat_id=chat_id, notified_at=now)
    return True
