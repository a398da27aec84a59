"""Privacy rights: a copy of everything stored about a person, and its erasure.

Erasure removes the person's contact details, conversations and own debts. What the
operator must keep (agreements, payments, offers, the audit log) stays, attached to an
anonymous tombstone of the user instead of to the person; the operator's own debtor
record is unlinked from the Telegram account. Hand-over requests (their summaries are the
person's words) and the user's own API key go; the assistant's token counts stay with the
tombstone, as they hold nothing personal. The erasure itself is audited.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from db.models import User
from db.repositories.personal_data import column_values
from db.unit_of_work import UnitOfWork
from services.shared import audit

SECRET_COLUMNS = {"openai_api_key_encrypted"}


async def export_user_data(uow: UnitOfWork, *, telegram_id: int, now: datetime) -> dict[str, Any]:
    """Everything about this Telegram user, as JSON-ready values."""
    user = await uow.users.by_telegram_id(telegram_id)
    export: dict[str, Any] = {"exported_at": now.isoformat(), "telegram_id": telegram_id}
    if user is None:
        export["user"] = None
        return export
    data = uow.personal_data
    debtor = await data.debtor_of(user.id)
    debts = await data.debts_of(user.id, debtor.id if debtor else None)
    export["user"] = _row(user)
    export["operator_record"] = _row(debtor) if debtor else None
    export["debts"] = [_row(debt) for debt in debts]
    rows = await data.rows_about(user.id, [debt.id for debt in debts])
    export.update({name: [_row(row) for row in found] for name, found in rows.items()})
    return export


async def erase_user_data(uow: UnitOfWork, *, telegram_id: int, now: datetime) -> bool:
    """Erase this Telegram user's personal data. False when there was nothing to erase."""
    user = await uow.users.by_telegram_id(telegram_id)
    if user is None:
        return False
    data = uow.personal_data
    await data.delete_assistant_threads(user.id)
    await data.forget_hardship_notes(user.id)
    await data.delete_handovers(user.id)
    deleted_debts = await data.delete_personal_debts(user.id)
    debtor = await data.debtor_of(user.id)
    if debtor is not None:
        debtor.user_id = None
        debtor.linked_at = None
    _scrub(user, now)
    audit.record(
        uow,
        actor=audit.user_actor(user.id),
        action="user.erased",
        entity_type="user",
        entity_id=user.id,
        details={"personal_debts_deleted": deleted_debts, "operator_record_unlinked": bool(debtor)},
        now=now,
    )
    return True


def _scrub(user: User, now: datetime) -> None:
    user.telegram_id = -user.id  # a tombstone: no Telegram account is ever negative
    user.first_name = ""
    for column in (
        "full_name",
        "email",
        "phone",
        "phone_verified_at",
        "language",
        "timezone",
        "privacy_consent_at",
        "reminders_consent_at",
        "openai_api_key_encrypted",
    ):
        setattr(user, column, None)
    user.reminders_enabled = False
    user.deleted_at = now
    user.updated_at = now


def _row(row: Any) -> dict[str, Any]:
    values = {}
    for name, value in column_values(row).items():
        if name in SECRET_COLUMNS:
            values[name.removesuffix("_encrypted") + "_stored"] = value is not None
        else:
            values[name] = _json_value(value)
    return values


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return None
    return value
