"""Two `finbot run` replicas in webhook mode on one PostgreSQL, behind the fake Telegram,
which delivers the updates of 120 chats alternately to both (a load balancer's round
robin). Telegram sends a chat's next update as soon as the previous one got its 200, so
one chat's consecutive messages land on different replicas while the first is still being
answered. Every chat must still get its answers once each and in order, and the model
must see each chat's thread in order; halfway through, one replica gets SIGTERM, stops
taking updates, finishes those in hand and exits cleanly, and the other carries on.
"""

from __future__ import annotations

import asyncio
import signal

import pytest

from tests.support.bot import OPERATOR_OPENAI_KEY
from tests.support.processes import bot_environment, free_port, start_bot

pytestmark = pytest.mark.slow

CHATS = 120
MESSAGES = 3
SECRET = "webhook-secret-0123456789_abc"
PUBLIC_URL = "https://finbot.example/telegram/hook"


def user_texts(body: dict) -> list[str]:
    texts = []
    for item in body["input"]:
        if item.get("type") == "message" and item.get("role") == "user":
            content = item["content"]
            texts.append(content if isinstance(content, str) else content[0]["text"])
    return texts


def echo(body: dict) -> str:
    return f"echo {user_texts(body)[-1]}"


async def until(condition, seconds: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


def answers(fake_telegram) -> dict[int, list[str]]:
    """Chat id -> texts of the messages the bot sent there, in the order they appeared."""
    sent: dict[int, list[tuple[int, str]]] = {}
    for request in fake_telegram.requests("sendMessage"):
        if request.status == 200:
            message_id = request.response["result"]["message_id"]
            chat = int(request.params["chat_id"])
            sent.setdefault(chat, []).append((message_id, request.params["text"]))
    return {chat: [text for _, text in sorted(messages)] for chat, messages in sent.items()}


@pytest.mark.database_backends("postgresql")
@pytest.mark.xdist_group("postgresql-processes")  # one such test at a time: connections
async def test_two_webhook_replicas_answer_every_chat_once_and_in_order(
    fake_telegram, fake_openai, database_url, tmp_path
):
    for _ in range(CHATS * (MESSAGES + 1)):
        fake_openai.script.respond_with(echo)
    ports = [free_port(), free_port()]
    fake_telegram.route_webhook(*(f"http://127.0.0.1:{port}/telegram/hook" for port in ports))
    replicas = [
        await start_bot(
            "run",
            bot_environment(
                fake_telegram,
                database_url,
                tmp_path,
                WEBHOOK_URL=PUBLIC_URL,
                WEBHOOK_SECRET=SECRET,
                WEBHOOK_LISTEN="127.0.0.1",
                WEBHOOK_PORT=str(port),
                OPENAI_API_KEY=OPERATOR_OPENAI_KEY,
                OPENAI_BASE_URL=fake_openai.base_url,
                OPENAI_MODEL="gpt-fake",
                SEND_REMINDERS="false",
                ASSISTANT_DAILY_TOKENS="0",
                ASSISTANT_FOR="everyone",
                CHAT_ORDER_CONNECTIONS="10",  # two replicas stay within PostgreSQL's 100
            ),
            tmp_path,
        )
        for port in ports
    ]
    try:
        await until(lambda: len(fake_telegram.requests("setWebhook")) == 2, 90, "both replicas")

        def replies() -> int:
            return sum(len(texts) for texts in answers(fake_telegram).values())

        people = [fake_telegram.user(first_name=f"P{n}", language_code="en") for n in range(CHATS)]
        for number, person in enumerate(people):  # each chat starts its thread
            await person.send(f"{number}:0")
        await until(lambda: replies() >= CHATS, 120, "every first answer")
        # Then every chat's next answer is slow to send, and its further messages come
        # meanwhile: they reach the other replica, which must wait for the chat's turn.
        fake_telegram.delay_next("sendMessage", 2.0, times=CHATS)
        for number, person in enumerate(people):
            await person.send(f"{number}:1")
        await until(lambda: len(fake_openai.requests) >= 2 * CHATS, 60, "every second question")
        for round_ in range(2, MESSAGES + 1):
            for number, person in enumerate(people):
                await person.send(f"{number}:{round_}")
        await until(lambda: replies() >= 2 * CHATS, 120, "the second round of answers")
        replicas[0].send_signal(signal.SIGTERM)  # a rolling upgrade takes the first one out
        _, stderr = await asyncio.wait_for(replicas[0].communicate(), 60)
        assert replicas[0].returncode == 0, stderr.decode()[-3000:]
        assert b"Traceback" not in stderr

        await until(lambda: replies() >= CHATS * (MESSAGES + 1), 240, "every answer")
        await fake_telegram.wait_webhook_idle(timeout=30)
        await asyncio.sleep(1)  # time for an answer sent twice to show

        sent = answers(fake_telegram)
        for number, person in enumerate(people):
            expected = [f"echo {number}:{round_}" for round_ in range(MESSAGES + 1)]
            assert sent.get(person.id) == expected, f"chat {number}: {sent.get(person.id)}"

        threads: dict[str, list[list[str]]] = {}
        for body in fake_openai.requests:
            texts = user_texts(body)
            threads.setdefault(texts[-1].split(":")[0], []).append(texts)
        for number in range(CHATS):
            seen = threads[str(number)]
            assert seen == [
                [f"{number}:{round_}" for round_ in range(turn + 1)] for turn in range(MESSAGES + 1)
            ], f"chat {number}'s thread as the model saw it: {seen}"

        acknowledged = [d for d in fake_telegram.webhook_deliveries if d.status == 200]
        assert len(acknowledged) == CHATS * (MESSAGES + 1)
        assert len({d.update_id for d in acknowledged}) == CHATS * (MESSAGES + 1)
        by_replica = {port: 0 for port in ports}
        for delivery in acknowledged:
            by_replica[int(delivery.url.split(":")[2].split("/")[0])] += 1
        assert min(by_replica.values()) >= CHATS // 4, by_replica
    finally:
        for replica in replicas:
            if replica.returncode is None:
                replica.send_signal(signal.SIGTERM)
        for replica in replicas:
            _, stderr = await asyncio.wait_for(replica.communicate(), 60)
            assert replica.returncode == 0, stderr.decode()[-3000:]
            assert b"Traceback" not in stderr
