"""The fake Telegram delivers updates to a webhook the way Telegram does: per chat in order,
chats in parallel, failed deliveries retried, round robin over the bot's replicas."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from telegram.error import BadRequest, Conflict
from telegram.ext import MessageHandler, filters

from tests.fakes.telegram import FakeTelegram
from tests.fakes.telegram.webhooks import SECRET_HEADER
from tests.support.processes import free_port

SECRET = "s3cret_token-for-tests"
WEBHOOK_URL = "https://bot.example/hook"


@dataclass
class Received:
    update: dict[str, Any]
    headers: dict[str, str]

    @property
    def text(self) -> str | None:
        return (self.update.get("message") or {}).get("text")


@dataclass
class Replica:
    """A stand-in for one bot replica behind the load balancer: records what arrives and
    answers ``status``; updates of a chat in ``held`` wait until that gate opens."""

    fake: FakeTelegram
    status: int = 200
    delay: float = 0.0
    held: dict[int, asyncio.Event] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    active: int = 0
    most_active: int = 0
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        update = await request.json()
        self.received.append(Received(update, dict(request.headers)))
        self.active += 1
        self.most_active = max(self.most_active, self.active)
        self.fake.notify()
        try:
            gate = self.held.get(update.get("message", {}).get("chat", {}).get("id"))
            if gate is not None:
                await gate.wait()
            await asyncio.sleep(self.delay)
        finally:
            self.active -= 1
        return web.Response(status=self.status)

    def texts(self) -> list[str | None]:
        return [r.text for r in self.received]


@pytest.fixture
async def replicas(fake_telegram: FakeTelegram) -> AsyncIterator[list[Replica]]:
    """Two replicas on free ports; the fake's webhook requests land on both, round robin."""
    runners, started = [], []
    for _ in range(2):
        replica = Replica(fake_telegram)
        app = web.Application()
        app.router.add_post("/hook", replica.handle)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        replica.url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
        runners.append(runner)
        started.append(replica)
    try:
        yield started
    finally:
        await fake_telegram.webhooks.stop()  # before the replicas go away
        for runner in runners:
            await runner.cleanup()


@pytest.fixture
def replica(fake_telegram: FakeTelegram, replicas: list[Replica]) -> Replica:
    """One replica only: every webhook request lands on it."""
    fake_telegram.route_webhook(replicas[0].url)
    return replicas[0]


async def test_update_arrives_as_json_with_the_secret_token(
    fake_telegram: FakeTelegram, fake_telegram_bot, replica: Replica
) -> None:
    assert await fake_telegram_bot.set_webhook(WEBHOOK_URL, secret_token=SECRET)
    sent = await fake_telegram.user(first_name="Ana").send("hola")
    await fake_telegram.wait_webhook_idle()
    (arrived,) = replica.received
    assert arrived.headers[SECRET_HEADER] == SECRET
    assert arrived.headers["Content-Type"] == "application/json"
    assert arrived.update == fake_telegram.delivered_updates()[0]
    assert arrived.update["message"] == sent.wire()
    (delivery,) = fake_telegram.webhook_deliveries
    assert (delivery.status, delivery.error, delivery.url) == (200, None, replica.url)
    assert delivery.finished is not None and delivery.finished >= delivery.started
    assert fake_telegram.webhook_pending() == []
    await asyncio.sleep(0.3)  # acknowledged: never delivered again
    assert len(replica.received) == 1
    info = await fake_telegram_bot.get_webhook_info()
    assert (info.url, info.pending_update_count, info.max_connections) == (WEBHOOK_URL, 0, 40)
    assert info.last_error_date is None


