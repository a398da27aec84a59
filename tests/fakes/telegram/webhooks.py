"""Webhook delivery as Telegram's WebhookActor does it: each pending update is POSTed as
JSON, one at a time per chat, chats in parallel up to ``max_connections``, and a failed
delivery (non-2xx, connection error, timeout) is kept and retried later, in order."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp

if TYPE_CHECKING:
    from .server import FakeTelegram
    from .updates import UpdateQueue

SHARED_QUEUE = 0  # the queue of updates with neither a chat nor a user (no chat id is 0)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class WebhookDelivery:
    """One attempt to deliver one update (``status``/``error`` stay None while in flight)."""

    update_id: int
    chat_key: int
    url: str
    started: float  # time.monotonic()
    finished: float | None = None
    status: int | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def __str__(self) -> str:
        outcome = self.error or (self.status if self.finished else "in flight")
        return f"update {self.update_id} (queue {self.chat_key}) -> {self.url}: {outcome}"


def queue_key(update: dict[str, Any]) -> int:
    """The chat whose updates go one after another; the sender user without a chat
    (pre_checkout_query, callback_query of an inline message); else the shared queue."""
    payload = next(v for k, v in update.items() if k != "update_id")
    chat = payload.get("chat") or (payload.get("message") or {}).get("chat")
    if chat:
        return int(chat["id"])
    user = payload.get("from") or payload.get("user")
    return int(user["id"]) if user else SHARED_QUEUE


class WebhookSender:
    """The background task that pushes ``fake.updates`` to the webhook (see setWebhook)."""

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self.url = ""
        self.secret_token: str | None = None
        self.max_connections = 40
        self.routes: list[str] = []  # where requests really land (the load balancer)
        self.deliveries: list[WebhookDelivery] = []
        self.last_error_date: int | None = None
        self.last_error_message: str | None = None
        self._turns: dict[int, int] = {}  # queue key -> deliveries so far
        self._in_flight: dict[int, asyncio.Task[None]] = {}  # queue key -> its one request
        self._retry_at: dict[int, float] = {}  # queue key -> loop time of its next attempt
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        self._stopped = False

    # -- configuration (setWebhook / deleteWebhook) -----------------------------------------
    def configure(self, url: str, secret_token: str | None, max_connections: int) -> None:
        if url != self.url:
            self.last_error_date = self.last_error_message = None
            self._retry_at.clear()
        self.url, self.secret_token, self.max_connections = url, secret_token, max_connections
        self.poke()

    def delete(self) -> None:
        """Stop delivering; requests already in flight may finish."""
        self.configure("", None, 40)

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def poke(self) -> None:
        """Something changed (an update arrived, the webhook was set): look again."""
        self._wake.set()
        if self._stopped or not self.url or not self.fake.updates.pending:
            return
        if self._task is None or self._task.done():
            with contextlib.suppress(RuntimeError):  # no running loop: the next poke starts it
                self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        self._stopped = True
        tasks = [t for t in [self._task, *self._in_flight.values()] if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._task = None
        self._in_flight.clear()
        if self._session is not None:
            await self._session.close()
            self._session = None

    # -- the loop ---------------------------------------------------------------------------
    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while self.url:
            self._wake.clear()
            retry_at = self._launch_ready(loop.time())
            wait = max(retry_at - loop.time(), 0.001) if retry_at is not None else None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    def _launch_ready(self, now: float) -> float | None:
        """Send the oldest pending update of every queue that is free and not backing off;
        return when the first queue that is backing off may try again."""
        seen: set[int] = set()
        for update in self.fake.updates.deliverable():
            key = queue_key(update)
            if key in seen:
                continue  # only a queue's oldest update may go
            seen.add(key)
            if key in self._in_flight or self._retry_at.get(key, now) > now:
                continue
            if len(self._in_flight) >= self.max_connections:
                continue  # a finished request wakes the loop
            self._retry_at.pop(key, None)
            self._in_flight[key] = asyncio.get_running_loop().create_task(
                self._deliver(update, key), name=f"webhook update {update['update_id']}"
            )
        for key in set(self._retry_at) - seen:  # its updates were dropped meanwhile
            del self._retry_at[key]
        waiting = [t for k, t in self._retry_at.items() if k not in self._in_flight]
        return min(waiting, default=None)

    def _target(self, key: int) -> str:
        """Round robin per chat: a chat's consecutive updates go to alternate routes (a
        load balancer's global round robin would, depending on traffic, send all of a
        chat's updates to one replica and test nothing)."""
        if not self.routes:
            return self.url
        turn = self._turns.get(key, key % len(self.routes))
        self._turns[key] = turn + 1
        return self.routes[turn % len(self.routes)]

    async def _deliver(self, update: dict[str, Any], key: int) -> None:
        attempt = WebhookDelivery(update["update_id"], key, self._target(key), time.monotonic())
        self.deliveries.append(attempt)
        try:
            attempt.status, attempt.error = await self._post(attempt.url, update)
        except asyncio.CancelledError:
            attempt.error = "cancelled (the fake stopped)"
            raise
        finally:
            attempt.finished = time.monotonic()
            self._in_flight.pop(key, None)
        if attempt.ok:
            self.fake.updates.acknowledge(attempt.update_id)
        else:
            self.last_error_date = int(time.time())
            self.last_error_message = attempt.error
            delay = self.fake.webhook_retry_delay
            self._retry_at[key] = asyncio.get_running_loop().time() + delay
        self._wake.set()
        self.fake.notify()

    async def _post(self, url: str, update: dict[str, Any]) -> tuple[int | None, str | None]:
        """POST one update; (status, error) where error is Telegram's last_error_message."""
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(force_close=True, limit=0)
            )
        headers = {"Content-Type": "application/json"}
        if self.secret_token:
            headers[SECRET_HEADER] = self.secret_token
        timeout = aiohttp.ClientTimeout(total=self.fake.webhook_timeout)
        try:
            async with self._session.post(
                url,
                data=json.dumps(update).encode(),
                headers=headers,
                timeout=timeout,
                allow_redirects=False,
            ) as response:
                await response.read()
        except TimeoutError:
            return None, "Read timeout expired"
        except aiohttp.ClientConnectorError as exc:
            if exc.os_error.errno == errno.ECONNREFUSED:
                return None, "Connection refused"
            return None, f"Connection error: {exc.os_error.strerror or exc}"
        except aiohttp.ClientError as exc:
            return None, f"Connection error: {exc.__class__.__name__}: {exc}"
        if 200 <= response.status < 300:
            return response.status, None
        reason = response.reason or ""
        return response.status, f"Wrong response from the webhook: {response.status} {reason}"

    # -- inspection -------------------------------------------------------------------------
    def idle(self) -> bool:
        return not self.fake.updates.pending and not self._in_flight

    def report(self, last: int = 10) -> str:
        pending = [u["update_id"] for u in self.fake.updates.pending]
        lines = [
            f"webhook {self.url or '(none)'} routes={self.routes} pending={pending} "
            f"in flight={sorted(self._in_flight)} last error={self.last_error_message!r}",
            "Last webhook deliveries:",
        ]
        lines += [f"  {d}" for d in self.deliveries[-last:]] or ["  (none)"]
        return "\n".join(lines)


class WebhookHelpers:
    """``FakeTelegram``'s webhook side for tests (mixed in; ``webhooks`` is the sender)."""

    webhooks: WebhookSender
    updates: UpdateQueue

    def route_webhook(self, *local_urls: str) -> None:
        """Where Telegram's webhook requests really land (the load balancer): each attempt
        goes to one of these ``http://127.0.0.1:PORT/path`` URLs, a chat's consecutive
        updates to alternate ones."""
        self.webhooks.routes = list(local_urls)

    @property
    def webhook_deliveries(self) -> list[WebhookDelivery]:
        """Every webhook delivery attempt, oldest first (failed and in-flight ones too)."""
        return list(self.webhooks.deliveries)

    def webhook_pending(self) -> list[dict[str, Any]]:
        """Updates the webhook has not acknowledged (with a 2xx) yet."""
        return self.updates.pending

    async def wait_webhook_idle(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109
        """Wait until every update was acknowledged and no request is in flight
        (AssertionError with a report of the deliveries on timeout)."""
        await self.webhooks.fake.wait_until(self.webhooks.idle, timeout, self.webhooks.report)
