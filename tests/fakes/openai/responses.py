"""`/v1/responses`: scripted replies, request checks, faults, streaming, stored responses."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .errors import REQUEST_INDEX, ApiError, not_found, read_json
from .faults import CUT_STREAM, Fault, abort_connection
from .shapes import (
    Item,
    estimate_input_tokens,
    estimate_tokens,
    item_text,
    new_id,
    normalize_input,
    now,
    output_text_part,
    response_object,
    usage,
)
from .streaming import encode, response_events
from .validation import check_body, check_call_pairing

if TYPE_CHECKING:
    from .server import FakeOpenAI


@dataclass
class StoredResponse:
    response: dict[str, Any]
    context: list[Item]  # everything the model saw, plus its output: what a follow-up continues


def _truncate(output: list[Item], max_tokens: int) -> list[Item]:
    """Cut message text so the output fits `max_output_tokens` (status becomes incomplete)."""
    budget = max_tokens * 4
    cut: list[Item] = []
    for item in output:
        if item["type"] == "message":
            text = "".join(p.get("text", "") for p in item["content"])[: max(budget, 0)]
            item = {**item, "status": "incomplete", "content": [output_text_part(text)]}
        budget -= len(item_text(item))
        cut.append(item)
    return cut


class ResponsesApi:
    def __init__(self, fake: FakeOpenAI) -> None:
        self.fake = fake
        self.stored: dict[str, StoredResponse] = {}

    def routes(self) -> list[web.RouteDef]:
        return [
            web.post("/v1/responses", self._create),
            web.get("/v1/responses/{response_id}", self._retrieve),
            web.delete("/v1/responses/{response_id}", self._delete),
        ]

    def _require(self, request: web.Request) -> StoredResponse:
        response_id = request.match_info["response_id"]
        if response_id not in self.stored:
            raise not_found("Response", response_id)
        return self.stored[response_id]

    async def _retrieve(self, request: web.Request) -> web.Response:
        return web.json_response(self._require(request).response)

    async def _delete(self, request: web.Request) -> web.Response:
        response_id = self._require(request).response["id"]
        del self.stored[response_id]
        return web.json_response({"id": response_id, "object": "response.deleted", "deleted": True})

    # --- create -------------------------------------------------------------------------------

    async def _create(self, request: web.Request) -> web.StreamResponse:
        fake, index = self.fake, request[REQUEST_INDEX]
        body = await read_json(request)
        cut = request.get(CUT_STREAM)
        if error := check_body(body):
            raise error
        context, conversation_id = self._context(body)
        input_items = normalize_input(body.get("input"))
        full = context + [fake.resolve_reference(item) for item in input_items]
        if error := check_call_pairing(full, len(context)):
            raise error
        reply = fake.script.peek() if cut else fake.script.pop()
        if reply is None and cut is None:
            raise ApiError(
                400,
                f"fake_openai: no scripted reply left for request #{index} (input ends with "
                f"{input_items[-1:]!r}). Script one with fake.script.reply_text(...) etc.",
                type="fake_openai_error",
                problem="script_exhausted",
            )
        output = reply.materialize(body) if reply else []
        if isinstance(output, ApiError):
            raise output
        self._check_calls(body, output)
        final = self._finish(body, full, output, reply.usage if reply else None, conversation_id)
        fake.answers.append(final)
        if cut is not None:
            return await self._stream(request, final, cut)
        self._commit(body, final, full + final["output"], input_items, conversation_id, index)
        if body.get("stream") is True:
            return await self._stream(request, final, None)
        return web.json_response(final)

    def _context(self, body: dict[str, Any]) -> tuple[list[Item], str | None]:
        ref = body.get("conversation")
        if ref:
            conversation_id = ref if isinstance(ref, str) else ref.get("id", "")
            conversation = self.fake.conversations.require(conversation_id, param="conversation")
            return list(conversation.items), conversation_id
        previous = body.get("previous_response_id")
        if previous:
            if previous not in self.stored:
                raise ApiError(
                    400,
                    f"Previous response with id '{previous}' not found.",
                    param="previous_response_id",
                    code="previous_response_not_found",
                    problem="previous_response_not_found",
                )
            return list(self.stored[previous].context), None
        return [], None

    def _check_calls(self, body: dict[str, Any], output: list[Item]) -> None:
        """The script must fit the request: offered tools, tool_choice, parallel_tool_calls."""
        calls = [item["name"] for item in output if item["type"] == "function_call"]
        tools = [tool for tool in body.get("tools") or [] if tool.get("type") == "function"]
        offered = sorted(tool.get("name", "") for tool in tools)
        choice = body.get("tool_choice", "auto")
        mismatch = next(
            (f"calls tool {n!r}, the request offered {offered}" for n in calls if n not in offered),
            None,
        )
        if calls and choice == "none":
            mismatch = "calls a tool but the request set tool_choice='none'"
        elif not calls and (choice == "required" or isinstance(choice, dict)):
            mismatch = f"calls no tool but the request set tool_choice={choice!r}"
        elif len(calls) > 1 and body.get("parallel_tool_calls") is False:
            mismatch = "calls several tools but the request set parallel_tool_calls=false"
        if mismatch:
            raise ApiError(
                400,
                f"fake_openai: the script {mismatch}.",
                type="fake_openai_error",
                problem="script_mismatch",
            )

    def _finish(
        self,
        body: dict[str, Any],
        context: list[Item],
        output: list[Item],
        usage_override: dict[str, int] | None,
        conversation_id: str | None,
    ) -> dict[str, Any]:
        out_tokens = sum(estimate_tokens(item_text(item)) for item in output)
        limit = body.get("max_output_tokens")
        incomplete = isinstance(limit, int) and out_tokens > limit
        if incomplete:
            output, out_tokens = _truncate(output, limit), limit
        in_tokens = estimate_input_tokens(context, body.get("instructions"), body.get("tools"))
        counts = {"input_tokens": in_tokens, "output_tokens": out_tokens, **(usage_override or {})}
        return response_object(
            body,
            response_id=new_id("resp"),
            created_at=now(),
            output=output,
            usage_block=usage(counts["input_tokens"], counts["output_tokens"]),
            status="incomplete" if incomplete else "completed",
            incomplete_reason="max_output_tokens" if incomplete else None,
            conversation_id=conversation_id,
        )

    def _commit(
        self,
        body: dict[str, Any],
        final: dict[str, Any],
        context: list[Item],
        input_items: list[Item],
        conversation_id: str | None,
        index: int,
    ) -> None:
        for item in final["output"]:
            if item["type"] == "function_call":
                self.fake.scripted_calls[item["call_id"]] = (item["name"], index)
        if conversation_id:
            self.fake.conversations.append(conversation_id, input_items + final["output"])
        if body.get("store", True) is not False:
            self.stored[final["id"]] = StoredResponse(final, context)

    async def _stream(
        self, request: web.Request, final: dict[str, Any], cut: Fault | None
    ) -> web.StreamResponse:
        events = response_events(final, chunk_chars=self.fake.stream_chunk_chars)
        response = web.StreamResponse(
            headers={
                "Content-Type": "text/event-stream; charset=utf-8",
                "Cache-Control": "no-cache",
            }
        )
        await response.prepare(request)
        for event in events[: cut.after_events] if cut else events:
            await response.write(encode(event))
            if self.fake.stream_event_delay:
                await self.fake.wait_or_close(self.fake.stream_event_delay)
        if cut is not None and cut.mode == "abort":
            await asyncio.sleep(0.01)  # let the written events reach the client first
            return abort_connection(request, response)
        await response.write_eof()
        return response