async def test_a_chat_waits_for_its_previous_update_while_other_chats_proceed(
    fake_telegram: FakeTelegram, fake_telegram_bot, replica: Replica
) -> None:
    ana, ben = fake_telegram.user(first_name="Ana"), fake_telegram.user(first_name="Ben")
    replica.held[ana.id] = asyncio.Event()
    await fake_telegram_bot.set_webhook(WEBHOOK_URL)
    await ana.send("a1")
    await ana.send("a2")
    await ben.send("b1")
    await ben.send("b2")
    await fake_telegram.wait_until(lambda: "b2" in replica.texts(), 2, "ben's updates")
    await asyncio.sleep(0.2)
    assert replica.texts() == ["a1", "b1", "b2"]  # a2 waits until a1 is acknowledged
    assert len(fake_telegram.webhook_pending()) == 2
    replica.held[ana.id].set()
    await fake_telegram.wait_webhook_idle()
    assert replica.texts() == ["a1", "b1", "b2", "a2"]
    by_text = {
        u["message"]["text"]: d
        for d in fake_telegram.webhook_deliveries
        for u in fake_telegram.delivered_updates()
        if u["update_id"] == d.update_id
    }
    assert by_text["a1"].finished <= by_text["a2"].started
    assert by_text["a1"].chat_key == ana.id and by_text["b1"].chat_key == ben.id


async def test_at_most_max_connections_requests_are_in_flight(
    fake_telegram: FakeTelegram, fake_telegram_bot, replica: Replica
) -> None:
    replica.delay = 0.2
    await fake_telegram_bot.set_webhook(WEBHOOK_URL, max_connections=2)
    for n in range(5):
        await fake_telegram.user(first_name=f"U{n}").send("hi")
    await fake_telegram.wait_webhook_idle()
    assert len(replica.received) == 5
    assert replica.most_active == 2
    assert (await fake_telegram_bot.get_webhook_info()).max_connections == 2


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (403, "Wrong response from the webhook: 403 Forbidden"),
        (500, "Wrong response from the webhook: 500 Internal Server Error"),
    ],
)
async def test_a_refused_update_is_retried_and_reported_in_webhook_info(
    fake_telegram: FakeTelegram, fake_telegram_bot, replica: Replica, status: int, message: str
) -> None:
    replica.status = status
    await fake_telegram_bot.set_webhook(WEBHOOK_URL)
    ana = fake_telegram.user()
    await ana.send("first")
    await ana.send("second")
    await fake_telegram.wait_until(
        lambda: len(fake_telegram.webhook_deliveries) >= 3, 3, "three attempts"
    )
    assert {r.text for r in replica.received} == {"first"}  # same chat: second waits
    info = await fake_telegram_bot.get_webhook_info()
    assert info.last_error_message == message
    assert info.pending_update_count == 2
    assert info.last_error_date is not None
    failed = fake_telegram.webhook_deliveries[0]
    assert (failed.status, failed.error) == (status, message)
    replica.status = 200
    await fake_telegram.wait_webhook_idle()
    assert replica.texts()[-2:] == ["first", "second"]
    info = await fake_telegram_bot.get_webhook_info()
    assert info.pending_update_count == 0
    assert info.last_error_message == message  # Telegram keeps the last error


async def test_connection_refused_and_timeouts_are_failed_deliveries(
    fake_telegram: FakeTelegram, fake_telegram_bot, replica: Replica
) -> None:
    fake_telegram.route_webhook(f"http://127.0.0.1:{free_port()}/hook", replica.url)
    fake_telegram.webhook_timeout = 0.2
    replica.delay = 0.5
    await fake_telegram_bot.set_webhook(WEBHOOK_URL)
    await fake_telegram.user().send("hi")
    await fake_telegram.wait_until(
        lambda: len([d for d in fake_telegram.webhook_deliveries if d.finished]) >= 2, 3
    )
    outcomes = {(d.status, d.error) for d in fake_telegram.webhook_deliveries[:2]}
    assert outcomes == {(None, "Connection refused"), (None, "Read timeout expired")}
    info = await fake_telegram_bot.get_webhook_info()
    assert info.pending_update_count == 1
    replica.delay = 0
    fake_telegram.route_webhook(replica.url)
    await fake_telegram.wait_webhook_idle()


