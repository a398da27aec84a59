"""What the fakes' own tests share: a keyboard and a 1x1 PNG, a model name and tool schemas."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Pay debt", callback_data="pay:1"),
            InlineKeyboardButton("Later", callback_data="later"),
        ]
    ]
)


MODEL = "gpt-fake"


def schema(
    properties: dict[str, Any] | None = None, *, required: list[str] | None = None, closed=True
) -> dict[str, Any]:
    properties = properties or {}
    result = {"type": "object", "properties": properties, "required": required or list(properties)}
    return {**result, "additionalProperties": False} if closed else result


def function_tool(name: str, parameters: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": "function", "name": name, "strict": True, "parameters": parameters or schema()}


STRING = {"type": "string"}
LIST_DEBTS = function_tool("list_debts", schema({"status": {**STRING, "enum": ["open", "closed"]}}))
