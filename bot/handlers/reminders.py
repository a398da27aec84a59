"""/reminders, the buttons of a reminder message, and STOP / BAJA."""

from __future__ import annotations


def handlers(*, group: int) -> list:
    return []
