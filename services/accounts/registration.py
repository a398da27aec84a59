"""/register: who the person is, proved where it matters.

The phone number is the only thing that links someone to an operator's debts, and it
counts only when Telegram vouches for it (a contact shared by its own owner). An email is
recorded, never trusted: anyone can type anyone's address. The verified phone also takes
the operator's records back from an account an invite linked without that phone
(``services.accounts.linking``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from db.unit_of_work import UnitOfWork
from services.accounts.linking import Claim, claim_with_phone
from services.accounts.users import ensure_user
from services.shared import audit
from services.shared.errors import DomainError
from services.shared.phones import normalise_phone

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^[^@\s]{{1,64}}@{_LABEL}(?:\.{_LABEL})+$")
_LETTER = re.compile(r"[^\W\d_]")


class InvalidName(DomainError):
    code = "invalid_name"


class InvalidEmail(DomainError):
    code = "invalid_email"


class ContactNotYours(DomainError):
    code = "contact_not_yours"


@dataclass(frozen=True)
class RegistrationResult:
    linked_debts: int
    phone_linked_elsewhere: bool


def clean_full_name(text: str) -> str:
    name = " ".join(text.split())
    if not 2 <= len(name) <= 120 or not _LETTER.search(name) or name.startswith("/"):
        raise InvalidName()
    return name


def clean_email(text: str) -> str:
    email = text.strip()
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidEmail()
    local, domain = email.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def verified_phone(*, contact_phone: str, contact_user_id: int | None, telegram_id: int) -> str:
    """The phone of a shared contact, only if it is the sender's own."""
    if contact_user_id != telegram_id:
        raise ContactNotYours()
    return normalise_phone(contact_phone)


async def complete_registration(
    uow: UnitOfWork,
    *,
    telegram_id: int,
    first_name: str,
    full_name: str,
    email: str,
    phone: str,
    reminders_consent: bool,
    now: datetime,
) -> RegistrationResult:
    """Save the profile and consents, and link the operator's records for that phone."""
    user = await ensure_user(uow, telegram_id=telegram_id, first_name=first_name, now=now)
    first_time = user.privacy_consent_at is None
    user.full_name = clean_full_name(full_name)
    user.email = clean_email(email)
    user.phone = phone
    user.phone_verified_at = now
    user.privacy_consent_at = user.privacy_consent_at or now
    user.reminders_consent_at = now if reminders_consent else None
    user.reminders_enabled = reminders_consent
    user.deleted_at = None
    user.updated_at = now
    audit.record(
        uow,
        actor=audit.user_actor(user.id),
        action="user.registered" if first_time else "user.updated",
        entity_type="user",
        entity_id=user.id,
        details={"reminders_consent": reminders_consent},
        now=now,
    )
    linked = await uow.debtors.linked_to(user.id)
    linked_id = linked.id if linked else None
    linked_elsewhere = False
    if linked_id is None:
        for contact in await uow.debtors.contacts_by_phone([phone]):
            claim = await claim_with_phone(
                uow, debtor_id=contact.id, user_id=user.id, via="verified_phone", now=now
            )
            if claim is Claim.HELD:
                linked_elsewhere = True
                continue
            linked_id = contact.id
            break
    linked_debts = await uow.debts.count_outstanding_for_debtor(linked_id) if linked_id else 0
    return RegistrationResult(linked_debts=linked_debts, phone_linked_elsewhere=linked_elsewhere)
