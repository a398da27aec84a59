"""Sending that survives a flaky Bot API.

PTB's `AIORateLimiter` keeps to 20 messages a minute per group and retries after a 429
for as long as Telegram asks. Its overall limit (30 a second) is switched off: Telegram
sets it for *bulk notifications*, and applied to every request it would hold interactive
replies (a draft, a typing action and a message each) to about ten a second. Bulk sends
(reminders) pace themselves to 30 a second where they are made. On top of it,
`RetryingRateLimiter` retries requests that failed before Telegram handled them (a 502 or
another gateway error from a proxy, a refused connection) with a bounded exponential
backoff. A timed-out request is *not* retried, nor a message whose connection broke
before any answer came: it may have arrived, and a debtor must not receive the same
message twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import AIORateLimiter

from bot.runtime.metrics import BOT_API_ERRORS, api_error_code

log = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]


class SendOnce(int):
    """`rate_limit_args` for a message that must never arrive twice (a reminder): the
    limiter still waits out 429s (up to this many times), but retries a failed request
    only when it provably never left (the connection was refused, or no connection in
    the pool was free)."""


SEND_ONCE = SendOnce(5)


def not_sent(error: Exception) -> bool:
    """The request never reached Telegram: safe to send again."""
    text = str(error)
    return isinstance(error, NetworkError) and (
        "ConnectError" in text or "Pool timeout" in text or "All connection attempts" in text
    )


def may_have_arrived(error: Exception) -> bool:
    """The connection broke after the request went out and before any answer came (PTB
    names the transport's error, e.g. "httpx.RemoteProtocolError: Server disconnected"):
    Telegram may have acted on it. An error answer, like a proxy's 502, is not such a case."""
    text = str(error)
    transport = text.startswith("httpx.") or text.startswith("Unknown error in HTTP")
    return isinstance(error, NetworkError) and transport and not not_sent(error)


def shows_twice(endpoint: str) -> bool:
    """Done twice, the user would see two messages. (An answer to a query, an edit or a
    typing action done twice is refused or invisible.)"""
    return endpoint.startswith(("send", "copy", "forward")) and endpoint not in (
        "sendChatAction",
        "sendMessageDraft",
    )


class RetryingRateLimiter(AIORateLimiter):
    def __init__(
        self,
        *,
        max_retries_after_429: int = 5,
        network_retries: int = 6,
        first_backoff: float = 0.5,
        max_backoff: float = 30.0,
    ) -> None:
        super().__init__(overall_max_rate=0, max_retries=max_retries_after_429)
        self._network_retries = network_retries
        self._first_backoff = first_backoff
        self._max_backoff = max_backoff

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        try:
            return await self._with_retries(callback, args, kwargs, endpoint, data, rate_limit_args)
        except TelegramError as error:
            BOT_API_ERRORS.labels(endpoint, api_error_code(error)).inc()
            raise

    async def _with_retries(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> JSONResult:
        backoff = self._first_backoff
        for attempt in range(self._network_retries + 1):
            try:
                return await super().process_request(
                    callback, args, kwargs, endpoint, data, rate_limit_args
                )
            except (TimedOut, BadRequest):  # BadRequest is a NetworkError in PTB
                raise
            except NetworkError as error:
                if attempt == self._network_retries:
                    raise
                if (may_have_arrived(error) and shows_twice(endpoint)) or (
                    isinstance(rate_limit_args, SendOnce) and not not_sent(error)
                ):
                    raise  # it may have arrived
                log.warning(
                    "Bot API %s failed (%s); retry %d in %.1fs",
                    endpoint,
                    error,
                    attempt + 1,
                    backoff,
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)
        raise AssertionError("unreachable")
