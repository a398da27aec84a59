"""How long a fake server spent answering, so benchmarks can tell the bot's own time from
the time of the fakes that share its process (and its event loop)."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web


class BusyClock:
    """Seconds spent inside request handlers, except on paths containing `idle_paths`
    (long polls, which wait rather than work)."""

    def __init__(self, *idle_paths: str) -> None:
        self.seconds = 0.0
        self._idle_paths = idle_paths

    @web.middleware
    async def middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if any(part in request.path for part in self._idle_paths):
            return await handler(request)
        started = time.perf_counter()
        try:
            return await handler(request)
        finally:
            self.seconds += time.perf_counter() - started
