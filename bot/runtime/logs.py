"""How finbot logs: one line per update (its id, kind, the handler that took it, how long
it took and whether it failed), as text or as JSON (LOG_FORMAT=json), and never what a
person wrote, their phone, email or keys at INFO: only ids and names of things. At every
level, the handler redacts what slips through (PTB's and SQLAlchemy's DEBUG lines, an
exception's text): see `bot.runtime.redaction`."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import wraps
from typing import Any, TextIO

from bot.runtime.redaction import RedactingFilter

UPDATES_LOG = logging.getLogger("finbot.updates")
_HANDLER: ContextVar[list[str] | None] = ContextVar("finbot_handler", default=None)
_FIELDS = ("update_id", "kind", "handler", "ms", "outcome")


def named(callback: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    """The callback, noting its name as the handler of the update being handled."""
    name = f"{callback.__module__.removeprefix('bot.handlers.')}.{callback.__qualname__}"

    @wraps(callback)
    async def noted(update: object, context: Any) -> Any:
        handlers = _HANDLER.get()
        if handlers is not None:
            handlers.append(name)
        return await callback(update, context)

    return noted


def start_update() -> tuple[list[str], object]:
    handlers: list[str] = []
    return handlers, _HANDLER.set(handlers)


def end_update(token: object) -> None:
    _HANDLER.reset(token)  # type: ignore[arg-type]


def log_update(update_id: int | None, kind: str, handlers: list[str], ms: float, ok: bool) -> None:
    # The gatekeepers (private_only, profile) run for every update: name the one that acted.
    handler = handlers[-1] if handlers else "none"
    UPDATES_LOG.info(
        "update %s %s by %s in %.1f ms: %s",
        update_id,
        kind,
        handler,
        ms,
        "ok" if ok else "error",
        extra={
            "update_id": update_id,
            "kind": kind,
            "handler": handler,
            "ms": round(ms, 1),
            "outcome": "ok" if ok else "error",
        },
    )


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({name: getattr(record, name) for name in _FIELDS if hasattr(record, name)})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["error"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def log_handler(
    log_format: str, *, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> logging.Handler:
    """finbot's log handler: text or JSON lines, redacted (`secrets` too, e.g. the token)."""
    handler = logging.StreamHandler(stream)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    return handler


# Chatty below WARNING, and aiosqlite's DEBUG lines carry every query's parameters.
QUIET_LOGGERS = ("httpx", "httpcore", "alembic", "apscheduler", "aiosqlite")


def configure(
    level: int, log_format: str, *, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> None:
    """Log at `level` to stderr (or `stream`) through finbot's handler, unless logging
    was configured before (as `logging.basicConfig`)."""
    logging.basicConfig(
        level=level, handlers=[log_handler(log_format, secrets=secrets, stream=stream)]
    )
    for noisy in QUIET_LOGGERS:
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
