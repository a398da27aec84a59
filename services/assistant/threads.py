"""A chat's assistant thread: which one is current, and (local threads) its items.

Local threads keep every item (messages, function calls and their outputs) in our
database and send them as input with `store=false`, trimmed to a token budget by
dropping whole oldest turns, so a function call never loses its output. OpenAI threads
keep only the Conversation's id here.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.models import AssistantThread, ThreadStatus
from db.repositories.assistant_threads import ItemRow
from db.unit_of_work import UnitOfWork
from services.shared import audit
from services.shared.errors import DomainError


class ThreadGone(DomainError):
    """The thread disappeared mid-turn (the user erased their data)."""

    code = "assistant_thread_gone"


ITEMS_LOOKED_AT = 500
"""Newest items considered when building the context; older ones are beyond any budget."""


@dataclass(frozen=True)
class ThreadContext:
    thread_id: int
    openai_conversation_id: str | None
    items: list[dict[str, Any]]  # oldest first, within the budget
    turn: int  # the turn now being answered
    next_position: int


def estimate_tokens(payload: dict[str, Any]) -> int:
    """About four characters per token, which is close enough to budget a context."""
    return math.ceil(len(json.dumps(payload, ensure_ascii=False)) / 4)


async def current_thread(
    uow: UnitOfWork, *, user_id: int, chat_id: int, now: datetime
) -> AssistantThread:
    """The chat's active thread, started on first use."""
    thread = await uow.assistant_threads.active_for_chat(chat_id, user_id)
    if thread is None:
        thread = AssistantThread(user_id=user_id, chat_id=chat_id, created_at=now)
        uow.assistant_threads.add(thread)
        await uow.flush()
    return thread


async def start_new_thread(uow: UnitOfWork, *, user_id: int, chat_id: int, now: datetime) -> int:
    """Close the active thread (kept until the user erases their data) and open a new one."""
    threads = uow.assistant_threads
    old = await threads.active_for_chat(chat_id, user_id)
    if old is not None:
        old.status = ThreadStatus.CLOSED
        old.closed_at = now
    thread = AssistantThread(user_id=user_id, chat_id=chat_id, created_at=now)
    threads.add(thread)
    await uow.flush()
    audit.record(
        uow,
        actor=audit.user_actor(user_id),
        action="thread.started",
        entity_type="assistant_thread",
        entity_id=thread.id,
        now=now,
        details={"closed": old.id if old else None},
    )
    return thread.id


async def thread_by_id(uow: UnitOfWork, thread_id: int) -> AssistantThread:
    thread = await uow.assistant_threads.get(thread_id)
    if thread is None:  # erased while the turn ran
        raise ThreadGone()
    return thread


async def open_turn(uow: UnitOfWork, *, thread: AssistantThread, budget: int) -> ThreadContext:
    """The items to send (whole turns, newest first until `budget` tokens) and the next turn."""
    looked_at: list[ItemRow] = []
    if thread.openai_conversation_id is None:
        looked_at = await uow.assistant_threads.latest_items(thread.id, ITEMS_LOOKED_AT)
    last = looked_at[-1] if looked_at else None
    return ThreadContext(
        thread_id=thread.id,
        openai_conversation_id=thread.openai_conversation_id,
        items=[item.payload for item in _whole_turns_within(looked_at, budget)],
        turn=last.turn + 1 if last else 1,
        next_position=last.position + 1 if last else 1,
    )


def _whole_turns_within(items: list[ItemRow], budget: int) -> list[ItemRow]:
    turns: dict[int, list[ItemRow]] = {}
    for item in items:
        turns.setdefault(item.turn, []).append(item)
    numbers = sorted(turns)
    if numbers and _starts_mid_turn(turns[numbers[0]]):
        numbers.pop(0)
    kept: list[int] = []
    spent = 0
    for turn in reversed(numbers):
        cost = sum(item.token_estimate for item in turns[turn])
        if spent + cost > budget:
            break
        kept.append(turn)
        spent += cost
    return [item for turn in reversed(kept) for item in turns[turn]]


def _starts_mid_turn(items: list[ItemRow]) -> bool:
    """The oldest turn looked at may be cut by ITEMS_LOOKED_AT: drop it unless it starts
    with the user's message."""
    first = items[0].payload
    return not (first.get("type") == "message" and first.get("role") == "user")


async def add_items(
    uow: UnitOfWork,
    *,
    thread_id: int,
    turn: int,
    position: int,
    payloads: list[dict[str, Any]],
    now: datetime,
) -> int:
    """Append `payloads` from `position`; returns the next free position."""
    rows = [
        {
            "thread_id": thread_id,
            "position": position + offset,
            "turn": turn,
            "item_type": payload["type"],
            "role": payload.get("role"),
            "payload": payload,
            "token_estimate": estimate_tokens(payload),
            "created_at": now,
        }
        for offset, payload in enumerate(payloads)
    ]
    await uow.assistant_threads.add_items(rows)
    return position + len(rows)
