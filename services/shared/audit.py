"""Who did what to which record, written in the same unit of work as the change itself."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from db.unit_of_work import UnitOfWork

OPERATOR = "operator"
SYSTEM = "system"


def user_actor(user_id: int) -> str:
    """The audit actor for a user (our id, not the Telegram id)."""
    return f"user:{user_id}"


def record(
    uow: UnitOfWork,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: int | None,
    now: datetime,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one entry; it is committed (or rolled back) with the change it describes.

    `details` must be JSON-serialisable: money as strings ("1234.56"), never floats.
    """
    uow.audit.append(
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        details=details,
        occurred_at=now,
    )
