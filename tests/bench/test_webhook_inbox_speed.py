"""What webhook mode's inbox costs per update on PostgreSQL: recording the update before
the 200, taking the chat's turn, reading the chat's waiting updates and marking the update
handled (the handler itself does nothing here).

Run `uv run pytest -m bench -n 0 tests/bench/test_webhook_inbox_speed.py -s` for the figures.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from datetime import UTC, datetime

import pytest
from telegram import Bot, Update

from bot.runtime.inbox_processor import Inbox, InboxQueue, InboxUpdateProcessor
from db.chat_turns import ChatTurns
from db.unit_of_work import UnitOfWork
from services.inbox.updates import UpdateInbox
from tests.support.bench import assert_at_least, assert_under

pytestmark = [pytest.mark.bench, pytest.mark.database_backends("postgresql")]

CHATS = 200
MESSAGES_EACH = 5
ALONE = 200
OVERHEAD_LIMIT_MS = 10.0
RATE_TARGET = 150
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def message_update(update_id: int, chat: int, bot: Bot) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 1_764_000_000,
                "chat": {"id": chat, "type": "private", "first_name": "P"},
                "from": {"id": chat, "is_bot": False, "first_name": "P"},
                "text": f"message {update_id}",
            },
        },
        bot,
    )


async def test_the_inbox_costs_under_10_ms_an_update_and_keeps_up_with_150_a_second(
    session_factory, database_url
):
    inbox = Inbox()
    inbox.updates = UpdateInbox(lambda: UnitOfWork(session_factory))
    inbox.turns = ChatTurns(database_url, connections=20)
    inbox.clock = lambda: NOW
    queue, processor = InboxQueue(inbox), InboxUpdateProcessor(inbox)
    bot = Bot("1:bench")
    handled: list[int] = []
    times: list[float] = []

    async def one(update: Update) -> None:
        started = time.perf_counter()
        await queue.put(update)  # what the webhook does before its 200
        await queue.get()

        async def handler() -> None:
            handled.append(update.update_id)

        await processor.do_process_update(update, handler())
        times.append((time.perf_counter() - started) * 1000)

    async def chat(number: int) -> None:
        for message in range(MESSAGES_EACH):
            update_id = ALONE + 1 + number * MESSAGES_EACH + message
            await one(message_update(update_id, 10_000 + number, bot))

    try:
        for update_id in range(1, ALONE + 1):  # one chat: the cost an update pays
            await one(message_update(update_id, 9_999, bot))
        alone = statistics.median(times)
        started = time.perf_counter()
        await asyncio.gather(*(chat(number) for number in range(CHATS)))
        rate = CHATS * MESSAGES_EACH / (time.perf_counter() - started)
    finally:
        await inbox.turns.close()
    assert len(handled) == ALONE + CHATS * MESSAGES_EACH
    print(
        f"\nwebhook inbox on PostgreSQL: {alone:.1f} ms an update (median of {ALONE} in one "
        f"chat); {rate:.0f} updates a second with {CHATS} chats at once"
    )
    assert_under(alone, OVERHEAD_LIMIT_MS, "inbox time per update, ms (median)")
    assert_at_least(rate, RATE_TARGET, "inbox updates a second, 200 chats at once")
