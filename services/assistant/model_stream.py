"""One streamed call to the Responses API, reduced to what the tool loop needs.

Any failure of the model server (refusal, timeout, cut stream, malformed output) becomes
`AssistantUnavailable`; the SDK has already retried 429 and 5xx with backoff by then.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx2
import openai

from services.assistant.counters import MODEL_CALLS
from services.assistant.usage import Usage
from services.shared.errors import DomainError

log = logging.getLogger(__name__)

TextListener = Callable[[str], Awaitable[None]]


class AssistantUnavailable(DomainError):
    """The model server could not answer; `reason` is for logs, not for the user."""

    code = "assistant_unavailable"


@dataclass(frozen=True)
class FunctionCall:
    call_id: str
    name: str
    arguments: str

    def item(self) -> dict[str, Any]:
        return {
            "type": "function_call",
            "call_id": self.call_id,
            "name": self.name,
            "arguments": self.arguments,
        }


@dataclass(frozen=True)
class ModelResponse:
    text: str
    calls: list[FunctionCall]
    usage: Usage

    def items(self) -> list[dict[str, Any]]:
        """The output as input items for the next request (no server ids: store=false)."""
        items: list[dict[str, Any]] = []
        if self.text:
            items.append(assistant_message(self.text))
        items.extend(call.item() for call in self.calls)
        return items


def user_message(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}


def assistant_message(text: str) -> dict[str, Any]:
    return {
        "type": "message",
        "role": "assistant",
        "content": [{"type": "output_text", "text": text}],
    }


async def stream_response(
    client: openai.AsyncOpenAI, request: dict[str, Any], on_delta: TextListener
) -> ModelResponse:
    """Send `request` streamed; `on_delta(text so far)` follows the reply as it grows."""
    try:
        response = await _guarded_stream(client, request, on_delta)
    except AssistantUnavailable:
        MODEL_CALLS.labels("failed").inc()
        raise
    MODEL_CALLS.labels("ok").inc()
    return response


async def _guarded_stream(
    client: openai.AsyncOpenAI, request: dict[str, Any], on_delta: TextListener
) -> ModelResponse:
    try:
        return await _stream(client, request, on_delta)
    except openai.APIStatusError as error:
        log.warning("model server answered %s", error.status_code)
        raise AssistantUnavailable(reason=f"status {error.status_code}") from error
    except openai.APITimeoutError as error:
        raise AssistantUnavailable(reason="timeout") from error
    except openai.APIError as error:
        log.warning("model server failed: %s", type(error).__name__)
        raise AssistantUnavailable(reason=type(error).__name__) from error
    except (
        httpx2.HTTPError,  # the stream is read past the SDK (see `_stream`): a cut stream
        httpx2.StreamError,
        OSError,
        ValueError,  # malformed events or output
        KeyError,
        TypeError,
        AttributeError,
    ) as error:
        log.warning("model stream broke: %s", type(error).__name__)
        raise AssistantUnavailable(reason=type(error).__name__) from error


async def _stream(
    client: openai.AsyncOpenAI, request: dict[str, Any], on_delta: TextListener
) -> ModelResponse:
    """Read the server-sent events as plain JSON. Two SDK costs are avoided on purpose:
    the recursive transform of typed parameters (the body is plain JSON already: about
    6 ms a call for ten tool schemas) and a pydantic model per event (`response.created`
    and `response.in_progress` echo every tool schema back: about 4 ms a reply). The SDK
    still sends the request, authenticates, retries and raises for HTTP errors."""
    text = ""
    completed = None
    async with client.responses.with_streaming_response.create(
        model=request["model"], stream=True, extra_body=_without(request, "model")
    ) as response:
        async for event in _events(response.iter_lines()):
            kind = event.get("type")
            if kind == "response.output_text.delta":
                text += event["delta"]
                await on_delta(text)
            elif kind in ("response.completed", "response.incomplete"):
                completed = event["response"]
            elif kind in ("response.failed", "error"):
                raise AssistantUnavailable(reason=str(kind))
    if completed is None:
        raise AssistantUnavailable(reason="stream ended before the response was complete")
    return _reduce(completed)


async def _events(lines: AsyncIterator[str]) -> AsyncIterator[dict[str, Any]]:
    """Server-sent events: `data:` lines up to a blank line make one JSON event."""
    data: list[str] = []
    async for line in lines:
        if line.startswith("data:"):
            data.append(line[5:].lstrip())
        elif not line and data:
            payload = "\n".join(data)
            data = []
            if payload != "[DONE]":
                yield json.loads(payload)
    if data and data != ["[DONE]"]:
        yield json.loads("\n".join(data))


def _without(request: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in request.items() if name != key}


def _reduce(response: dict[str, Any]) -> ModelResponse:
    texts: list[str] = []
    calls: list[FunctionCall] = []
    for item in response.get("output") or []:
        if item["type"] == "message":
            texts.extend(part["text"] for part in item["content"] if part["type"] == "output_text")
        elif item["type"] == "function_call":
            calls.append(FunctionCall(item["call_id"], item["name"], item.get("arguments") or ""))
    usage = response.get("usage") or {}
    details = usage.get("input_tokens_details") or {}
    return ModelResponse(
        text="".join(texts).strip(),
        calls=calls,
        usage=Usage(
            input_tokens=int(usage.get("input_tokens") or 0),
            cached_tokens=int(details.get("cached_tokens") or 0),
            output_tokens=int(usage.get("output_tokens") or 0),
        ),
    )
