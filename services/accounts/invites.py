"""Invites: a one-time deep link that lets a debtor link their Telegram account.

The operator creates an invite for the debtor of a debt (``finbot invite REF``); the
token goes into ``https://t.me/<bot>?start=<token>``. Only the SHA-256 hex digest of
the token is stored (``invites.token``), so whoever reads the database cannot use a
link; the token itself is shown once, to the operator.

Redeeming links the debtor to the user, marks the invite used and audits
``debtor.linked``. Redeeming an invite again by the user who used it changes nothing
and answers as before (``newly_linked=False``), so a second tap on the link is
harmless. A user is linked to at most one debtor (``debtors.user_id`` is unique): a
user already linked to another debtor is refused (``user_already_linked``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.models import Invite
from db.repositories.debtors import UserLinkedElsewhere
from db.unit_of_work import UnitOfWork
from services.shared import audit
from services.shared.errors import DomainError

TOKEN_BYTES = 24
"""Random bytes per token: 32 URL-safe characters (Telegram allows up to 64)."""
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
"""What Telegram accepts as a ``/start`` parameter, and so what a token may look like."""


class DebtReferenceUnknown(DomainError):
    code = "debt_reference_unknown"


class InviteUnknown(DomainError):
    code = "invite_unknown"


class InviteExpired(DomainError):
    code = "invite_expired"


class InviteUsed(DomainError):
    code = "invite_used"


class DebtorAlreadyLinked(DomainError):
    code = "debtor_already_linked"


class UserAlreadyLinked(DomainError):
    code = "user_already_linked"


@dataclass(frozen=True, kw_only=True)
class InvitePreview:
    """Who the invite is for, to show before the user accepts it."""

    debtor_id: int
    full_name: str
    open_debts: int
    creditors: tuple[str, ...]
    """Distinct creditors of the open debts, in the order the debts were imported."""
    expires_at: datetime


@dataclass(frozen=True, kw_only=True)
class RedeemResult:
    debtor_id: int
    debt_count: int
    """Open (or in-plan) debts of the debtor."""
    newly_linked: bool
    """False when this user had already been linked (the invite was used before)."""


def token_hash(token: str) -> str:
    """What ``invites.token`` stores: the token's SHA-256 digest in hex (64 characters)."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def deep_link(*, bot_username: str, token: str) -> str:
    return f"https://t.me/{bot_username.lstrip('@')}?start={token}"


async def create_invite(uow: UnitOfWork, *, reference: str, now: datetime, ttl: timedelta) -> str:
    """A new single-use token for the debtor of the debt ``reference``, valid for ``ttl``.

    Earlier invites stay valid until they expire. Raises ``DebtReferenceUnknown``.
    """
    debt = await uow.debts.by_reference(reference)
    if debt is None or debt.debtor_id is None:
        raise DebtReferenceUnknown(reference=reference)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invite = await uow.invites.add(
        token_hash=token_hash(token), debtor_id=debt.debtor_id, expires_at=now + ttl, now=now
    )
    audit.record(
        uow,
        actor=audit.OPERATOR,
        action="invite.created",
        entity_type="invite",
        entity_id=invite.id,
        now=now,
        details={"debtor_id": debt.debtor_id, "expires_at": invite.expires_at.isoformat()},
    )
    return token


async def preview_invite(
    uow: UnitOfWork, *, token: str, now: datetime, user_id: int | None = None
) -> InvitePreview:
    """Who ``token`` would link. Raises ``InviteUnknown``, ``InviteUsed`` (unless
    ``user_id`` is the user who used it) or ``InviteExpired``."""
    invite = await _usable_invite(uow, token=token, now=now, user_id=user_id)
    debtor = await uow.debtors.get(invite.debtor_id)
    if debtor is None:
        raise InviteUnknown()
    debts = await uow.debts.outstanding_for_debtor(debtor.id)
    return InvitePreview(
        debtor_id=debtor.id,
        full_name=debtor.full_name,
        open_debts=len(debts),
        creditors=tuple(dict.fromkeys(debt.creditor for debt in debts)),
        expires_at=invite.expires_at,
    )


async def redeem_invite(
    uow: UnitOfWork, *, token: str, user_id: int, now: datetime
) -> RedeemResult:
    """Link the invite's debtor to ``user_id`` (our user id); the caller commits.

    Raises ``InviteUnknown``, ``InviteUsed``, ``InviteExpired``,
    ``DebtorAlreadyLinked`` (to another user) or ``UserAlreadyLinked`` (to another
    debtor). Nothing is written when it raises.
    """
    invite = await _usable_invite(uow, token=token, now=now, user_id=user_id)
    debtor = await uow.debtors.get(invite.debtor_id)
    if debtor is None:
        raise InviteUnknown()
    if debtor.user_id is not None and debtor.user_id != user_id:
        raise DebtorAlreadyLinked()
    newly_linked = debtor.user_id is None
    if invite.used_at is not None:  # used by this very user
        if newly_linked:
            raise InviteUsed()  # and unlinked since: the invite is spent
    elif newly_linked and await uow.debtors.linked_to(user_id) is not None:
        raise UserAlreadyLinked()
    else:
        await _use(uow, invite=invite, user_id=user_id, link=newly_linked, now=now)
    count = await uow.debts.count_outstanding_for_debtor(debtor.id)
    return RedeemResult(debtor_id=debtor.id, debt_count=count, newly_linked=newly_linked)


async def _usable_invite(
    uow: UnitOfWork, *, token: str, now: datetime, user_id: int | None
) -> Invite:
    """The invite, if it can be used now, or was already used by ``user_id``."""
    if not TOKEN_PATTERN.fullmatch(token):
        raise InviteUnknown()
    invite = await uow.invites.by_token_hash(token_hash(token))
    if invite is None:
        raise InviteUnknown()
    if invite.used_at is not None:
        if user_id is not None and invite.used_by_user_id == user_id:
            return invite
        raise InviteUsed()
    if now >= invite.expires_at:
        raise InviteExpired(expired_at=invite.expires_at)
    return invite


async def _use(uow: UnitOfWork, *, invite: Invite, user_id: int, link: bool, now: datetime) -> None:
    """Mark the invite used and link its debtor, or neither (a concurrent redeem)."""
    try:
        async with uow.savepoint():
            if not await uow.invites.mark_used(invite_id=invite.id, user_id=user_id, now=now):
                raise InviteUsed()
            if link and not await uow.debtors.link_user(
                debtor_id=invite.debtor_id, user_id=user_id, now=now
            ):
                raise DebtorAlreadyLinked()
    except UserLinkedElsewhere:
        # debtors.user_id is unique: the user was linked elsewhere meanwhile.
        raise UserAlreadyLinked() from None
    if link:
        audit.record(
            uow,
            actor=audit.user_actor(user_id),
            action="debtor.linked",
            entity_type="debtor",
            entity_id=invite.debtor_id,
            now=now,
            details={"via": "invite", "invite_id": invite.id},
        )
