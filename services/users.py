"""People who talk to finbot, known by their Telegram id."""

from __future__ import annotations

from datetime import datetime

from db.repositories.users import UserRepository
from db.unit_of_work import UnitOfWork


async def record_visit(
    uow: UnitOfWork, *, telegram_id: int, first_name: str, now: datetime
) -> bool:
    """Remember that this Telegram user has started the bot. True when they are new."""
    users = UserRepository(uow.session)
    user = await users.by_telegram_id(telegram_id)
    if user is None:
        await users.add(telegram_id=telegram_id, first_name=first_name, now=now)
        return True
    if user.first_name != first_name:
        user.first_name = first_name
        user.updated_at = now
    return False
