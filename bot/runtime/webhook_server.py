"""finbot's webhook server: where Telegram (through the load balancer) posts each update.

A request is judged on its headers before its body is read: without the secret
(`X-Telegram-Bot-Api-Secret-Token`, compared in constant time) it gets 403, and one
that says it is larger than MAX_BODY_BYTES gets 413; either way the connection is
closed without reading the body, so a stranger's 90 MB post costs nothing. A chunked
body is counted while it arrives and cut off with 413 past the same limit. A body that
is not an update gets 400. Only then does the update go to the Application's queue
(in webhook mode an `InboxQueue`, which records it before the 200).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Sequence
from http import HTTPStatus

from telegram import Bot, Update
from telegram.error import NetworkError
from tornado.httpserver import HTTPServer
from tornado.web import Application, HTTPError, RequestHandler, stream_request_body

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024
"""The largest body taken; an update is a few kilobytes at most."""
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
SET_WEBHOOK_TRIES = 5


@stream_request_body
class _Updates(RequestHandler):
    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, bot: Bot, queue: asyncio.Queue, secret: bytes) -> None:
        self._bot, self._queue, self._secret = bot, queue, secret
        self._chunks: list[bytes] = []
        self._size = 0

    def prepare(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            raise HTTPError(HTTPStatus.FORBIDDEN)
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            raise HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return  # refused already; the connection closes once the answer is out
        self._size += len(chunk)
        if self._size > MAX_BODY_BYTES:
            self._chunks.clear()
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        self._chunks.append(chunk)

    async def post(self) -> None:
        if self._finished:
            return
        try:
            update = Update.de_json(json.loads(b"".join(self._chunks)), self._bot)
        except Exception:  # not JSON, or JSON that is not an update
            log.warning("the webhook got a body that is not an update; answered 400")
            raise HTTPError(HTTPStatus.BAD_REQUEST) from None
        await self._queue.put(update)

    def write_error(self, status_code: int, **kwargs: object) -> None:
        self.finish()  # the status says it all

    def log_exception(self, typ: object, value: BaseException | None, tb: object) -> None:
        """Refusals are the expected answers to strangers, not errors to log; any other
        failure (the inbox could not record the update) is named, and Telegram sends the
        update again."""
        if value is not None and not isinstance(value, HTTPError):
            log.error("the webhook could not take an update: %s", type(value).__name__)


class WebhookServer:
    """Listens on `listen`:`port` at `path` and puts each update into `queue`."""

    def __init__(
        self, bot: Bot, queue: asyncio.Queue, *, secret: str, listen: str, port: int, path: str
    ) -> None:
        route = "/" + path.strip("/")
        app = Application(
            [(rf"{route}/?", _Updates, {"bot": bot, "queue": queue, "secret": secret.encode()})],
            log_function=lambda handler: None,
        )
        # Tornado's own cap, should a body get past the handler's: twice the limit.
        self._http = HTTPServer(app, max_body_size=2 * MAX_BODY_BYTES)
        self._listen, self._port = listen, port

    def start(self) -> None:
        self._http.listen(self._port, address=self._listen)

    async def stop(self) -> None:
        self._http.stop()
        await self._http.close_all_connections()


async def set_webhook(
    bot: Bot,
    *,
    url: str,
    secret: str,
    allowed_updates: Sequence[str],
    max_connections: int,
    pause: float = 1.0,
) -> None:
    """Tell Telegram where to post updates, trying again on network errors."""
    for attempt in range(1, SET_WEBHOOK_TRIES + 1):
        try:
            await bot.set_webhook(
                url=url,
                secret_token=secret,
                allowed_updates=allowed_updates,
                max_connections=max_connections,
            )
            return
        except NetworkError as error:
            if attempt == SET_WEBHOOK_TRIES:
                raise
            log.warning("setWebhook failed (try %d: %s); trying again", attempt, error)
            await asyncio.sleep(pause)
