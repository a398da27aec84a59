"""Injected failures: error answers (429, 5xx, ...), slow answers and connections closed
without an answer, as Telegram (or the network in between) gives them."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import web

# nginx's "close the connection without answering": how a reset shows in the request log.
CLOSED_WITHOUT_ANSWER = 444

# What nginx in front of the Bot API answers when the backend is down: not JSON.
_HTML_ERRORS = {
    502: "502 Bad Gateway",
    503: "503 Service Temporarily Unavailable",
    504: "504 Gateway Time-out",
}
_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
}


@dataclass
class Fault:
    method: str
    remaining: int
    status: int | None = None  # None: answer normally, only late
    retry_after: int | None = None
    description: str | None = None
    delay: float = 0.0
    reset: Literal["before", "after"] | None = None  # close the connection, no answer

    def matches(self, method: str) -> bool:
        return self.remaining > 0 and self.method.lower() == method.lower()

    def response(self) -> tuple[int, dict[str, Any] | str]:
        """(HTTP status, body) of the injected error."""
        if self.reset is not None:
            handled = "handled" if self.reset == "after" else "not handled"
            return CLOSED_WITHOUT_ANSWER, f"connection closed without an answer ({handled})"
        status = self.status or 500
        if status == 429:
            retry = self.retry_after if self.retry_after is not None else 1
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": self.description or f"Too Many Requests: retry after {retry}",
                "parameters": {"retry_after": retry},
            }
        if status in _HTML_ERRORS and self.description is None:
            title = _HTML_ERRORS[status]
            return status, (
                f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
                f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n"
                "</body>\r\n</html>\r\n"
            )
        description = self.description or _DESCRIPTIONS.get(status, f"Error {status}")
        return status, {"ok": False, "error_code": status, "description": description}


def close_without_answer(request: web.Request) -> web.Response:
    """Drop the connection before any byte of an answer: the client sees the server hang up
    (httpx: ``RemoteProtocolError: Server disconnected without sending a response``)."""
    if request.transport is not None:
        request.transport.abort()
    response = web.Response(status=CLOSED_WITHOUT_ANSWER)  # never reaches the client
    with contextlib.suppress(Exception):
        response.force_close()
    return response
