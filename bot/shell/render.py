"""Show Bot API messages as plain terminal text."""

from __future__ import annotations

import html
import re
import textwrap
from typing import Any

_LINK = re.compile(r'<a\s+href="([^"]*)"\s*>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def plain_text(text: str, parse_mode: str | None) -> str:
    """HTML-formatted text as a person would read it: tags gone, links shown."""
    if (parse_mode or "").upper() != "HTML":
        return text
    text = _LINK.sub(lambda match: f"{match.group(2)} ({html.unescape(match.group(1))})", text)
    return html.unescape(_TAG.sub("", text))


def speech(speaker: str, text: str) -> str:
    """'bot › first line' with the following lines indented under it."""
    prefix = f"{speaker} › "
    lines = text.splitlines() or [""]
    return (
        prefix
        + lines[0]
        + "".join("\n" + textwrap.indent(line, " " * len(prefix)) for line in lines[1:])
    )


def keyboard_lines(markup: dict[str, Any] | None, number_button) -> list[str]:
    """One line per keyboard row. `number_button(button)` gives an inline button its #N."""
    if not markup:
        return []
    rows: list[str] = []
    for row in markup.get("inline_keyboard", []):
        rows.append(
            "   " + "  ".join(f"[#{number_button(button)} {button['text']}]" for button in row)
        )
    for row in markup.get("keyboard", []):
        rows.append("   " + "  ".join(_reply_button(button) for button in row))
    return rows


def _reply_button(button: dict[str, Any] | str) -> str:
    if isinstance(button, str):
        return f"[{button}]"
    if button.get("request_contact"):
        return f"[{button['text']}: type @contact +34600000000]"
    return f"[{button['text']}]"
