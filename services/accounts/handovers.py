"""Hand-over to a person: the chat is flagged for the operator and the request audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from db.unit_of_work import UnitOfWork
from services.shared import audit

SUMMARY_LIMIT = 1000


@dataclass(frozen=True)
class HandoverRecord:
    id: int
    summary: str


async def request_handover(
    uow: UnitOfWork, *, user_id: int, chat_id: int, source: str, summary: str, now: datetime
) -> HandoverRecord:
    """Record that `user_id` wants a person; `source` is "command" or "assistant"."""
    summary = " ".join(summary.split())[:SUMMARY_LIMIT]
    handover = await uow.handovers.add(
        user_id=user_id, chat_id=chat_id, source=source, summary=summary, now=now
    )
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action="handover.requested",
        entity_type="handover",
        entity_id=handover.id,
        now=now,
        details={"source": source},
    )
    return HandoverRecord(id=handover.id, summary=summary)


async def mark_handover_notified(uow: UnitOfWork, *, handover_id: int, now: datetime) -> None:
    handover = await uow.handovers.get(handover_id)
    if handover is not None:
        handover.notified_at = now
