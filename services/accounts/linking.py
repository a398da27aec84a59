"""Whose records a debtor's are: the Telegram account that proved the debtor's phone.

A debtor is linked to at most one user (``debtors.user_id`` is unique). A phone Telegram
vouches for (a contact shared by its own owner) equal to the phone the operator has for
the debtor is the strongest proof finbot has. It links a debtor nobody holds, and it takes
the debtor from an account whose link that phone does not back: one an invite linked
without a phone (before invites checked it, or for a debtor imported without one). It
never takes a debtor from an account that verified that same phone. Every link and every
move is audited (``debtor.linked``, ``debtor.relinked``).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from db.models import User
from db.repositories.debtors import UserLinkedElsewhere
from db.unit_of_work import UnitOfWork
from services.shared import audit
from services.shared.errors import DomainError


class UserAlreadyLinked(DomainError):
    code = "user_already_linked"


class Claim(enum.Enum):
    LINKED = "linked"
    """Linked to the user now (taken from an account the phone did not back, if need be)."""
    ALREADY_YOURS = "already_yours"
    HELD = "held"
    """Linked to another account that verified the same phone: left alone."""


async def claim_with_phone(
    uow: UnitOfWork,
    *,
    debtor_id: int,
    user_id: int,
    via: str,
    now: datetime,
    details: dict[str, Any] | None = None,
) -> Claim:
    """Link the debtor to ``user_id``, whose verified phone the caller has checked equals
    the debtor's. Raises ``UserAlreadyLinked`` when the user holds another debtor."""
    debtor = await uow.debtors.get(debtor_id)
    if debtor is None or debtor.user_id == user_id:
        return Claim.HELD if debtor is None else Claim.ALREADY_YOURS
    previous = debtor.user_id
    if previous is not None and _proved(await uow.users.get(previous), debtor.phone):
        return Claim.HELD
    try:
        async with uow.savepoint():
            if previous is None:
                done = await uow.debtors.link_user(debtor_id=debtor_id, user_id=user_id, now=now)
            else:
                done = await uow.debtors.move_link(
                    debtor_id=debtor_id, from_user_id=previous, to_user_id=user_id, now=now
                )
    except UserLinkedElsewhere:
        raise UserAlreadyLinked() from None
    if not done:  # someone else was linked meanwhile
        return Claim.HELD
    moved = {} if previous is None else {"previous_user_id": previous}
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action="debtor.linked" if previous is None else "debtor.relinked",
        entity_type="debtor",
        entity_id=debtor_id,
        now=now,
        details={"via": via, **moved, **(details or {})},
    )
    return Claim.LINKED


def _proved(holder: User | None, phone: str | None) -> bool:
    """Whether ``holder`` verified ``phone`` themselves (a contact they shared)."""
    return (
        holder is not None
        and holder.deleted_at is None
        and phone is not None
        and holder.phone == phone
        and holder.phone_verified_at is not None
    )
