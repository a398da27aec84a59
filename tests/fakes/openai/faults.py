"""Injected faults: error statuses, hangs, slow answers and streams cut midway."""

from __future__ import annotations

import asyncio
import contextlib
import math
from dataclasses import dataclass

from aiohttp import web

from .errors import ApiError

_DEFAULTS: dict[int, tuple[str, str, str | None]] = {
    429: (
        "Rate limit reached for requests. Please try again later.",
        "requests",
        "rate_limit_exceeded",
    ),
    500: (
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
        None,
    ),
    502: ("Bad gateway.", "server_error", None),
    503: ("The server is overloaded or not ready yet.", "server_error", None),
}


@dataclass
class Fault:
    kind: str  # "status" | "hang" | "delay" | "cut_stream"
    times: int = 1
    path: str = "/v1/responses"
    status: int | None = None
    retry_after: float | None = None
    message: str | None = None
    code: str | None = None
    seconds: float | None = None
    after_events: int = 3
    mode: str = "abort"  # cut_stream: "abort" (connection reset) or "eof" (clean end)
    release: asyncio.Event | None = None  # delay: set by the test to end the wait early

    def matches(self, path: str, streaming: bool) -> bool:
        if self.times <= 0 or not path.startswith(self.path):
            return False
        return streaming or self.kind != "cut_stream"

    def describe(self) -> str:
        detail = self.status if self.kind == "status" else self.kind
        return f"{detail} x{self.times} on {self.path}"

    def error(self) -> ApiError:
        status = self.status or 500
        message, kind, code = _DEFAULTS.get(
            status, (f"fake_openai injected HTTP {status}.", "invalid_request_error", None)
        )
        headers: dict[str, str] = {}
        if self.retry_after is not None:
            headers["retry-after-ms"] = str(round(self.retry_after * 1000))
            headers["retry-after"] = str(max(1, math.ceil(self.retry_after)))
        return ApiError(
            status, self.message or message, type=kind, code=self.code or code, headers=headers
        )


class Faults:
    """Queue of pending faults; the first one matching a request is used (and counted down)."""

    def __init__(self) -> None:
        self._queue: list[Fault] = []

    def add(self, fault: Fault) -> None:
        if fault.times < 1:
            raise ValueError("times must be at least 1")
        self._queue.append(fault)

    def take(self, path: str, streaming: bool) -> Fault | None:
        for fault in self._queue:
            if fault.matches(path, streaming):
                fault.times -= 1
                if fault.times == 0:
                    self._queue.remove(fault)
                return fault
        return None

    @property
    def pending(self) -> list[str]:
        return [fault.describe() for fault in self._queue]

    def clear(self) -> None:
        self._queue.clear()


CUT_STREAM = web.RequestKey("fake_openai_cut_stream", Fault)  # set on a request to cut


def abort_connection(
    request: web.Request, response: web.StreamResponse | None = None
) -> web.StreamResponse:
    """Drop the connection without finishing the HTTP answer."""
    if request.transport is not None:
        request.transport.abort()
    if response is None:
        response = web.Response(status=499)  # only ever seen in FakeOpenAI.log
    with contextlib.suppress(Exception):
        response.force_close()
    return response
