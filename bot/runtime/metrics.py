"""The bot's Prometheus metrics: updates and how long they took, Bot API errors, and
reminders waiting to go. Served with the domain's (services/shared/counters.py) at /metrics."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from prometheus_client import Counter, Gauge, Histogram
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.runtime.logs import end_update, log_update, start_update

UPDATE_KINDS = (
    "message",
    "edited_message",
    "callback_query",
    "my_chat_member",
    "pre_checkout_query",
)

UPDATES = Counter(
    "finbot_updates", "Updates handled, by kind and outcome (ok, error)", ["kind", "outcome"]
)
HANDLER_SECONDS = Histogram(
    "finbot_update_seconds",
    "Time to handle one update, by kind",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
BOT_API_ERRORS = Counter(
    "finbot_bot_api_errors", "Bot API requests that failed, by method and code", ["method", "code"]
)
REMINDERS_WAITING = Gauge(
    "finbot_reminders_waiting", "Reminders due and not yet sent, at the last look"
)
UPDATES_WAITING = Gauge(
    "finbot_webhook_updates_waiting",
    "Updates received by webhook and not yet handled (all replicas), at the last look",
)


def update_kind(update: object) -> str:
    return next((kind for kind in UPDATE_KINDS if getattr(update, kind, None)), "other")


_FAILED: ContextVar[list[bool] | None] = ContextVar("finbot_update_failed", default=None)


@contextmanager
def measured(update: object) -> Iterator[None]:
    """Count, time and log the update's handling; `mark_failed()` inside makes it an error."""
    kind = update_kind(update)
    failed = [False]
    token = _FAILED.set(failed)
    handlers, handler_token = start_update()
    started = time.perf_counter()
    try:
        yield
    except BaseException:
        failed[0] = True
        raise
    finally:
        seconds = time.perf_counter() - started
        _FAILED.reset(token)
        end_update(handler_token)
        HANDLER_SECONDS.labels(kind).observe(seconds)
        UPDATES.labels(kind, "error" if failed[0] else "ok").inc()
        log_update(
            getattr(update, "update_id", None), kind, handlers, seconds * 1000, not failed[0]
        )


def mark_failed() -> None:
    """The error handler ran for the update being handled."""
    failed = _FAILED.get()
    if failed is not None:
        failed[0] = True


def api_error_code(error: Exception) -> str:
    """A short label for a failed Bot API request: its HTTP code, or what went wrong."""
    if isinstance(error, RetryAfter):
        return "429"
    if isinstance(error, Forbidden):
        return "403"
    if isinstance(error, BadRequest):
        return "400"
    if isinstance(error, TimedOut):
        return "timeout"
    return "network" if isinstance(error, NetworkError) else "other"


REMINDERS = Counter(
    "finbot_reminders",
    "Reminder messages by outcome (sent, unreachable, released, ...)",
    ["outcome"],
)
