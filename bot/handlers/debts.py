"""Placeholder, filled in below."""

from __future__ import annotations

FLOW = "placeholder"


async def on_message(update, context, state) -> None:
    """A typed answer while the user is in this flow."""


def handlers(*, group: int) -> list:
    return []
