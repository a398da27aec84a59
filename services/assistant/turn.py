"""One assistant turn: the user's message in, a reply and the actions to show out.

The loop asks the model, runs the function calls it makes through the toolbox (at most
`max_tool_calls` per turn; then the model must answer in words), and repeats. Each round
is its own short unit of work: the model's output, the calls, their outputs, usage and
audit entries are committed together, so no transaction waits on the model and the
thread never holds a call without its output.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import openai

from db.unit_of_work import UnitOfWork
from services.assistant import threads
from services.assistant.actions import Action
from services.assistant.instructions import INSTRUCTIONS_VERSION, instructions
from services.assistant.model_stream import (
    AssistantUnavailable,
    FunctionCall,
    ModelResponse,
    TextListener,
    stream_response,
    user_message,
)
from services.assistant.spend import Reservation, Spending, SpendRefused
from services.assistant.tooling import Toolbox, ToolEnv, ToolOutcome, TurnAllowance, error_output
from services.assistant.usage import Usage, record_usage
from services.shared import audit
from services.shared.clock import Clock, local_today


@dataclass(frozen=True)
class AssistantConfig:
    model: str
    operator: str
    threads: Literal["local", "openai"] = "local"
    context_tokens: int = 12_000
    max_tool_calls: int = 8
    timeout_seconds: float = 60.0
    max_output_tokens: int = 4096


@dataclass(frozen=True)
class TurnRequest:
    user_id: int
    chat_id: int
    first_name: str
    text: str
    language: str
    timezone: str
    telegram_id: int  # the budget's and the turn rate's subject (keyed hash, spend.py)
    operator_key: bool = True  # False: the person's own key pays, no budget is spent


@dataclass
class TurnResult:
    text: str = ""
    actions: list[Action] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    tool_calls: int = 0
    model_calls: int = 0
    stopped: SpendRefused | None = None  # the budget ended the turn before its last call


EnvFactory = Callable[[UnitOfWork, TurnRequest], ToolEnv]
Listener = Callable[[], Awaitable[None]]


class Assistant:
    def __init__(
        self,
        *,
        config: AssistantConfig,
        toolbox: Toolbox,
        unit_of_work: Callable[[], UnitOfWork],
        clock: Clock,
        tool_env: EnvFactory,
        spending: Spending,
    ) -> None:
        self.config = config
        self.toolbox = toolbox
        self.spending = spending
        self._unit_of_work = unit_of_work
        self._clock = clock
        self._tool_env = tool_env

    async def answer(
        self,
        client: openai.AsyncOpenAI,
        request: TurnRequest,
        *,
        on_text: TextListener,
        on_tools: Listener,
    ) -> TurnResult:
        """Answer within the configured timeout, or raise AssistantUnavailable.

        An OpenAI Conversation left holding calls whose outputs never reached it cannot
        go on; after such a failure (or one that may have left the model's own call in
        it) the thread's next turn starts a fresh one."""
        result = TurnResult()
        opened: list[threads.ThreadContext] = []
        try:
            async with asyncio.timeout(self.config.timeout_seconds):
                await self._answer(client, request, on_text, on_tools, result, opened)
        except SpendRefused as refusal:
            if not result.model_calls:
                raise  # refused before any call: the turn leaves no trace
            if opened[0].openai_conversation_id is not None and result.tool_calls:
                await self._forget_conversation(opened[0].thread_id)  # its calls stay open
            result.stopped = refusal
            return result
        except (TimeoutError, AssistantUnavailable) as error:
            if (
                opened
                and opened[0].openai_conversation_id is not None
                and (result.tool_calls or _may_hold_a_call(error))
            ):
                await self._forget_conversation(opened[0].thread_id)
            if isinstance(error, TimeoutError):
                raise AssistantUnavailable(reason="turn timed out") from error
            raise
        return result

    async def _answer(
        self, client: openai.AsyncOpenAI, request: TurnRequest, on_text, on_tools,
        result: TurnResult, opened: list[threads.ThreadContext],
    ) -> TurnResult:  # fmt: skip
        context = await self._open_turn(client, request)
        opened.append(context)
        asked = user_message(request.text)
        pending: list[dict[str, Any]] = [*context.items, asked]
        unsaved = [asked]  # saved with the first answer: a failed turn leaves no trace
        position = context.next_position
        shown: list[str] = []
        allowance = TurnAllowance()  # one person's message: one concession, one hand-over
        while True:
            try:
                response = await self._ask(
                    client, request, context, pending, result, shown, on_text
                )
            except SpendRefused:
                result.text = "\n\n".join(shown)
                raise
            result.model_calls += 1
            if response.text:
                shown.append(response.text)
            outcomes = []
            if response.calls:
                await on_tools()
            async with self._unit_of_work() as uow:
                env = replace(self._tool_env(uow, request), turn=allowance)
                for call in response.calls:
                    outcomes.append(await self._run_call(env, context.thread_id, call, result))
                outputs = [
                    _output_item(call, outcome)
                    for call, outcome in zip(response.calls, outcomes, strict=True)
                ]
                if context.openai_conversation_id is None:
                    position = await threads.add_items(
                        uow,
                        thread_id=context.thread_id,
                        turn=context.turn,
                        position=position,
                        payloads=[*unsaved, *response.items(), *outputs],
                        now=env.now,
                    )
                    unsaved = []
                await record_usage(
                    uow, user_id=request.user_id, model=self.config.model,
                    usage=response.usage, now=self._clock(),
                )  # fmt: skip
                await uow.commit()
            result.usage += response.usage
            result.actions.extend(o.action for o in outcomes if o.action is not None)
            if not response.calls:
                break
            pending = (
                [*pending, *response.items(), *outputs]
                if context.openai_conversation_id is None
                else outputs
            )
        result.text = "\n\n".join(shown)
        return result

    async def _open_turn(
        self, client: openai.AsyncOpenAI, request: TurnRequest
    ) -> threads.ThreadContext:
        """Find the thread and the context to send. The user's
        message is saved with the first answer. A new OpenAI Conversation is created
        between two units of work, never inside one."""
        now = self._clock()
        message = user_message(request.text)
        async with self._unit_of_work() as uow:
            await self.spending.count_turn(uow, request.telegram_id)
            thread = await threads.current_thread(
                uow, user_id=request.user_id, chat_id=request.chat_id, now=now
            )
            if self.config.threads == "openai" and thread.openai_conversation_id is None:
                await uow.commit()
                return await self._open_conversation(client, request, thread.id)
            context = await self._context_for(uow, thread, message)
            await uow.commit()
        return context

    async def _open_conversation(
        self, client: openai.AsyncOpenAI, request: TurnRequest, thread_id: int
    ) -> threads.ThreadContext:
        """A thread's first OpenAI Conversation, created between units of work."""
        conversation = await _create_conversation(client, request)
        async with self._unit_of_work() as uow:
            thread = await threads.thread_by_id(uow, thread_id)
            thread.openai_conversation_id = conversation
            context = await self._context_for(uow, thread, user_message(request.text))
            await uow.commit()
        return context

    async def _context_for(
        self, uow: UnitOfWork, thread, message: dict[str, Any]
    ) -> threads.ThreadContext:
        budget = self.config.context_tokens - threads.estimate_tokens(message)
        return await threads.open_turn(uow, thread=thread, budget=budget)

    async def _ask(
        self, client, request, context, pending, result, shown, on_text
    ) -> ModelResponse:
        body: dict[str, Any] = {
            "model": self.config.model,
            "instructions": instructions(
                language=request.language,
                operator=self.config.operator,
                today=local_today(self._clock(), request.timezone),
                first_name=request.first_name,
            ),
            "input": pending,
            "tools": self.toolbox.params(),
            "metadata": {"instructions_version": INSTRUCTIONS_VERSION},
            "max_output_tokens": self.config.max_output_tokens,
        }
        if result.tool_calls >= self.config.max_tool_calls:
            body["tool_choice"] = "none"
        if context.openai_conversation_id is None:
            body["store"] = False
        else:
            body["conversation"] = context.openai_conversation_id
        earlier = "\n\n".join(shown)

        async def on_delta(text: str) -> None:
            await on_text(f"{earlier}\n\n{text}" if earlier else text)

        reservation = await self.spending.reserve(
            request.telegram_id, self._worst_case(body), operator_key=request.operator_key
        )
        return await self._settled(reservation, stream_response(client, body, on_delta))

    def _worst_case(self, body: dict[str, Any]) -> int:
        """What a call may cost at most: its input (estimated from the request, plus the
        context an OpenAI Conversation adds) and `max_output_tokens`."""
        sent = {key: body[key] for key in ("instructions", "input", "tools")}
        stored = self.config.context_tokens if "conversation" in body else 0
        return threads.estimate_tokens(sent) + stored + self.config.max_output_tokens

    async def _settled(
        self, reservation: Reservation, call: Awaitable[ModelResponse]
    ) -> ModelResponse:
        """Make the call, then charge what it used: nothing when the server refused it,
        the whole reservation when the outcome is unknown (a cut stream, a timeout)."""
        try:
            response = await call
        except AssistantUnavailable as error:
            refused = isinstance(error.__cause__, openai.APIStatusError)
            await self.spending.settle(reservation, Usage() if refused else None)
            raise
        except BaseException:
            await self.spending.settle(reservation, None)
            raise
        await self.spending.settle(reservation, response.usage)
        return response

    async def _run_call(
        self, env: ToolEnv, thread_id: int, call: FunctionCall, result: TurnResult
    ) -> ToolOutcome:
        if result.tool_calls >= self.config.max_tool_calls:
            outcome = ToolOutcome(error_output("tool_call_limit", limit=self.config.max_tool_calls))
        else:
            result.tool_calls += 1
            outcome = await self.toolbox.call(env, call.name, call.arguments)
        audit.record(
            env.uow,
            actor=audit.user_actor(env.user_id),
            action="assistant.tool_call",
            entity_type="assistant_thread",
            entity_id=thread_id,
            now=env.now,
            details={
                "tool": call.name,
                "call_id": call.call_id,
                "outcome": outcome.output["error"]["code"] if outcome.failed else "ok",
            },
        )
        return outcome

    async def _forget_conversation(self, thread_id: int) -> None:
        async with self._unit_of_work() as uow:
            thread = await threads.thread_by_id(uow, thread_id)
            thread.openai_conversation_id = None
            await uow.commit()


def _may_hold_a_call(error: BaseException) -> bool:
    """Whether the failed request may have left the Conversation holding a function call
    without its output: a response cut off or given up on may have been stored whole,
    and a 400 may be about such a call. A rate limit or a server error refused it."""
    refusal = error.__cause__
    return not (
        isinstance(refusal, openai.APIStatusError)
        and (refusal.status_code == 429 or refusal.status_code >= 500)
    )


async def _create_conversation(client: openai.AsyncOpenAI, request: TurnRequest) -> str:
    try:
        conversation = await client.conversations.create(metadata={"chat": str(request.chat_id)})
    except openai.APIError as error:
        raise AssistantUnavailable(reason="conversation not created") from error
    return conversation.id


def _output_item(call: FunctionCall, outcome: ToolOutcome) -> dict[str, Any]:
    return {
        "type": "function_call_output",
        "call_id": call.call_id,
        "output": json.dumps(outcome.output, ensure_ascii=False),
    }
