"""Invites: a one-time deep link that lets a debtor link their Telegram account.

The operator creates an invite for the debtor of a debt (``finbot invite REF``); the
token goes into ``https://t.me/<bot>?start=<token>``. Only the SHA-256 hex digest of
the token is stored (``invites.token``), so whoever reads the database cannot use a
link; the token itself is shown once, to the operator. A debtor linked already gets no
new invite unless the operator moves them on purpose (``relink``: the debtor is unlinked
now, audited ``debtor.unlinked``).

A link can reach the wrong person, so opening one tells only who it is from (the
creditors); never the debtor's name or debts. For a debtor whose phone the operator has,
the link works only with that phone: the person shares their own contact and it must
match (``redeem_invite_by_phone``); a mismatch links nothing, is audited
(``invite.phone_mismatch``) and leaves the invite for the right person. For a debtor
without a phone the link is the only proof: the person confirms (``redeem_invite``).

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

from db.models import Debtor, Invite
from db.repositories.debtors import UserLinkedElsewhere
from db.unit_of_work import UnitOfWork
from services.accounts.linking import UserAlreadyLinked
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


class InviteNeedsPhone(DomainError):
    """The invite's debtor has a phone: only a matching shared contact redeems it."""

    code = "invite_needs_phone"


class InvitePhoneMismatch(DomainError):
    code = "invite_phone_mismatch"


@dataclass(frozen=True, kw_only=True)
class NewInvite:
    token: str
    debtor_has_phone: bool
    """False: whoever opens the link first and confirms is linked."""
    unlinked_user_id: int | None
    """The user the debtor was taken from (``relink``), if any."""


@dataclass(frozen=True, kw_only=True)
class InvitePreview:
    """What opening the invite may show: who it is from, never whom it is for."""

    invite_id: int
    creditors: tuple[str, ...]
    """Distinct creditors of the open debts, in the order the debts were imported."""
    needs_phone: bool
    """The person must share their own contact, and it must be the debtor's phone."""
    linked_debts: int | None
    """Open debts, only when the debtor is linked to this very user already."""
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


async def create_invite(
    uow: UnitOfWork, *, reference: str, now: datetime, ttl: timedelta, relink: bool = False
) -> NewInvite:
    """A new single-use token for the debtor of the debt ``reference``, valid for ``ttl``.

    Earlier invites stay valid until they expire. Raises ``DebtReferenceUnknown``, or
    ``DebtorAlreadyLinked`` (values: ``linked_at``) unless ``relink``, which unlinks the
    debtor first.
    """
    debt = await uow.debts.by_reference(reference)
    debtor = (
        None if debt is None or debt.debtor_id is None else await uow.debtors.get(debt.debtor_id)
    )
    if debtor is None:
        raise DebtReferenceUnknown(reference=reference)
    unlinked = debtor.user_id
    if unlinked is not None:
        if not relink:
            raise DebtorAlreadyLinked(linked_at=debtor.linked_at)
        await _unlink(uow, debtor=debtor, reference=reference, now=now)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    invite = await uow.invites.add(
        token_hash=token_hash(token), debtor_id=debtor.id, expires_at=now + ttl, now=now
    )
    audit.record(
        uow,
        actor=audit.OPERATOR,
        action="invite.created",
        entity_type="invite",
        entity_id=invite.id,
        now=now,
        details={"debtor_id": debtor.id, "expires_at": invite.expires_at.isoformat()},
    )
    return NewInvite(
        token=token, debtor_has_phone=debtor.phone is not None, unlinked_user_id=unlinked
    )


async def _unlink(uow: UnitOfWork, *, debtor: Debtor, reference: str, now: datetime) -> None:
    previous = debtor.user_id
    assert previous is not None
    await uow.debtors.move_link(
        debtor_id=debtor.id, from_user_id=previous, to_user_id=None, now=now
    )
    audit.record(
        uow,
        actor=audit.OPERATOR,
        action="debtor.unlinked",
        entity_type="debtor",
        entity_id=debtor.id,
        now=now,
        details={"reason": "relink", "previous_user_id": previous, "reference": reference},
    )


async def preview_invite(
    uow: UnitOfWork, *, token: str, now: datetime, user_id: int | None = None
) -> InvitePreview:
    """What opening ``token`` may show ``user_id``. Raises ``InviteUnknown``,
    ``InviteUsed`` (unless ``user_id`` is the user who used it), ``InviteExpired``,
    ``DebtorAlreadyLinked`` (to someone else) or ``UserAlreadyLinked`` (to another
    debtor): none of them says whom the invite is for."""
    invite = await _usable_invite(uow, await _by_token(uow, token), now=now, user_id=user_id)
    debtor = await _debtor_for(uow, invite, user_id=user_id)
    yours = user_id is not None and debtor.user_id == user_id
    if not yours and user_id is not None and await uow.debtors.linked_to(user_id) is not None:
        raise UserAlreadyLinked()
    debts = await uow.debts.outstanding_for_debtor(debtor.id)
    return InvitePreview(
        invite_id=invite.id,
        creditors=tuple(dict.fromkeys(debt.creditor for debt in debts)),
        needs_phone=debtor.phone is not None,
        linked_debts=len(debts) if yours else None,
        expires_at=invite.expires_at,
    )


