"""The operator's debtors: found by phone for the import, linked to a user who proves it."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Debtor
from db.repositories.debts import chunked


class DebtorContact(NamedTuple):
    """A debtor as the operator's CSV describes them."""

    id: int
    phone: str | None
    full_name: str
    email: str | None


class UserLinkedElsewhere(Exception):
    """The user is linked to another debtor already (``debtors.user_id`` is unique)."""


class DebtorRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def contacts_by_phone(self, phones: Collection[str]) -> list[DebtorContact]:
        """Debtors with any of ``phones``, oldest first; one query per chunk of phones."""
        found: list[DebtorContact] = []
        for chunk in chunked(sorted(phones)):
            result = await self.session.execute(
                select(Debtor.id, Debtor.phone, Debtor.full_name, Debtor.email)
                .where(Debtor.phone.in_(chunk))
                .order_by(Debtor.id)
            )
            found.extend(DebtorContact(*row) for row in result)
        return found

    async def contacts_by_id(self, debtor_ids: Collection[int]) -> dict[int, DebtorContact]:
        found: dict[int, DebtorContact] = {}
        for chunk in chunked(sorted(debtor_ids)):
            result = await self.session.execute(
                select(Debtor.id, Debtor.phone, Debtor.full_name, Debtor.email).where(
                    Debtor.id.in_(chunk)
                )
            )
            found.update((row[0], DebtorContact(*row)) for row in result)
        return found

    async def insert_many(self, debtors: Sequence[Mapping[str, Any]]) -> dict[str, int]:
        """Insert debtors (dicts of column values, each with a distinct ``phone``);
        their ids by phone."""
        if not debtors:
            return {}
        table = Debtor.__table__
        result = await self.session.execute(
            insert(table).returning(table.c.id, table.c.phone), list(debtors)
        )
        return {phone: debtor_id for debtor_id, phone in result}

    async def update_many(self, changes: Sequence[Mapping[str, Any]]) -> None:
        """Bulk UPDATE by primary key: each dict holds ``id`` and the new values."""
        if changes:
            await self.session.execute(update(Debtor), list(changes))

    async def get(self, debtor_id: int) -> Debtor | None:
        return await self.session.get(Debtor, debtor_id)

    async def linked_to(self, user_id: int) -> Debtor | None:
        return await self.session.scalar(select(Debtor).where(Debtor.user_id == user_id))

    async def link_user(self, *, debtor_id: int, user_id: int, now: datetime) -> bool:
        """Link the debtor to the user unless it is linked already; True if it was done.

        Raises ``UserLinkedElsewhere`` when the user is linked to another debtor (a
        failed statement: within a savepoint, roll it back)."""
        try:
            result = await self.session.execute(
                update(Debtor)
                .where(Debtor.id == debtor_id, Debtor.user_id.is_(None))
                .values(user_id=user_id, linked_at=now)
            )
        except IntegrityError as error:
            raise UserLinkedElsewhere(user_id) from error
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def move_link(
        self, *, debtor_id: int, from_user_id: int, to_user_id: int | None, now: datetime
    ) -> bool:
        """Move the debtor's link from one user to another (or to nobody) if it is still
        ``from_user_id``'s; True if it was done. Raises ``UserLinkedElsewhere`` like
        ``link_user``."""
        try:
            result = await self.session.execute(
                update(Debtor)
                .where(Debtor.id == debtor_id, Debtor.user_id == from_user_id)
                .values(user_id=to_user_id, linked_at=now if to_user_id is not None else None)
            )
        except IntegrityError as error:
            raise UserLinkedElsewhere(to_user_id) from error
        return result.rowcount == 1  # type: ignore[attr-defined]
