"""`FakeOpenAI`: a scripted OpenAI server on 127.0.0.1 for the real `openai` SDK to talk to."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from typing import Any

import openai
from aiohttp import web

from tests.fakes.busy import BusyClock

from .auth import bearer_key, invalid_key
from .conversations import Conversations
from .errors import REQUEST_INDEX, ApiError, FaultEvent, Problem
from .faults import CUT_STREAM, Fault, Faults, abort_connection
from .responses import ResponsesApi
from .script import Script
from .shapes import Item, normalize_input, now
from .validation import answered_call_ids


@dataclass
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any  # decoded JSON, or None
    status: int | None = None


class FakeOpenAI:
    """Start with `await fake.start()` (or `async with FakeOpenAI() as fake`), then point
    `openai.AsyncOpenAI(base_url=fake.base_url, api_key="test")` at it."""

    def __init__(
        self,
        *,
        models: tuple[str, ...] = ("gpt-fake",),
        stream_chunk_chars: int = 6,
        stream_event_delay: float = 0.0,
    ):
        self.script = Script()
        self.busy = BusyClock()  # time spent answering, for benchmarks
        self.faults = Faults()
        self.conversations = Conversations()
        self.models = models
        self.reject_keys: set[str] = set()  # answered 401 invalid_api_key, as OpenAI does
        self.stream_chunk_chars = stream_chunk_chars
        self.stream_event_delay = stream_event_delay  # seconds between streamed events
        self.requests: list[dict[str, Any]] = []  # decoded bodies of POST /v1/responses
        # The responses it answered them with, usage included (in full even when a fault
        # cut the stream): with `requests`, what each call could cost and what it did.
        self.answers: list[dict[str, Any]] = []
        self.log: list[RecordedRequest] = []  # every HTTP request, any route
        self.problems: list[Problem] = []
        self.fault_log: list[FaultEvent] = []
        self.scripted_calls: dict[str, tuple[str, int]] = {}  # call_id -> (name, request #)
        self._responses = ResponsesApi(self)
        self._expected_problems: set[str] = set()
        self._allow_leftovers = False
        self._allow_unanswered = False
        self._closing: asyncio.Event | None = None
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self.port is None:
            raise RuntimeError("FakeOpenAI is not started")
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def last_request(self) -> dict[str, Any]:
        """Body of the latest POST /v1/responses."""
        assert self.requests, "no POST /v1/responses was received"
        return self.requests[-1]

    def tokens_used(self) -> int:
        """Input and output tokens of every response answered so far."""
        return sum(a["usage"]["input_tokens"] + a["usage"]["output_tokens"] for a in self.answers)

    @property
    def stored_responses(self) -> dict[str, dict[str, Any]]:
        """Responses kept for `previous_response_id` / GET (those not sent with store=false)."""
        return {rid: stored.response for rid, stored in self._responses.stored.items()}

    async def start(self) -> FakeOpenAI:
        self._closing = asyncio.Event()
        app = web.Application(
            middlewares=[self.busy.middleware, self._middleware], client_max_size=64 * 1024 * 1024
        )
        app.add_routes(self._responses.routes() + self.conversations.routes())
        app.add_routes(
            [web.get("/v1/models", self._models), web.get("/v1/models/{id}", self._model)]
        )
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._closing is not None:
            self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeOpenAI:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def client(
        self, *, max_retries: int = 0, timeout: float = 10.0, strict: bool = True, **kwargs: Any
    ) -> openai.AsyncOpenAI:
        """A real SDK client for this server; `strict` turns on the SDK's response validation."""
        return openai.AsyncOpenAI(
            base_url=self.base_url,
            api_key="test",
            max_retries=max_retries,
            timeout=timeout,
            _strict_response_validation=strict,
            **kwargs,
        )

    async def wait_or_close(
        self, seconds: float | None, release: asyncio.Event | None = None
    ) -> None:
        """Sleep `seconds` (None: until the server stops), waking early when it stops or
        `release` is set."""
        assert self._closing is not None
        waits = [asyncio.ensure_future(self._closing.wait())]
        if release is not None:
            waits.append(asyncio.ensure_future(release.wait()))
        try:
            await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()

    # --- faults -------------------------------------------------------------------------------

    def fail_next(
        self,
        status: int = 429,
        *,
        times: int = 1,
        retry_after: float | None = None,
        message: str | None = None,
        code: str | None = None,
        path: str = "/v1/responses",
    ) -> None:
        """Answer the next `times` requests under `path` with an OpenAI-style error `status`."""
        self.faults.add(Fault("status", times, path, status, retry_after, message, code))

    def hang_next(
        self, *, times: int = 1, seconds: float | None = None, path: str = "/v1/responses"
    ) -> None:
        """Never answer (until `seconds` pass or the server stops), then drop the connection.
        Consumes no scripted reply."""
        self.faults.add(Fault("hang", times, path, seconds=seconds))

    def delay_next(self, seconds: float, *, times: int = 1, path: str = "/v1/responses") -> None:
        """Answer normally, but only after `seconds`; if the client gave up, nothing is used."""
        self.faults.add(Fault("delay", times, path, seconds=seconds))

    def stall_next(self, seconds: float, *, path: str = "/v1/responses") -> asyncio.Event:
        """Like `delay_next`, but the wait ends early once the test sets the returned event
        (a long model turn that need not take its full time in the test)."""
        release = asyncio.Event()
        self.faults.add(Fault("delay", 1, path, seconds=seconds, release=release))
        return release

    def cut_stream_next(
        self, *, after_events: int = 3, times: int = 1, mode: str = "abort"
    ) -> None:
        """The next streamed response stops after `after_events` events, before
        `response.completed`: mode "abort" resets the connection, "eof" ends the body cleanly.
        The scripted reply it showed is not consumed (a retry gets it in full)."""
        if mode not in ("abort", "eof"):
            raise ValueError("mode must be 'abort' or 'eof'")
        self.faults.add(Fault("cut_stream", times, after_events=after_events, mode=mode))

    # --- verification -------------------------------------------------------------------------

    def expect_problems(self, *kinds: str) -> None:
        """Declare problem kinds this test provokes on purpose; each must then occur."""
        self._expected_problems.update(kinds)

    def allow_leftovers(self) -> None:
        """Don't fail when scripted replies or faults remain unused."""
        self._allow_leftovers = True

    def allow_unanswered_calls(self) -> None:
        """Don't fail when a scripted function call never got its function_call_output."""
        self._allow_unanswered = True

    def record_problem(self, kind: str, message: str, request_index: int | None = None) -> None:
        self.problems.append(Problem(kind, message, request_index))

    def unanswered_calls(self) -> list[str]:
        answered: set[str] = set()
        for record in self.log:
            if isinstance(record.body, dict):
                for key in ("input", "items"):
                    with contextlib.suppress(Exception):
                        answered |= answered_call_ids(normalize_input(record.body.get(key)))
        return [
            f"{name} (call_id {call_id}, request #{index})"
            for call_id, (name, index) in self.scripted_calls.items()
            if call_id not in answered
        ]

    def verify(self) -> None:
        """Raise AssertionError listing problems, unused script/faults and unanswered calls."""
        errors = [str(p) for p in self.problems if p.kind not in self._expected_problems]
        seen = {problem.kind for problem in self.problems}
        errors += [
            f"expected a {kind!r} problem, none was recorded"
            for kind in sorted(self._expected_problems - seen)
        ]
        if not self._allow_leftovers:
            errors += [f"scripted reply never requested: {label}" for label in self.script.pending]
            errors += [f"fault never triggered: {fault}" for fault in self.faults.pending]
        if not self._allow_unanswered:
            errors += [
                f"tool call never answered with a function_call_output: {call}"
                for call in self.unanswered_calls()
            ]
        if errors:
            raise AssertionError("fake OpenAI server:\n  - " + "\n  - ".join(errors))

    def resolve_reference(self, item: Item) -> Item:
        """An `item_reference` input item replaced by the stored item it names, if known."""
        if item.get("type") != "item_reference":
            return item
        for conversation in self.conversations.by_id.values():
            for stored in conversation.items:
                if stored.get("id") == item.get("id"):
                    return stored
        for stored_response in self._responses.stored.values():
            for stored in stored_response.context:
                if stored.get("id") == item.get("id"):
                    return stored
        return item

    # --- plumbing -----------------------------------------------------------------------------

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        raw = await request.read()
        body: Any = None
        with contextlib.suppress(ValueError):
            body = await request.json() if raw else None
        record = RecordedRequest(
            request.method, request.path, dict(request.query), dict(request.headers), body
        )
        self.log.append(record)
        request[REQUEST_INDEX] = index = len(self.log) - 1
        try:
            key = bearer_key(request)
            if key is None:
                raise ApiError(401, "You didn't provide an API key.", problem="missing_auth")
            if key in self.reject_keys:
                raise invalid_key(key)
            if request.method == "POST" and request.path == "/v1/responses":
                self.requests.append(body if isinstance(body, dict) else {})
            streaming = isinstance(body, dict) and body.get("stream") is True
            fault = self.faults.take(request.path, streaming)
            early = await self._apply_fault(request, fault, index) if fault else None
            response = early if early is not None else await handler(request)
        except ApiError as error:
            if error.problem:
                self.record_problem(
                    error.problem, f"{request.method} {request.path}: {error}", index
                )
            response = error.to_response()
        except web.HTTPException as exc:
            if exc.status not in (404, 405):
                raise
            message = f"Invalid URL ({request.method} {request.path})"
            self.record_problem("unknown_route", message, index)
            response = ApiError(404, message).to_response()
        record.status = response.status
        return response

    async def _apply_fault(
        self, request: web.Request, fault: Fault, index: int
    ) -> web.StreamResponse | None:
        """Answer for the fault, or None to let the handler run (after a delay, or to cut)."""
        self.fault_log.append(FaultEvent(fault.kind, request.path, index, fault.status))
        if fault.kind == "status":
            raise fault.error()
        if fault.kind == "cut_stream":
            request[CUT_STREAM] = fault
            return None
        await self.wait_or_close(fault.seconds, fault.release)
        if fault.kind == "hang":
            return abort_connection(request)
        if request.transport is None or request.transport.is_closing():
            self.fault_log.append(FaultEvent("client_gone", request.path, index))
            return abort_connection(request)
        return None

    def _model_json(self, model_id: str) -> dict[str, Any]:
        return {"id": model_id, "object": "model", "created": now(), "owned_by": "openai"}

    async def _models(self, request: web.Request) -> web.Response:
        return web.json_response(
            {"object": "list", "data": [self._model_json(m) for m in self.models]}
        )

    async def _model(self, request: web.Request) -> web.Response:
        model_id = request.match_info["id"]
        if model_id not in self.models:
            raise ApiError(404, f"The model '{model_id}' does not exist", code="model_not_found")
        return web.json_response(self._model_json(model_id))