async def redeem_invite(
    uow: UnitOfWork, *, token: str, user_id: int, now: datetime
) -> RedeemResult:
    """Link the invite's debtor, one without a phone, to ``user_id`` (our user id) on
    their confirmation; the caller commits.

    Raises ``InviteUnknown``, ``InviteUsed``, ``InviteExpired``, ``InviteNeedsPhone``
    (the debtor has a phone: see ``redeem_invite_by_phone``), ``DebtorAlreadyLinked``
    (to another user) or ``UserAlreadyLinked`` (to another debtor). Nothing is written
    when it raises.
    """
    invite = await _usable_invite(uow, await _by_token(uow, token), now=now, user_id=user_id)
    debtor = await _debtor_for(uow, invite, user_id=user_id)
    if debtor.user_id is None and debtor.phone is not None:
        raise InviteNeedsPhone()
    return await _redeem(uow, invite=invite, debtor=debtor, user_id=user_id, now=now)


async def redeem_invite_by_phone(
    uow: UnitOfWork, *, invite_id: int, user_id: int, phone: str, now: datetime
) -> RedeemResult:
    """Link the invite's debtor to ``user_id``, whose own verified ``phone`` (E.164) must
    be the debtor's; the phone is kept on the user as the proof of the link. The caller
    commits.

    Raises ``InvitePhoneMismatch`` after auditing the attempt (commit it: the invite is
    left unused), or what ``redeem_invite`` raises but ``InviteNeedsPhone``; nothing is
    written when it raises anything else.
    """
    invite = await _usable_invite(uow, await uow.invites.get(invite_id), now=now, user_id=user_id)
    debtor = await _debtor_for(uow, invite, user_id=user_id)
    if debtor.phone != phone:
        audit.record(
            uow,
            actor=audit.user_actor(user_id),
            action="invite.phone_mismatch",
            entity_type="invite",
            entity_id=invite.id,
            now=now,
        )
        raise InvitePhoneMismatch()
    return await _redeem(uow, invite=invite, debtor=debtor, user_id=user_id, now=now, phone=phone)


async def _redeem(
    uow: UnitOfWork,
    *,
    invite: Invite,
    debtor: Debtor,
    user_id: int,
    now: datetime,
    phone: str | None = None,
) -> RedeemResult:
    """Link the debtor to the user who proved it, or answer as before when it is theirs."""
    newly_linked = debtor.user_id is None
    if invite.used_at is not None:  # used by this very user
        if newly_linked:
            raise InviteUsed()  # and unlinked since: the invite is spent
    elif newly_linked and await uow.debtors.linked_to(user_id) is not None:
        raise UserAlreadyLinked()
    else:
        await _use(uow, invite=invite, user_id=user_id, link=newly_linked, now=now, phone=phone)
    count = await uow.debts.count_outstanding_for_debtor(debtor.id)
    return RedeemResult(debtor_id=debtor.id, debt_count=count, newly_linked=newly_linked)


async def _by_token(uow: UnitOfWork, token: str) -> Invite | None:
    if not TOKEN_PATTERN.fullmatch(token):
        return None
    return await uow.invites.by_token_hash(token_hash(token))


async def _usable_invite(
    uow: UnitOfWork, invite: Invite | None, *, now: datetime, user_id: int | None
) -> Invite:
    """The invite, if it can be used now, or was already used by ``user_id``."""
    if invite is None:
        raise InviteUnknown()
    if invite.used_at is not None:
        if user_id is not None and invite.used_by_user_id == user_id:
            return invite
        raise InviteUsed()
    if now >= invite.expires_at:
        raise InviteExpired(expired_at=invite.expires_at)
    return invite


async def _debtor_for(uow: UnitOfWork, invite: Invite, *, user_id: int | None) -> Debtor:
    """The invite's debtor, unless linked to someone other than ``user_id``."""
    debtor = await uow.debtors.get(invite.debtor_id)
    if debtor is None:
        raise InviteUnknown()
    if debtor.user_id is not None and debtor.user_id != user_id:
        raise DebtorAlreadyLinked()
    return debtor


async def _use(
    uow: UnitOfWork,
    *,
    invite: Invite,
    user_id: int,
    link: bool,
    now: datetime,
    phone: str | None = None,
) -> None:
    """Mark the invite used and link its debtor, or neither (a concurrent redeem). With
    the ``phone`` that proved it, the phone is kept on the user (verified)."""
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
    if not link:
        return
    details: dict[str, object] = {"via": "invite", "invite_id": invite.id}
    if phone is not None:
        details["phone_verified"] = True
        user = await uow.users.get(user_id)
        if user is not None:
            user.phone, user.phone_verified_at, user.updated_at = phone, now, now
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action="debtor.linked",
        entity_type="debtor",
        entity_id=invite.debtor_id,
        now=now,
        details=details,
    )
