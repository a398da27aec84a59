"""OpenAI-style API errors and the problems the fake records."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .shapes import error_body

REQUEST_INDEX = web.RequestKey("fake_openai_request_index", int)  # index into FakeOpenAI.log


@dataclass
class ApiError(Exception):
    """An error answer. `problem` names the recorded problem kind, None if it is a legitimate
    answer the client should handle (e.g. 404 for an unknown conversation)."""

    status: int
    message: str
    type: str = "invalid_request_error"
    param: str | None = None
    code: str | None = None
    problem: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.message}"

    def body(self) -> dict[str, Any]:
        return error_body(self.message, type=self.type, param=self.param, code=self.code)

    def to_response(self) -> web.Response:
        return web.json_response(self.body(), status=self.status, headers=self.headers)


async def read_json(request: web.Request) -> dict[str, Any]:
    """The request body as a JSON object, or a 400 answer (recorded as a problem)."""
    raw = await request.read()
    if not raw:
        return {}
    try:
        body = json.loads(raw)
    except ValueError as exc:
        raise ApiError(
            400, f"We could not parse the JSON body of your request. ({exc})", problem="bad_json"
        ) from None
    if not isinstance(body, dict):
        raise ApiError(400, "The request body must be a JSON object.", problem="bad_json")
    return body


def not_found(what: str, ident: str, *, param: str | None = None) -> ApiError:
    return ApiError(404, f"{what} with id '{ident}' not found.", param=param)


@dataclass(frozen=True)
class Problem:
    """Something the client did wrong (or the test scripted wrong), found by the fake."""

    kind: str
    message: str
    request_index: int | None = None

    def __str__(self) -> str:
        where = f" (request #{self.request_index})" if self.request_index is not None else ""
        return f"[{self.kind}]{where} {self.message}"


@dataclass(frozen=True)
class FaultEvent:
    """A fault the fake injected, for tests to assert on."""

    kind: str
    path: str
    request_index: int
    status: int | None = None
