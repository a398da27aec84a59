"""The fake Telegram Bot API server: HTTP side, request log, spec check, faults, problems."""

# ruff: noqa: ASYNC109 - the helpers' API takes timeout= (seconds) on purpose; every wait is
# bounded by World.wait_until, which turns a timeout into an AssertionError with a report.

from __future__ import annotations

import asyncio
import collections
import json
import time
import traceback
from typing import Any, Literal

from aiohttp import web

from tests.fakes.busy import BusyClock

from . import methods_bot, methods_media, methods_messages  # noqa: F401  (register handlers)
from .faults import CLOSED_WITHOUT_ANSWER, Fault, close_without_answer
from .methods_common import HANDLERS, Params
from .models import (
    ApiError,
    NotImplementedByFake,
    RecordedRequest,
    UploadedFile,
)
from .spec import BotApiSpec, decode_value
from .webhooks import WebhookHelpers, WebhookSender
from .world import DEFAULT_TOKEN, World

_LOAD = object()
_UNAUTHORIZED = {"ok": False, "error_code": 401, "description": "Unauthorized"}
_NOT_FOUND = {"ok": False, "error_code": 404, "description": "Not Found"}


class FakeTelegram(WebhookHelpers, World):
    """A Bot API server on 127.0.0.1 that a real PTB bot talks to over HTTP.

    ``async with FakeTelegram() as fake:`` starts it on a free port; point the bot at
    ``fake.base_url`` / ``fake.base_file_url`` (or use ``fake.make_bot()`` /
    ``fake.application_builder()``).
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        spec: Any = _LOAD,
        bot_username: str = "finbot_test_bot",
        bot_first_name: str = "finbot",
        host: str = "127.0.0.1",
        webhook_timeout: float = 10.0,
        webhook_retry_delay: float = 0.2,
    ) -> None:
        super().__init__(token, bot_username, bot_first_name)
        self.spec: BotApiSpec | None = BotApiSpec.load() if spec is _LOAD else spec
        self.host = host
        self.port: int | None = None
        self.reply_keyboards: dict[int, dict[str, Any]] = {}
        self._requests: list[RecordedRequest] = []
        self._faults: list[Fault] = []
        self._flood: dict[str, tuple[int, collections.deque[float]]] = {}
        self.flood_refusals = 0
        self._runner: web.AppRunner | None = None
        self.busy = BusyClock("/getUpdates")  # time spent answering, for benchmarks
        self.webhook_timeout = webhook_timeout  # seconds the webhook may take to answer
        self.webhook_retry_delay = webhook_retry_delay  # seconds before a failed one retries
        self.webhooks = WebhookSender(self)
        self.updates.on_push = self.webhooks.poke

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self) -> FakeTelegram:
        app = web.Application(middlewares=[self.busy.middleware], client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, shutdown_timeout=2.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        self.updates.close()  # long polls answer at once
        await self.webhooks.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        if self.port is None:
            raise RuntimeError("the fake Telegram server is not started")
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """For ``Bot(base_url=...)``: PTB appends the token and ``/method``."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    def make_bot(self, **kwargs: Any) -> Any:
        """A real ``telegram.Bot`` pointed at this server (not yet initialized)."""
        from telegram import Bot

        return Bot(self.token, base_url=self.base_url, base_file_url=self.base_file_url, **kwargs)

    def application_builder(self) -> Any:
        """``Application.builder()`` with token, base_url and base_file_url set."""
        from telegram.ext import Application

        return (
            Application.builder()
            .token(self.token)
            .base_url(self.base_url)
            .base_file_url(self.base_file_url)
        )

    # -- faults ----------------------------------------------------------------------------
    def fail_next(
        self,
        method: str,
        status: int = 429,
        *,
        retry_after: int | None = None,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error; nothing is delivered.

        429 carries ``parameters.retry_after`` (default 1); 502/503/504 answer an nginx HTML
        page (not JSON) like Telegram's front end does; others a JSON error.
        """
        self._faults.append(Fault(method, times, status, retry_after, description))

    def limit_rate(self, method: str, per_second: int) -> None:
        """Answer ``method`` with 429 (retry_after 1) once more than ``per_second`` calls
        were accepted in the last second, like Telegram's flood control for bulk sends."""
        self._flood[method.lower()] = (per_second, collections.deque())

    def _flooded(self, method: str) -> bool:
        limit = self._flood.get(method.lower())
        if limit is None:
            return False
        per_second, accepted = limit
        now = time.monotonic()
        while accepted and accepted[0] <= now - 1.0:
            accepted.popleft()
        if len(accepted) >= per_second:
            self.flood_refusals += 1
            return True
        accepted.append(now)
        return False

    def delay_next(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Handle the next ``times`` calls normally but answer ``seconds`` late.

        Longer than the bot's read timeout, this is Telegram's worst case: the method was
        performed (the message is in the chat), but the bot only sees ``TimedOut``."""
        self._faults.append(Fault(method, times, None, delay=seconds))

    def reset_next(self, method: str, *, times: int = 1, after_handling: bool = False) -> None:
        """Close the connection of the next ``times`` calls without any HTTP answer, like
        a TCP reset; the bot sees a ``NetworkError`` ("Server disconnected ...").

        ``after_handling=False``: dropped before the fake acts (nothing is sent, getUpdates
        hands out nothing). ``after_handling=True``: the method is performed first (the
        message is stored and shown, getUpdates returns its batch, which stays pending
        until a later ``offset`` confirms it) and only the answer is lost."""
        reset: Literal["before", "after"] = "after" if after_handling else "before"
        self._faults.append(Fault(method, times, None, reset=reset))

    def _take_fault(self, method: str) -> Fault | None:
        for fault in self._faults:
            if fault.matches(method):
                fault.remaining -= 1
                return fault
        return None

    # -- HTTP ------------------------------------------------------------------------------
    async def _read(self, request: web.Request) -> tuple[dict[str, str], dict[str, UploadedFile]]:
        raw: dict[str, str] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if request.content_type == "application/json" and request.can_read_body:
            body = await request.json()
            for key, value in (body or {}).items():
                raw[key] = value if isinstance(value, str) else json.dumps(value)
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    files[key] = UploadedFile(
                        key, value.filename, value.content_type, value.file.read()
                    )
                else:
                    raw[key] = str(value)
        return raw, files

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            raw, files = await self._read(request)
        except ValueError as exc:  # e.g. a malformed JSON body
            self.add_problem("violation", method, f"{method}: unreadable request body: {exc}")
            return web.json_response(
                ApiError(400, "Bad Request: can't parse request body").body(), status=400
            )
        decoded = (
            self.spec.decode(method, raw)
            if self.spec
            else {k: decode_value(v, None) for k, v in raw.items()}
        )
        rec = RecordedRequest(method, decoded, raw, files, time.time())
        self._requests.append(rec)
        if request.match_info["token"] != self.token:
            status, body = 401, _UNAUTHORIZED
        else:
            try:
                status, body = await self._answer(rec)
            except Exception:
                self.add_problem(
                    "fake-error",
                    method,
                    f"the fake crashed on {method}:\n" + traceback.format_exc(),
                    rec,
                )
                status, body = (
                    500,
                    {
                        "ok": False,
                        "error_code": 500,
                        "description": "Internal Server Error (fake crashed)",
                    },
                )
        rec.status, rec.response = status, body
        self.notify()
        if status == CLOSED_WITHOUT_ANSWER:
            return close_without_answer(request)
        if isinstance(body, str):
            return web.Response(status=status, text=body, content_type="text/html")
        return web.json_response(body, status=status)

    async def _answer(self, rec: RecordedRequest) -> tuple[int, dict[str, Any] | str]:
        method = rec.method
        if self.spec is not None:
            name = self.spec.resolve_method(method)
            rec.violations = self.spec.check(method, rec.raw_params, rec.files)
            rec.method = name or method
            for violation in rec.violations:
                self.add_problem("violation", rec.method, violation, rec)
            if name is None:
                return 404, _NOT_FOUND  # what Telegram answers for an unknown method
            if rec.violations:
                return 400, ApiError(400, f"Bad Request: {rec.violations[0]}").body()
        if self._flooded(rec.method):
            rec.fault = True
            return Fault(rec.method, 1, 429, 1).response()
        fault = self._take_fault(rec.method)
        if fault is not None and (fault.status is not None or fault.reset == "before"):
            rec.fault = True
            return fault.response()
        entry = HANDLERS.get(method.lower())
        try:
            if entry is None:
                raise NotImplementedByFake(rec.method)
            rec.method = entry[0]
            result = await entry[1](self, Params(rec.raw_params, rec.files))
        except ApiError as exc:
            return exc.status, exc.body()
        except NotImplementedByFake as exc:
            message = f"fake Telegram does not implement {exc}"
            self.add_problem("unimplemented", rec.method, message, rec)
            return 501, {
                "ok": False,
                "error_code": 501,
                "description": f"Not Implemented: {message}",
            }
        if self.spec is not None and entry is not None:
            returns = self.spec.methods[self.spec.resolve_method(rec.method) or rec.method].returns
            errors = self.spec.check_json_any(result, returns)
            if errors:
                self.add_problem(
                    "fake-error",
                    rec.method,
                    f"the fake answered {rec.method} "
                    f"with an invalid result: {'; '.join(errors[:5])}",
                    rec,
                )
        if fault is not None and fault.delay:
            rec.fault = True
            await asyncio.sleep(fault.delay)
        if fault is not None and fault.reset == "after":
            rec.fault = True
            return fault.response()  # performed; the bot never hears of it
        return 200, {"ok": True, "result": result}

    async def _handle_file(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        if request.match_info["token"] == self.token:
            for stored in self.files.values():
                if stored.file_path == path:
                    return web.Response(body=stored.data, content_type="application/octet-stream")
        return web.json_response(_NOT_FOUND, status=404)

    # -- inspection ------------------------------------------------------------------------
    def requests(self, method: str | None = None) -> list[RecordedRequest]:
        """Requests the bot made (all, or those of one method, case-insensitive)."""
        if method is None:
            return list(self._requests)
        return [r for r in self._requests if r.method.lower() == method.lower()]

    async def wait_for_request(
        self, method: str, timeout: float = 5.0, predicate: Any = None
    ) -> RecordedRequest:
        """The first request of ``method`` (matching ``predicate``), waiting if needed."""

        def found() -> RecordedRequest | None:
            return next(
                (
                    r
                    for r in self.requests(method)
                    if r.status and (predicate is None or predicate(r))
                ),
                None,
            )

        return await self.wait_until(found, timeout, f"a {method} request")

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates the bot has not confirmed yet (with a later ``offset``)."""
        return self.updates.pending

    def delivered_updates(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Updates getUpdates returned to the bot (of one kind, e.g. "callback_query")."""
        return [u for u in self.updates.delivered if kind is None or kind in u]

    def track_reply_keyboard(self, chat_id: int, markup: Any) -> None:
        if isinstance(markup, dict) and "keyboard" in markup:
            self.reply_keyboards[chat_id] = markup
        elif isinstance(markup, dict) and markup.get("remove_keyboard"):
            self.reply_keyboards.pop(chat_id, None)

    def activity_report(self, last: int = 15) -> str:
        lines = ["Last requests the bot made:"]
        lines += [f"  {r}" for r in self._requests[-last:]] or ["  (none)"]
        if self.problems:
            lines.append("Problems:")
            lines += [f"  {p}" for p in self.problems]
        return "\n".join(lines)
