"""finbot in webhook mode, in this process, behind the fake Telegram's webhook delivery.

Telegram posts updates to WEBHOOK_URL; here the fake sends them on to the bot's local
webhook server as a load balancer would. A request without the secret gets 403 and does
nothing; an update sent twice is handled once; an update another replica recorded and
never handled is taken up.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from prometheus_client import REGISTRY
from pydantic import SecretStr
from sqlalchemy import select
from telegram.ext import MessageHandler, filters

from bot.app import ALLOWED_UPDATES, build_application
from bot.runtime.lifecycle import Webhook, running
from db.models import ReceivedUpdate
from db.unit_of_work import UnitOfWork
from services.inbox.updates import STALLED_AFTER, UpdateInbox
from tests.support.processes import free_port

SECRET = "webhook-secret-0123456789_abc"
PUBLIC_URL = "https://finbot.example/telegram/hook"


@pytest.fixture
def webhook_settings(bot_settings):
    return bot_settings.model_copy(
        update={
            "webhook_url": PUBLIC_URL,
            "webhook_secret": SecretStr(SECRET),
            "webhook_listen": "127.0.0.1",
            "webhook_port": free_port(),
        }
    )


@pytest.fixture
async def webhook_bot(fake_telegram, webhook_settings, clock):
    application = build_application(webhook_settings, clock=clock)
    local_url = f"http://127.0.0.1:{webhook_settings.webhook_port}/telegram/hook"
    fake_telegram.route_webhook(local_url)
    async with running(application, webhook=Webhook.from_settings(webhook_settings)):
        yield application, local_url


async def received(session_factory) -> list[ReceivedUpdate]:
    async with session_factory() as session:
        return list(
            await session.scalars(select(ReceivedUpdate).order_by(ReceivedUpdate.update_id))
        )


async def test_the_bot_sets_its_webhook_with_the_secret_and_answers_through_it(
    webhook_bot, fake_telegram, session_factory
):
    (set_webhook,) = fake_telegram.requests("setWebhook")
    assert set_webhook.params["url"] == PUBLIC_URL
    assert set_webhook.params["secret_token"] == SECRET
    assert set_webhook.params["allowed_updates"] == ALLOWED_UPDATES
    assert fake_telegram.requests("getUpdates") == []

    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send("/start")
    reply = await ana.wait_for_reply()
    assert "¡Hola, Ana! Soy finbot" in reply.plain_text
    await fake_telegram.wait_webhook_idle()
    for _ in range(100):  # marked handled once the handler has finished, after the reply
        (row,) = await received(session_factory)
        if row.handled_at is not None:
            break
        await asyncio.sleep(0.05)
    assert row.chat_key == ana.id and row.handled_at is not None
    assert row.payload is None  # nothing the person typed is kept once handled


async def post(url: str, body: dict, headers: dict) -> int:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=body, headers=headers) as response,
    ):
        return response.status


def start_update(update_id: int, user_id: int) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1_764_000_000,
            "chat": {"id": user_id, "type": "private", "first_name": "Eve"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Eve", "language_code": "en"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


@pytest.mark.parametrize(
    "headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong-secret-000000"}]
)
async def test_a_request_without_the_secret_gets_403_and_does_nothing(
    webhook_bot, fake_telegram, session_factory, headers
):
    _, local_url = webhook_bot
    assert await post(local_url, start_update(1, 555), headers) == 403
    assert await received(session_factory) == []
    assert fake_telegram.requests("sendMessage") == []


async def test_an_update_sent_twice_is_answered_once(webhook_bot, fake_telegram, session_factory):
    _, local_url = webhook_bot
    eve = fake_telegram.user(first_name="Eve", language_code="en")
    update = start_update(900_000_001, eve.id)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert await post(local_url, update, headers) == 200
    assert await post(local_url, update, headers) == 200
    await eve.wait_for_reply()
    await asyncio.sleep(0.5)  # time for a second answer, if there were one
    replies = [r for r in fake_telegram.requests("sendMessage") if r.params["chat_id"] == eve.id]
    assert len(replies) == 1
    (row,) = await received(session_factory)
    assert row.handled_at is not None


async def test_an_update_left_by_a_stopped_replica_is_taken_up(
    webhook_bot, fake_telegram, session_factory, clock
):
    application, _ = webhook_bot
    eve = fake_telegram.user(first_name="Eve", language_code="en")
    # Another replica recorded it (and answered 200) and died before handling it.
    await UpdateInbox(lambda: UnitOfWork(session_factory)).record(
        900_000_002, eve.id, start_update(900_000_002, eve.id), clock()
    )
    (job,) = application.job_queue.get_jobs_by_name("stalled updates")
    await job.run(application)
    assert eve.messages == []  # not stalled yet: its replica may still be at it
    assert waiting_metric() == 1
    clock.advance(seconds=STALLED_AFTER.total_seconds() + 1)
    await job.run(application)
    reply = await eve.wait_for_reply()
    assert "finbot" in reply.plain_text
    (row,) = await received(session_factory)
    assert row.handled_at is not None
    assert waiting_metric() == 0


def waiting_metric() -> float:
    return REGISTRY.get_sample_value("finbot_webhook_updates_waiting")


async def test_a_stop_cuts_an_update_still_in_hand_short_and_leaves_it_for_another_replica(
    fake_telegram, webhook_settings, session_factory, clock
):
    started = asyncio.Event()

    async def stuck(update, context) -> None:
        started.set()
        await asyncio.sleep(3600)

    application = build_application(webhook_settings, clock=clock)
    application.add_handler(MessageHandler(filters.Regex("^stuck$"), stuck), group=-100)
    fake_telegram.route_webhook(f"http://127.0.0.1:{webhook_settings.webhook_port}/telegram/hook")
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    webhook = Webhook.from_settings(webhook_settings)
    async with running(application, webhook=webhook, stop_timeout=0.5):
        await ana.send("stuck")
        await asyncio.wait_for(started.wait(), 10)
        stopping_from = asyncio.get_running_loop().time()
    took = asyncio.get_running_loop().time() - stopping_from
    assert took < 5, f"the stop took {took:.1f} s"
    (row,) = await received(session_factory)
    assert row.handled_at is None and row.payload["message"]["text"] == "stuck"


# -- what a stranger can post -------------------------------------------------------------

NINETY_MB = 90 * 1024 * 1024


async def raw_post(url: str, head: dict[str, str], body: bytes = b"") -> tuple[int, float]:
    """Send a POST's headers (and `body`, perhaps only part of what they announce); the
    status of the answer and how long it took, reading until the server closes."""
    port = int(url.split(":")[2].split("/")[0])
    path = "/" + url.split("/", 3)[3]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    started = asyncio.get_running_loop().time()
    lines = [f"POST {path} HTTP/1.1", "Host: finbot.example", "Content-Type: application/json"]
    lines += [f"{name}: {value}" for name, value in head.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
    await writer.drain()
    try:
        answer = await asyncio.wait_for(reader.read(), 5)  # the server closes the connection
    finally:
        writer.close()
    took = asyncio.get_running_loop().time() - started
    return int(answer.split(b" ", 2)[1]), took


@pytest.mark.parametrize(
    ("secret", "status"), [(None, 403), ("wrong-secret-000000", 403), (SECRET, 413)]
)
async def test_a_90_mb_post_is_refused_before_its_body_is_sent(
    webhook_bot, session_factory, secret, status
):
    """Only the headers go out: the answer comes without the server waiting for (and
    holding) 90 MB. On main the server waited for the whole body first."""
    _, local_url = webhook_bot
    head = {"Content-Length": str(NINETY_MB)}
    if secret is not None:
        head["X-Telegram-Bot-Api-Secret-Token"] = secret
    answered, took = await raw_post(local_url, head)
    assert answered == status
    assert took < 2
    assert await received(session_factory) == []


async def test_a_chunked_body_past_1_mb_is_cut_off_with_413(webhook_bot, session_factory):
    _, local_url = webhook_bot
    piece = b"x" * 65_536
    chunks = (f"{len(piece):x}\r\n".encode() + piece + b"\r\n") * 17  # 1.06 MB
    head = {"Transfer-Encoding": "chunked", "X-Telegram-Bot-Api-Secret-Token": SECRET}
    answered, _ = await raw_post(local_url, head, chunks)
    assert answered == 413
    assert await received(session_factory) == []


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"no_update_id": true}', b"\xff"])
async def test_a_malformed_body_with_the_right_secret_gets_400(
    webhook_bot, fake_telegram, session_factory, body
):
    _, local_url = webhook_bot
    head = {"Content-Length": str(len(body)), "X-Telegram-Bot-Api-Secret-Token": SECRET}
    answered, _ = await raw_post(local_url, head | {"Connection": "close"}, body)
    assert answered == 400
    assert await received(session_factory) == []
    # and the server still takes updates
    eve = fake_telegram.user(first_name="Eve", language_code="en")
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert await post(local_url, start_update(900_000_003, eve.id), headers) == 200
    await eve.wait_for_reply()
