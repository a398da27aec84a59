"""One streamed call to the Responses API, reduced to what the tool loop needs.

Any failure of the model server (refusal, timeout, cut stream, malformed output) becomes
`AssistantUnavailable`; the SDK has already retried 429 and 5xx with backoff by then.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import openai

from services.assistant.usage import Usage
from services.errors import DomainError

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
        return await _stream(client, request, on_delta)
    except openai.APIStatusError as error:
        log.warning("model server answered %s", error.status_code)
        raise AssistantUnavailable(reason=f"status {error.status_code}") from error
    except openai.APITimeoutError as error:
        raise AssistantUnavailable(reason="timeout") from error
    except openai.APIError as error:
        log.warning("model server failed: %s", type(error).__name__)
        raise AssistantUnavailable(reason=type(error).__name__) from error
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        # A cut stream or malformed output surfaces from the transport or the parser.
        log.warning("model stream broke: %s", type(error).__name__)
        raise AssistantUnavailable(reason=type(error).__name__) from error


async def _stream(
    client: openai.AsyncOpenAI, request: dict[str, Any], on_delta: TextListener
) -> ModelResponse:
    text = ""
    completed = None
    # The body goes as `extra_body`: it is plain JSON already, and the SDK's recursive
    # transform of typed parameters costs about 6 ms a call for ten tool schemas.
    stream = await client.responses.create(
        model=request["model"], stream=True, extra_body=_without(request, "model")
    )
    async with stream:
        async for event in stream:
            kind = event.type
            if kind == "response.output_text.delta":
                text += event.delta
                await on_delta(text)
            elif kind in ("response.completed", "response.incomplete"):
                completed = event.response
            elif kind in ("response.failed", "error"):
                raise AssistantUnavailable(reason=kind)
    if completed is None:
        raise AssistantUnavailable(reason="stream ended before the response was complete")
    return _reduce(completed)


def _without(request: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in request.items() if name != key}


def _reduce(response: Any) -> ModelResponse:
    texts: list[str] = []
    calls: list[FunctionCall] = []
    for item in response.output or []:
        if item.type == "message":
            texts.extend(part.text for part in item.content if part.type == "output_text")
        elif item.type == "function_call":
            calls.append(FunctionCall(item.call_id, item.name, item.arguments or ""))
    usage = response.usage
    cached = 0
    if usage is not None and usage.input_tokens_details is not None:
        cached = usage.input_tokens_details.cached_tokens or 0
    return ModelResponse(
        text="".join(texts).strip(),
        calls=calls,
        usage=Usage(
            input_tokens=usage.input_tokens if usage else 0,
            cached_tokens=cached,
            output_tokens=usage.output_tokens if usage else 0,
        ),
    )
