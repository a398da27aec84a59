"""The server-sent event sequence of a streamed `POST /v1/responses`."""

from __future__ import annotations

import json
from typing import Any

from .shapes import Item


def split_text(text: str, size: int) -> list[str]:
    """Deltas of at most `size` characters; concatenated they give `text` back."""
    return [text[start : start + size] for start in range(0, len(text), max(size, 1))]


def _in_progress(item: Item) -> Item:
    started = {**item, "status": "in_progress"}
    if item["type"] == "message":
        started["content"] = []
    elif item["type"] == "function_call":
        started["arguments"] = ""
    return started


def _message_events(item: Item, index: int, size: int) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    where = {"item_id": item["id"], "output_index": index}
    for part_index, part in enumerate(item.get("content", [])):
        at = {**where, "content_index": part_index}
        if part.get("type") != "output_text":
            events.append({"type": "response.content_part.added", **at, "part": part})
            events.append({"type": "response.content_part.done", **at, "part": part})
            continue
        empty = {**part, "text": ""}
        events.append({"type": "response.content_part.added", **at, "part": empty})
        for delta in split_text(part["text"], size):
            events.append(
                {"type": "response.output_text.delta", **at, "delta": delta, "logprobs": []}
            )
        events.append(
            {"type": "response.output_text.done", **at, "text": part["text"], "logprobs": []}
        )
        events.append({"type": "response.content_part.done", **at, "part": part})
    return events


def _call_events(item: Item, index: int, size: int) -> list[dict[str, Any]]:
    where = {"item_id": item["id"], "output_index": index}
    events: list[dict[str, Any]] = [
        {"type": "response.function_call_arguments.delta", **where, "delta": delta}
        for delta in split_text(item["arguments"], size)
    ]
    events.append(
        {"type": "response.function_call_arguments.done", **where, "arguments": item["arguments"]}
    )
    return events


def response_events(final: dict[str, Any], *, chunk_chars: int = 6) -> list[dict[str, Any]]:
    """All events, in order, each with its `sequence_number`, for the finished `final` response."""
    start = {
        **final,
        "status": "in_progress",
        "output": [],
        "usage": None,
        "completed_at": None,
        "incomplete_details": None,
    }
    events: list[dict[str, Any]] = [
        {"type": "response.created", "response": start},
        {"type": "response.in_progress", "response": start},
    ]
    for index, item in enumerate(final["output"]):
        events.append(
            {
                "type": "response.output_item.added",
                "output_index": index,
                "item": _in_progress(item),
            }
        )
        if item["type"] == "message":
            events.extend(_message_events(item, index, chunk_chars))
        elif item["type"] == "function_call":
            events.extend(_call_events(item, index, chunk_chars))
        events.append({"type": "response.output_item.done", "output_index": index, "item": item})
    last = "response.completed" if final["status"] == "completed" else f"response.{final['status']}"
    events.append({"type": last, "response": final})
    return [{**event, "sequence_number": number} for number, event in enumerate(events)]


def encode(event: dict[str, Any]) -> bytes:
    data = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
    return f"event: {event['type']}\ndata: {data}\n\n".encode()
