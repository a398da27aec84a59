"""Invites: one-time deep-link tokens, stored by their hash, that link a debtor to a user."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Invite


class InviteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, *, token_hash: str, debtor_id: int, expires_at: datetime, now: datetime
    ) -> Invite:
        invite = Invite(
            token=token_hash, debtor_id=debtor_id, expires_at=expires_at, created_at=now
        )
        self.session.add(invite)
        await self.session.flush()
        return invite

    async def get(self, invite_id: int) -> Invite | None:
        return await self.session.get(Invite, invite_id)

    async def by_token_hash(self, token_hash: str) -> Invite | None:
        return await self.session.scalar(select(Invite).where(Invite.token == token_hash))

    async def mark_used(self, *, invite_id: int, user_id: int, now: datetime) -> bool:
        """Mark the invite used by the user unless it is used already; True if it was done."""
        result = await self.session.execute(
            update(Invite)
            .where(Invite.id == invite_id, Invite.used_at.is_(None))
            .values(used_at=now, used_by_user_id=user_id)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]
