"""The fake Bot API and the fake model server in a process of their own, for benchmarks.

In production Telegram and the model server run elsewhere; here they would otherwise
share the bot's event loop and core, and their work would be counted as the bot's.
The parent drives them through a pipe: `RemoteFakes.start()`, then `await
remote.call("latency", ...)` / `("burst", ...)`, then `stop()`.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from typing import Any

REPLY = "Hola, dime en qué te ayudo."
LATENCY_USERS = 500_000  # Telegram ids: the same people in every call of a command
BURST_USERS = 600_000


class RemoteFakes:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), daemon=True)

    def start(self) -> dict[str, str]:
        """Start the fakes; returns their addresses (telegram_url, token, openai_url)."""
        self._process.start()
        if not self._conn.poll(60):
            raise RuntimeError("the fakes did not start")
        return self._conn.recv()

    async def call(self, command: str, **arguments: Any) -> Any:
        self._conn.send((command, arguments))
        loop = asyncio.get_running_loop()
        ready = await loop.run_in_executor(None, self._conn.poll, 300)
        if not ready:
            raise RuntimeError(f"the fakes did not answer {command!r}")
        result = self._conn.recv()
        if isinstance(result, Exception):
            raise result
        return result

    def stop(self) -> None:
        if self._process.is_alive():
            self._conn.send(("stop", {}))
            self._process.join(10)
        if self._process.is_alive():
            self._process.kill()


def _serve(conn) -> None:
    asyncio.run(_main(conn))


async def _main(conn) -> None:
    from tests.fakes.openai import FakeOpenAI
    from tests.fakes.telegram import FakeTelegram

    telegram = await FakeTelegram().start()
    model = await FakeOpenAI().start()
    model.allow_leftovers()
    conn.send(
        {"telegram_url": telegram.base_url, "token": telegram.token, "openai_url": model.base_url}
    )
    loop = asyncio.get_running_loop()
    commands = {"latency": _latency, "burst": _burst, "people": _people, "sends": _sends}
    try:
        while True:
            command, arguments = await loop.run_in_executor(None, conn.recv)
            if command == "stop":
                return
            try:
                conn.send(await commands[command](telegram, model, **arguments))
            except Exception as error:  # reported to the parent, which fails the test
                conn.send(RuntimeError(f"{command}: {error!r}"))
    finally:
        await telegram.stop()
        await model.stop()


async def _latency(
    telegram, model, *, users: int, rounds: int, text: str = "hola"
) -> list[dict[str, float]]:
    """Each user in turn sends one message and waits for the reply; per message: the
    update id, when the reply arrived, and how long the fakes were busy meanwhile."""
    people = [_person(telegram, LATENCY_USERS + number) for number in range(users)]
    for _ in range(users * rounds):
        model.script.reply_text(REPLY)
    measured = []
    for _ in range(rounds):
        for person in people:
            busy = telegram.busy.seconds + model.busy.seconds
            await person.send(text)
            reply = await person.wait_for_reply(timeout=10)
            update = telegram.updates.delivered[-1]  # one message at a time: this one
            request = [
                r for r in telegram.requests("sendMessage") if r.params.get("chat_id") == person.id
            ][-1]
            assert reply.plain_text == REPLY or text.startswith("/")
            measured.append(
                {
                    "update_id": update["update_id"],
                    "replied_at": request.time,
                    "fakes_busy": telegram.busy.seconds + model.busy.seconds - busy,
                }
            )
    return measured


def _person(telegram, user_id: int):
    return telegram.user(user_id, first_name=f"U{user_id}", language_code="es")


async def _burst(telegram, model, *, users: int, messages_each: int) -> dict[str, Any]:
    """Every user sends `messages_each` messages at once; how long until all are answered."""
    people = [_person(telegram, BURST_USERS + number) for number in range(users)]
    total = users * messages_each
    for _ in range(total):
        model.script.reply_text("Entendido.")
    before = len(telegram.requests("sendMessage"))
    started = time.perf_counter()
    for _ in range(messages_each):
        for person in people:
            await person.send("¿qué debo?")
    await telegram.wait_until(
        lambda: len(telegram.requests("sendMessage")) - before >= total,
        timeout=120,
        describe=f"{total} replies",
    )
    elapsed = time.perf_counter() - started
    answered = {}
    for request in telegram.requests("sendMessage")[before:]:
        answered[request.params["chat_id"]] = answered.get(request.params["chat_id"], 0) + 1
    return {
        "elapsed": elapsed,
        "replies": total,
        "every_user_answered_each_time": sorted(set(answered.values())) == [messages_each],
        "problems": len(telegram.problems) + len(model.problems),
    }


async def _people(telegram, model, *, user_ids: list[int], limit_per_second: int) -> int:
    """Private chats for `user_ids`, and Telegram's flood limit on sendMessage."""
    for user_id in user_ids:
        _person(telegram, user_id)
    telegram.limit_rate("sendMessage", limit_per_second)
    return len(user_ids)


async def _sends(telegram, model, *, expected: int, seconds: float) -> dict[str, Any]:
    """Once `expected` messages were accepted: when each arrived, per chat, and the 429s."""
    await telegram.wait_until(
        lambda: sum(r.status == 200 for r in telegram.requests("sendMessage")) >= expected,
        timeout=seconds,
        describe=f"{expected} messages",
    )
    accepted = [
        (int(r.params["chat_id"]), r.time)
        for r in telegram.requests("sendMessage")
        if r.status == 200
    ]
    return {"accepted": accepted, "refused": telegram.flood_refusals}
