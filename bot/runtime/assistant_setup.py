"""Builds the assistant from settings: its configuration, tools and the per-turn tool
environment (the user from the update, the operator's limits from settings)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from bot.deps import default_policy
from bot.handlers.negotiate import rules_from
from bot.settings import Settings
from db.unit_of_work import UnitOfWork
from services.assistant import (
    Assistant,
    AssistantConfig,
    Spending,
    SpendLimits,
    Toolbox,
    ToolEnv,
    TurnRequest,
    default_tools,
    subject_key,
)
from services.documents import DocumentIndex
from services.shared import Clock


def build_assistant(
    settings: Settings,
    clock: Clock,
    unit_of_work: Callable[[], UnitOfWork],
    documents: Callable[[], DocumentIndex],
) -> Assistant:
    """`documents` gives the document index current at the start of each turn."""
    policy = default_policy(settings)
    rules = rules_from(settings)
    handover_repeat = timedelta(hours=settings.handover_repeat_hours)

    def tool_env(uow: UnitOfWork, request: TurnRequest) -> ToolEnv:
        return ToolEnv(
            uow=uow,
            user_id=request.user_id,
            chat_id=request.chat_id,
            language=request.language,
            timezone=request.timezone,
            now=clock(),
            default_policy=policy,
            rules=rules,
            services={"documents": documents()},
            handover_repeat=handover_repeat,
        )

    return Assistant(
        config=AssistantConfig(
            model=settings.openai_model,
            operator=settings.operator_name,
            threads=settings.assistant_threads,
            context_tokens=settings.assistant_context_tokens,
            max_tool_calls=settings.assistant_max_tool_calls,
            timeout_seconds=settings.assistant_timeout_seconds,
            max_output_tokens=settings.assistant_max_output_tokens,
        ),
        toolbox=Toolbox(default_tools()),
        unit_of_work=unit_of_work,
        clock=clock,
        tool_env=tool_env,
        spending=Spending(spend_limits(settings), unit_of_work, clock),
    )


def spend_limits(settings: Settings) -> SpendLimits:
    """The budgets and the turn rate (ASSISTANT_*), on the operator's day."""
    secret = settings.secret_key.get_secret_value() if settings.secret_key else None
    return SpendLimits(
        person_daily_tokens=settings.assistant_daily_tokens,
        operator_daily_tokens=settings.assistant_operator_daily_tokens,
        turns_per_hour=settings.assistant_turns_per_hour,
        timezone=settings.default_timezone,
        subject_key=subject_key(secret),
    )
