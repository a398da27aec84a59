"""The assistant's tools about the user's account: what is due next and their reminder
settings, and handing the chat over to a person at the operator (once per turn at most,
and not again while the person's request is open: the hand-over service decides)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from services.accounts.handovers import request_handover
from services.accounts.users import reminder_settings
from services.assistant.actions import NotifyHandover
from services.assistant.tooling import (
    NoArguments,
    Tool,
    ToolArguments,
    ToolEnv,
    ToolOutcome,
    not_this_turn,
)
from services.assistant.tools_debts import money
from services.plans.agreed import open_installments
from services.shared.clock import local_today

SHOWN = 12
"""Open installments listed at most; the output says how many more there are."""
SUMMARY_CHARACTERS = 500


async def _next_installments(env: ToolEnv, arguments: NoArguments) -> ToolOutcome:
    installments = await open_installments(
        env.uow, user_id=env.user_id, default_policy=env.default_policy
    )
    settings = await reminder_settings(env.uow, user_id=env.user_id)
    today = local_today(env.now, env.timezone)
    listed = [
        {
            "debt_id": item.debt_id,
            "creditor": item.creditor,
            "plan_kind": item.plan_kind,
            "number": item.number,
            "due_date": item.due_date.isoformat(),
            "amount": money(item.amount),
            "currency": item.currency,
            "overdue": item.due_date < today,
        }
        for item in installments[:SHOWN]
    ]
    output: dict[str, Any] = {
        "today": today.isoformat(),
        "installments": listed,
        "more_installments": max(0, len(installments) - SHOWN),
        "reminders": {
            "enabled": settings.enabled,
            "consent_given": settings.consent_given,
            "timezone": settings.timezone or env.timezone,
        },
    }
    return ToolOutcome(output)


class HandoverArguments(ToolArguments):
    summary: str = Field(
        description=(
            "For the person taking over, at most 500 characters: what the user needs and why, "
            "and the debt concerned if any. Never include card numbers or passwords."
        )
    )


async def _request_handover(env: ToolEnv, arguments: HandoverArguments) -> ToolOutcome:
    if env.turn.handover_requested:
        return not_this_turn("a hand-over")
    env.turn.handover_requested = True
    summary = " ".join(arguments.summary.split()) or "The user asked for a person."
    if len(summary) > SUMMARY_CHARACTERS:
        summary = summary[: SUMMARY_CHARACTERS - 1] + "…"
    record = await request_handover(
        env.uow,
        user_id=env.user_id,
        chat_id=env.chat_id,
        source="assistant",
        summary=summary,
        now=env.now,
        repeat_window=env.handover_repeat,
    )
    output = {
        "handed_over": True,
        "already_requested": record.repeated,
        "next_step": (
            "The user's earlier request is still with the operator's team; a person will "
            "contact them in this chat. Tell the user so, kindly; do not promise a time."
            if record.repeated
            else "A person from the operator's team will contact the user in this chat. Tell "
            "the user so, kindly; do not promise a time."
        ),
    }
    action = NotifyHandover(record.id, record.summary, repeated=record.repeated)
    return ToolOutcome(output, action=action)


NEXT_INSTALLMENTS = Tool(
    name="next_installments",
    description=(
        "The user's next open installments across their agreed plans (soonest first, overdue "
        "ones flagged), and their reminder settings. Use for 'what do I pay next / when?'."
    ),
    arguments=NoArguments,
    run=_next_installments,
)

REQUEST_HANDOVER = Tool(
    name="request_handover",
    description=(
        "Hand the chat over to a person at the operator: when the user asks for a person, is "
        "in hardship or distress, disputes a debt, or needs what the tools cannot do. A "
        "person will contact the user."
    ),
    arguments=HandoverArguments,
    run=_request_handover,
)
