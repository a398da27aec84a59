"""People who talk to finbot, known by their Telegram id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.models import User
from db.unit_of_work import UnitOfWork
from services.shared.errors import DomainError

LANGUAGES = ("es", "en")


class NotRegistered(DomainError):
    code = "not_registered"


@dataclass(frozen=True)
class Profile:
    """A user as the rest of the code sees them: plain values, no database row."""

    id: int
    first_name: str
    language: str | None
    registered: bool
    reminders_consent: bool
    timezone: str | None = None
    api_key_encrypted: bytes | None = None


def profile_of(user: User) -> Profile:
    return Profile(
        id=user.id,
        first_name=user.first_name,
        language=user.language,
        registered=user.privacy_consent_at is not None,
        reminders_consent=user.reminders_consent_at is not None,
        timezone=user.timezone,
        api_key_encrypted=user.openai_api_key_encrypted,
    )


async def record_visit(
    uow: UnitOfWork, *, telegram_id: int, first_name: str, now: datetime
) -> Profile:
    """The user behind this Telegram account, created on their first visit."""
    user = await ensure_user(uow, telegram_id=telegram_id, first_name=first_name, now=now)
    return profile_of(user)


async def ensure_user(uow: UnitOfWork, *, telegram_id: int, first_name: str, now: datetime) -> User:
    user = await uow.users.by_telegram_id(telegram_id)
    if user is None:
        return await uow.users.add(telegram_id=telegram_id, first_name=first_name, now=now)
    if user.first_name != first_name:
        user.first_name = first_name
        user.updated_at = now
    return user


async def find_profile(uow: UnitOfWork, *, telegram_id: int) -> Profile | None:
    row = await uow.users.profile_row(telegram_id)
    if row is None:
        return None
    return Profile(
        id=row.id,
        first_name=row.first_name,
        language=row.language,
        registered=row.privacy_consent_at is not None,
        reminders_consent=row.reminders_consent_at is not None,
        timezone=row.timezone,
        api_key_encrypted=row.openai_api_key_encrypted,
    )


async def may_use_operator_model(uow: UnitOfWork, *, profile: Profile, allowed: str) -> bool:
    """Whether this person may talk to the operator's model (ASSISTANT_FOR): "everyone";
    "registered", who registered or was linked by an invite; "linked", only who is linked
    to one of the operator's debtors."""
    if allowed == "everyone" or (allowed == "registered" and profile.registered):
        return True
    return await uow.debtors.linked_to(profile.id) is not None


async def registered_user(uow: UnitOfWork, *, telegram_id: int) -> Profile:
    """The registered user behind this Telegram account, or NotRegistered."""
    user = await uow.users.by_telegram_id(telegram_id)
    if user is None or user.privacy_consent_at is None:
        raise NotRegistered()
    return profile_of(user)


async def choose_language(
    uow: UnitOfWork, *, telegram_id: int, first_name: str, language: str, now: datetime
) -> None:
    if language not in LANGUAGES:
        raise DomainError(language=language)
    user = await ensure_user(uow, telegram_id=telegram_id, first_name=first_name, now=now)
    user.language = language
    user.updated_at = now


@dataclass(frozen=True, kw_only=True)
class ReminderSettings:
    enabled: bool
    consent_given: bool
    timezone: str | None
    """The user's IANA time zone, None when they never chose one."""


async def reminder_settings(uow: UnitOfWork, *, user_id: int) -> ReminderSettings:
    """Whether the user gets installment reminders, and in which time zone."""
    user = await uow.users.get(user_id)
    if user is None or user.deleted_at is not None:
        raise NotRegistered()
    return ReminderSettings(
        enabled=user.reminders_enabled,
        consent_given=user.reminders_consent_at is not None,
        timezone=user.timezone,
    )
