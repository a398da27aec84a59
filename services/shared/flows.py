"""Multi-step flows kept in the database, so the next message may reach any bot process
and a restart loses nothing the user typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from db.models import ChatFlow
from db.unit_of_work import UnitOfWork

# A flow left alone this long is forgotten: the next message is not read as its answer.
FLOW_TIMEOUT = timedelta(hours=24)


@dataclass(frozen=True)
class FlowState:
    flow: str
    step: str
    data: dict[str, Any] = field(default_factory=dict)


async def current_flow(uow: UnitOfWork, *, chat_id: int, now: datetime) -> FlowState | None:
    row = await uow.chat_flows.step_row(chat_id)
    if row is None or now - row.updated_at > FLOW_TIMEOUT:
        return None
    return FlowState(flow=row.flow, step=row.step, data=dict(row.data))


async def go_to_step(
    uow: UnitOfWork,
    *,
    chat_id: int,
    user_id: int | None,
    flow: str,
    step: str,
    data: dict[str, Any],
    now: datetime,
) -> FlowState:
    """Start a flow or move it to `step`, replacing whatever flow the chat was in.
    A step without `user_id` keeps the one the chat's flow already has."""
    row = await uow.chat_flows.for_chat(chat_id)
    if row is None:
        row = ChatFlow(chat_id=chat_id, created_at=now)
        uow.chat_flows.add(row)
    if user_id is not None:
        row.user_id = user_id
    row.flow = flow
    row.step = step
    row.data = dict(data)  # a new dict, so the JSON column is written
    row.updated_at = now
    return FlowState(flow=flow, step=step, data=dict(data))


async def finish_flow(uow: UnitOfWork, *, chat_id: int) -> None:
    await uow.chat_flows.delete_for_chat(chat_id)


async def purge_old_flows(uow: UnitOfWork, *, now: datetime, retention: timedelta) -> int:
    """Delete flow steps untouched for `retention` (they hold what people typed: names,
    emails, phones); returns how many went."""
    return await uow.chat_flows.delete_untouched_since(now - retention)