async def test_deliveries_alternate_between_the_two_replicas(
    fake_telegram: FakeTelegram, fake_telegram_bot, replicas: list[Replica]
) -> None:
    fake_telegram.route_webhook(replicas[0].url, replicas[1].url)
    await fake_telegram_bot.set_webhook(WEBHOOK_URL)
    ana = fake_telegram.user(first_name="Ana")
    for n in range(4):
        await ana.send(f"m{n}")
    await fake_telegram.wait_webhook_idle()
    first, second = (replicas[0], replicas[1]) if ana.id % 2 == 0 else (replicas[1], replicas[0])
    urls = [d.url for d in fake_telegram.webhook_deliveries]
    assert urls == [first.url, second.url] * 2  # one chat's updates alternate
    assert first.texts() == ["m0", "m2"]
    assert second.texts() == ["m1", "m3"]


async def test_allowed_updates_filter_webhook_delivery(
    fake_telegram: FakeTelegram, fake_telegram_bot, replica: Replica
) -> None:
    await fake_telegram_bot.set_webhook(WEBHOOK_URL, allowed_updates=["my_chat_member"])
    ana = fake_telegram.user()
    await ana.send("not wanted")
    await ana.block_bot()
    await fake_telegram.wait_webhook_idle()
    assert [next(k for k in r.update if k != "update_id") for r in replica.received] == [
        "my_chat_member"
    ]
    assert [u["message"]["text"] for u in fake_telegram.updates.dropped] == ["not wanted"]
    info = await fake_telegram_bot.get_webhook_info()
    assert info.allowed_updates == ("my_chat_member",)


async def test_delete_webhook_with_drop_pending_updates_stops_delivery(
    fake_telegram: FakeTelegram, fake_telegram_bot, replica: Replica
) -> None:
    replica.status = 500
    fake_telegram.webhook_retry_delay = 0.05
    await fake_telegram_bot.set_webhook(WEBHOOK_URL)
    ana = fake_telegram.user()
    await ana.send("failing")
    await fake_telegram.wait_until(lambda: len(replica.received) >= 2, 2, "a retry")
    assert await fake_telegram_bot.delete_webhook(drop_pending_updates=True)
    await asyncio.sleep(0.05)  # an attempt in flight may still finish
    attempts = len(fake_telegram.webhook_deliveries)
    await ana.send("after delete")
    await asyncio.sleep(0.3)
    assert len(fake_telegram.webhook_deliveries) == attempts
    assert [u["message"]["text"] for u in fake_telegram.webhook_pending()] == ["after delete"]
    (update,) = await fake_telegram_bot.get_updates(timeout=0)  # polling works again
    assert update.message.text == "after delete"


async def test_get_updates_is_a_conflict_while_a_webhook_is_set(
    fake_telegram: FakeTelegram, fake_telegram_bot, replica: Replica
) -> None:
    await fake_telegram_bot.set_webhook(WEBHOOK_URL)
    with pytest.raises(Conflict, match="can't use getUpdates method while webhook is active"):
        await fake_telegram_bot.get_updates(timeout=0)


async def test_set_webhook_rejects_a_bad_secret_token(
    fake_telegram: FakeTelegram, fake_telegram_bot
) -> None:
    with pytest.raises(BadRequest, match="Secret token contains unallowed characters"):
        await fake_telegram_bot.set_webhook(WEBHOOK_URL, secret_token="no spaces allowed")


async def _echo(update, context) -> None:
    await update.message.reply_text(f"echo: {update.message.text}")


async def test_a_ptb_application_behind_a_webhook_replies(fake_telegram: FakeTelegram) -> None:
    port = free_port()
    fake_telegram.route_webhook(f"http://127.0.0.1:{port}/hook")
    app = fake_telegram.application_builder().build()
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    async with app:
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="hook",
            webhook_url=WEBHOOK_URL,
            secret_token="s" * 20,
        )
        await app.start()
        try:
            ana = fake_telegram.user(first_name="Ana")
            await ana.send("hola")
            reply = await ana.wait_for_reply()
            assert reply.text == "echo: hola"
            await fake_telegram.wait_webhook_idle()
        finally:
            await app.updater.stop()
            await app.stop()
    (set_webhook,) = fake_telegram.requests("setWebhook")
    assert set_webhook.params["secret_token"] == "s" * 20
    assert [d.status for d in fake_telegram.webhook_deliveries] == [200]
