"""Privacy rights: a copy of everything stored about a person, and its erasure.

Erasure removes the person's contact details, conversations and own debts. What the
operator must keep (agreements, payments, offers, the audit log) stays, attached to an
anonymous tombstone of the user instead of to the person; the operator's own debtor
record is unlinked from the Telegram account. Hand-over requests (their summaries are the
person's words) and the user's own API key go; the assistant's token counts stay with the
tombstone, as they hold nothing personal. The erasure itself is audited.

Flow steps (what a person typed into /register, /adddebt...) are the person's whether or not
they carry a user: a step before registration is only known by its chat, and a private
chat's id is the person's Telegram id. Threads kept at OpenAI (`ASSISTANT_THREADS=openai`)
are deleted there after the erasure is committed, never from inside its transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from db.models import User
from db.repositories.personal_data import column_values
from db.unit_of_work import UnitOfWork
from services.accounts.api_keys import decrypt_api_key
from services.shared import audit

log = logging.getLogger(__name__)

SECRET_COLUMNS = {"openai_api_key_encrypted"}

ConversationDeleter = Callable[[str, str | None], Awaitable[None]]
"""Deletes one OpenAI Conversation: its id, and the person's own key if they had one."""


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed, and the OpenAI Conversations left to delete once committed."""

    erased: bool
    conversation_ids: tuple[str, ...] = ()
    own_api_key: str | None = field(default=None, repr=False)  # may have made some of them


async def export_user_data(uow: UnitOfWork, *, telegram_id: int, now: datetime) -> dict[str, Any]:
    """Everything about this Telegram user, as JSON-ready values."""
    user = await uow.users.by_telegram_id(telegram_id)
    data = uow.personal_data
    flows = await data.flows_of(user.id if user else None, telegram_id)
    export: dict[str, Any] = {"exported_at": now.isoformat(), "telegram_id": telegram_id}
    export["chat_flows"] = [_row(flow) for flow in flows]
    if user is None:
        export["user"] = None
        return export
    debtor = await data.debtor_of(user.id)
    debts = await data.debts_of(user.id, debtor.id if debtor else None)
    export["user"] = _row(user)
    export["operator_record"] = _row(debtor) if debtor else None
    export["debts"] = [_row(debt) for debt in debts]
    rows = await data.rows_about(user.id, [debt.id for debt in debts])
    export.update({name: [_row(row) for row in found] for name, found in rows.items()})
    return export


async def erase_user_data(
    uow: UnitOfWork, *, telegram_id: int, now: datetime, secret_key: str | None = None
) -> Erasure:
    """Erase this Telegram user's personal data (`erased` False when there was nothing).

    Commit, then pass the result to `delete_conversations`; `secret_key` opens the person's
    own API key, which may be the one their Conversations live under."""
    user = await uow.users.by_telegram_id(telegram_id)
    data = uow.personal_data
    flow_steps = await data.delete_flows(user.id if user else None, telegram_id)
    if user is None:
        return Erasure(erased=flow_steps > 0)
    conversations = tuple(await data.conversation_ids(user.id))
    own_key = None
    if conversations and secret_key and user.openai_api_key_encrypted:
        own_key = decrypt_api_key(user.openai_api_key_encrypted, secret_key=secret_key)
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
        details={
            "personal_debts_deleted": deleted_debts,
            "operator_record_unlinked": bool(debtor),
            "flow_steps_deleted": flow_steps,
            "openai_conversations": len(conversations),
        },
        now=now,
    )
    return Erasure(erased=True, conversation_ids=conversations, own_api_key=own_key)


async def delete_conversations(erasure: Erasure, delete: ConversationDeleter) -> int:
    """Delete a committed erasure's OpenAI Conversations; returns how many went. A failure
    is logged (its kind only: never an id, a key or a word of the person) and the others
    are still tried: the erasure in our database stands either way."""
    deleted = 0
    for conversation_id in erasure.conversation_ids:
        try:
            await delete(conversation_id, erasure.own_api_key)
        except Exception as error:  # the model server's failure must not undo an erasure
            log.warning("could not delete an erased user's OpenAI conversation: %s", _kind(error))
        else:
            deleted += 1
    return deleted


def _kind(error: Exception) -> str:
    status = getattr(error, "status_code", None)
    return f"{type(error).__name__} {status}" if status else type(error).__name__


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
