"""The assistant in tests: settings per test, and reading the requests the fake model received."""

from __future__ import annotations

import json
from typing import Any

import pytest

SORRY = {
    "es": "Perdona, el asistente no ha podido responder ahora",
    "en": "Sorry, the assistant couldn't answer just now",
}


def with_settings(**changes: Any):
    """Run the test with these settings changed; the module overrides `assistant_settings`
    to apply the `settings_changes` fixture."""
    label = ",".join(f"{name}={value}" for name, value in changes.items())
    return pytest.mark.parametrize("settings_changes", [changes], ids=[label])


def outputs_of(request: dict) -> list[dict]:
    return [item for item in request["input"] if item.get("type") == "function_call_output"]


def last_output(request: dict) -> dict:
    """The newest function_call_output of `request`, decoded."""
    return json.loads(outputs_of(request)[-1]["output"])


def user_texts(request: dict) -> list[str]:
    """The user's messages in the request's input, oldest first."""
    return [
        part["text"]
        for item in request["input"]
        if item.get("type") == "message" and item.get("role") == "user"
        for part in item["content"]
    ]


def assistant_texts(request: dict) -> list[str]:
    return [
        part["text"]
        for item in request["input"]
        if item.get("type") == "message" and item.get("role") == "assistant"
        for part in item["content"]
    ]
