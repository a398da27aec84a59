"""Typed tools: arguments are a pydantic model whose strict JSON schema is generated from
the type (never written twice), and a run function that calls one service.

The user always comes from `ToolEnv` (built from the Telegram update), never from the
model's arguments. A tool raises `DomainError` for anything the services refuse; the
toolbox turns that, malformed arguments and unknown tools into a structured error the
model can explain, and rolls back whatever the failed call had written.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

import openai
from pydantic import BaseModel, ConfigDict, ValidationError

from db.unit_of_work import UnitOfWork
from services.assistant.actions import Action
from services.assistant.counters import TOOL_ERRORS
from services.debts.policy import DebtPolicy
from services.negotiation.rules import NegotiationRules
from services.shared.errors import DomainError

log = logging.getLogger(__name__)

Arguments = TypeVar("Arguments", bound=BaseModel)


class ToolArguments(BaseModel):
    """Base of every tool's arguments: unknown keys are refused, as strict mode promises."""

    model_config = ConfigDict(extra="forbid")


class NoArguments(ToolArguments):
    pass


DEFAULT_HANDOVER_REPEAT = timedelta(hours=4)


@dataclass
class TurnAllowance:
    """What the model may still do in this turn (one turn = one person's message), so that
    a hostile or injected model cannot act many times on a single message: at most one
    concession (discount step) per debt and at most one hand-over. Lives only for the turn.
    """

    conceded_debt_ids: set[int] = field(default_factory=set)
    handover_requested: bool = False


@dataclass(frozen=True)
class ToolEnv:
    """Who is asking and with which limits; built by the bot from the update. `turn` is
    shared by every call of one turn (`Assistant` gives each turn a new one)."""

    uow: UnitOfWork
    user_id: int
    chat_id: int
    language: str
    timezone: str
    now: datetime
    default_policy: DebtPolicy
    rules: NegotiationRules
    services: dict[str, Any] = field(default_factory=dict)  # optional extras, e.g. "documents"
    handover_repeat: timedelta = DEFAULT_HANDOVER_REPEAT
    turn: TurnAllowance = field(default_factory=TurnAllowance)


@dataclass(frozen=True)
class ToolOutcome:
    """The JSON the model reads, and what the bot should show afterwards (if anything)."""

    output: dict[str, Any]
    action: Action | None = None

    @property
    def failed(self) -> bool:
        return "error" in self.output


@dataclass(frozen=True)
class Tool(Generic[Arguments]):
    name: str
    description: str
    arguments: type[Arguments]
    run: Callable[[ToolEnv, Arguments], Awaitable[ToolOutcome]]

    def param(self) -> dict[str, Any]:
        """The Responses API function tool, with `strict` schema from the arguments type."""
        chat_tool = openai.pydantic_function_tool(
            self.arguments, name=self.name, description=self.description
        )
        return {"type": "function", **chat_tool["function"]}


def error_output(code: str, **details: Any) -> dict[str, Any]:
    return {"error": {"code": code, **({"details": details} if details else {})}}


def not_this_turn(what: str) -> ToolOutcome:
    """The answer to a call the turn's allowance no longer permits: nothing was done."""
    return ToolOutcome(
        error_output(
            "not_allowed_this_turn",
            what=what,
            meaning=(
                "Not allowed again until the user writes another message; nothing was done. "
                "Tell the user what was already done in this reply."
            ),
        )
    )


class Toolbox:
    def __init__(self, tools: Sequence[Tool[Any]]) -> None:
        self._tools = {tool.name: tool for tool in tools}
        self._params = [tool.param() for tool in self._tools.values()]

    @property
    def names(self) -> list[str]:
        return list(self._tools)

    def params(self) -> list[dict[str, Any]]:
        """The tools as the Responses API takes them (built once: they never change)."""
        return self._params

    async def call(self, env: ToolEnv, name: str, raw_arguments: str) -> ToolOutcome:
        """Run one call. Never raises for the model's mistakes or the services' refusals."""
        outcome = await self._call(env, name, raw_arguments)
        error = outcome.output.get("error") if isinstance(outcome.output, dict) else None
        if isinstance(error, dict):
            known = name if name in self._tools else "unknown"
            TOOL_ERRORS.labels(known, str(error.get("code", "unknown"))).inc()
        return outcome

    async def _call(self, env: ToolEnv, name: str, raw_arguments: str) -> ToolOutcome:
        tool = self._tools.get(name)
        if tool is None:
            return ToolOutcome(error_output("unknown_tool", available=self.names))
        try:
            arguments = tool.arguments.model_validate_json(raw_arguments or "{}")
        except ValidationError as error:
            problems = [
                {"field": ".".join(str(part) for part in item["loc"]), "problem": item["msg"]}
                for item in error.errors(include_url=False, include_input=False)
            ]
            return ToolOutcome(error_output("invalid_arguments", problems=problems))
        savepoint = env.uow.savepoint()
        await savepoint.start()
        try:
            outcome = await tool.run(env, arguments)
        except DomainError as error:
            await savepoint.rollback()
            return ToolOutcome(error_output(error.code, **_plain(error.values)))
        except Exception:
            await savepoint.rollback()
            log.exception("tool %s failed", name)
            return ToolOutcome(error_output("tool_failed"))
        await savepoint.commit()
        return outcome


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(values, default=str))
