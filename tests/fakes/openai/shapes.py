"""JSON shapes of the OpenAI Responses / Conversations API, as the `openai` SDK types expect them.

Everything here is plain dicts so the server can serialise them directly.
"""

from __future__ import annotations

import json
import math
import secrets
import time
from typing import Any

Item = dict[str, Any]


def new_id(prefix: str) -> str:
    """An id in OpenAI's style: prefix + 48 hex characters (e.g. ``resp_…``, ``msg_…``)."""
    return f"{prefix}_{secrets.token_hex(24)}"


def new_call_id() -> str:
    return f"call_{secrets.token_urlsafe(18).replace('-', 'a').replace('_', 'b')}"


def now() -> int:
    return int(time.time())


def error_body(
    message: str,
    *,
    type: str = "invalid_request_error",
    param: str | None = None,
    code: str | None = None,
) -> dict[str, Any]:
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


# --- token estimate -------------------------------------------------------------------------


def estimate_tokens(text: str) -> int:
    """Deterministic token estimate used for `usage`: ceil(characters / 4)."""
    return math.ceil(len(text) / 4)


def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def item_text(item: Item) -> str:
    """The text of an input/output item that counts towards its token estimate."""
    kind = item.get("type", "message")
    if kind == "message":
        content = item.get("content")
        if isinstance(content, str):
            return content
        return "".join(
            part.get("text") or part.get("refusal") or ""
            for part in content or []
            if isinstance(part, dict)
        )
    if kind == "function_call":
        return f"{item.get('name', '')}{item.get('arguments', '')}"
    if kind == "function_call_output":
        output = item.get("output", "")
        return output if isinstance(output, str) else _compact(output)
    return _compact(item)


def estimate_input_tokens(
    items: list[Item], instructions: str | None, tools: list[Any] | None
) -> int:
    """Sum of per-item estimates over the whole context, plus instructions and the tools JSON."""
    total = sum(estimate_tokens(item_text(item)) for item in items)
    total += estimate_tokens(instructions or "")
    return total + (estimate_tokens(_compact(tools)) if tools else 0)


def usage(input_tokens: int, output_tokens: int) -> dict[str, Any]:
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": 0},
        "total_tokens": input_tokens + output_tokens,
    }


# --- output items --------------------------------------------------------------------------


def output_text_part(text: str) -> Item:
    return {"type": "output_text", "text": text, "annotations": [], "logprobs": []}


def message_item(text: str, *, id: str | None = None, status: str = "completed") -> Item:
    return {
        "id": id or new_id("msg"),
        "type": "message",
        "status": status,
        "role": "assistant",
        "content": [output_text_part(text)],
    }


def function_call_item(
    name: str, arguments: str, *, call_id: str | None = None, id: str | None = None
) -> Item:
    return {
        "id": id or new_id("fc"),
        "type": "function_call",
        "status": "completed",
        "call_id": call_id or new_call_id(),
        "name": name,
        "arguments": arguments,
    }


def complete_output_item(item: Item) -> Item:
    """Fill the fields a raw scripted output dict may leave out."""
    item = dict(item)
    if item.get("type") == "message":
        item.setdefault("role", "assistant")
        item["content"] = [
            {"annotations": [], "logprobs": [], **part}
            if part.get("type") == "output_text"
            else part
            for part in item.get("content", [])
        ]
        item.setdefault("id", new_id("msg"))
    elif item.get("type") == "function_call":
        item.setdefault("id", new_id("fc"))
        item.setdefault("call_id", new_call_id())
    else:
        item.setdefault("id", new_id(str(item.get("type", "item"))))
    item.setdefault("status", "completed")
    return item


# --- input items as stored in a conversation ------------------------------------------------

_ID_PREFIX = {"message": "msg", "function_call": "fc", "function_call_output": "fco"}


def normalize_input(raw: Any) -> list[Item]:
    """`input` (a string or a list of items) as a list of typed items, content as part lists."""
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [{"role": "user", "content": raw}]
    items: list[Item] = []
    for entry in raw:
        item = dict(entry)
        if "type" not in item:
            item["type"] = "message" if "role" in item else "item_reference"
        if item["type"] == "message" and isinstance(item.get("content"), str):
            kind = "output_text" if item.get("role") == "assistant" else "input_text"
            part = {"type": kind, "text": item["content"]}
            item["content"] = [output_text_part(part["text"]) if kind == "output_text" else part]
        items.append(item)
    return items


def stored_item(item: Item) -> Item:
    """An input item as the service stores it (id and status filled in)."""
    stored = dict(item)
    if stored.get("type") == "message":
        stored["content"] = [
            {"annotations": [], **part} if part.get("type") == "output_text" else part
            for part in stored.get("content", [])
        ]
    stored.setdefault("id", new_id(_ID_PREFIX.get(stored.get("type", ""), "item")))
    stored.setdefault("status", "completed")
    return stored


def conversation_object(conv_id: str, created_at: int, metadata: dict[str, Any]) -> dict[str, Any]:
    return {"id": conv_id, "object": "conversation", "created_at": created_at, "metadata": metadata}


def item_list(items: list[Item], *, has_more: bool = False) -> dict[str, Any]:
    return {
        "object": "list",
        "data": items,
        "first_id": items[0]["id"] if items else None,
        "last_id": items[-1]["id"] if items else None,
        "has_more": has_more,
    }


# --- the response object -------------------------------------------------------------------


def _echo_tools(tools: list[Any] | None) -> list[Any]:
    echoed = []
    for tool in tools or []:
        if isinstance(tool, dict) and tool.get("type") == "function":
            tool = {"strict": True, "parameters": None, "description": None, **tool}
        echoed.append(tool)
    return echoed


def response_object(
    body: dict[str, Any],
    *,
    response_id: str,
    created_at: int,
    output: list[Item],
    usage_block: dict[str, Any] | None,
    status: str = "completed",
    incomplete_reason: str | None = None,
    conversation_id: str | None = None,
) -> dict[str, Any]:
    """A full `Response` as `POST /v1/responses` returns it, echoing the request's settings."""
    return {
        "id": response_id,
        "object": "response",
        "created_at": created_at,
        "status": status,
        "background": False,
        "completed_at": now() if status == "completed" else None,
        "conversation": {"id": conversation_id} if conversation_id else None,
        "error": None,
        "incomplete_details": {"reason": incomplete_reason} if incomplete_reason else None,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "max_tool_calls": body.get("max_tool_calls"),
        "metadata": body.get("metadata") or {},
        "model": body.get("model"),
        "output": output,
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "previous_response_id": body.get("previous_response_id"),
        "prompt_cache_key": body.get("prompt_cache_key"),
        "reasoning": body.get("reasoning") or {"effort": None, "summary": None},
        "safety_identifier": body.get("safety_identifier"),
        "service_tier": "default",
        "store": body.get("store", True),
        "temperature": body.get("temperature", 1.0),
        "text": body.get("text") or {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": _echo_tools(body.get("tools")),
        "top_logprobs": body.get("top_logprobs", 0),
        "top_p": body.get("top_p", 1.0),
        "truncation": body.get("truncation", "disabled"),
        "usage": usage_block,
        "user": body.get("user"),
    }
