"""Hand-over to a person: the chat is flagged for the operator and the request audited.

A person who asks again while their request is still open (within the repeat window)
makes no new request: the operator hears of it once, and the person is told it is
already with the team.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from db.unit_of_work import UnitOfWork
from services.shared import audit

SUMMARY_LIMIT = 1000


@dataclass(frozen=True)
class HandoverRecord:
    id: int
    summary: str
    repeated: bool = False
    """True when an open request made within the repeat window already stands: nothing new
    was recorded and the operator must not be notified again."""


async def request_handover(
    uow: UnitOfWork,
    *,
    user_id: int,
    chat_id: int,
    source: str,
    summary: str,
    now: datetime,
    repeat_window: timedelta,
) -> HandoverRecord:
    """Record that `user_id` wants a person; `source` is "command" or "assistant".

    Within `repeat_window` of an open request of theirs, the standing one is returned
    with `repeated=True` (audited, nothing else recorded)."""
    summary = " ".join(summary.split())[:SUMMARY_LIMIT]
    standing = await uow.handovers.latest_open_since(user_id=user_id, since=now - repeat_window)
    if standing is not None:
        record = HandoverRecord(id=standing.id, summary=standing.summary, repeated=True)
    else:
        handover = await uow.handovers.add(
            user_id=user_id, chat_id=chat_id, source=source, summary=summary, now=now
        )
        record = HandoverRecord(id=handover.id, summary=summary)
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action="handover.repeated" if record.repeated else "handover.requested",
        entity_type="handover",
        entity_id=record.id,
        now=now,
        details={"source": source},
    )
    return record


async def mark_handover_notified(uow: UnitOfWork, *, handover_id: int, now: datetime) -> None:
    handover = await uow.handovers.get(handover_id)
    if handover is not None:
        handover.notified_at = now
