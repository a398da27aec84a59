"""The webhook inbox on both databases: an update is kept once, a chat's waiting updates
come back oldest first, and a handled update keeps no text; chat turns exclude each other
across connections on PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.chat_turns import ChatTurns
from db.models import ReceivedUpdate
from db.unit_of_work import UnitOfWork
from services.inbox.updates import KEEP_HANDLED, STALLED_AFTER, UpdateInbox

NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
ANA, LUIS = 1001, 1002


@pytest.fixture
def inbox(session_factory) -> UpdateInbox:
    return UpdateInbox(lambda: UnitOfWork(session_factory))


def message(update_id: int, chat: int, text: str) -> dict:
    return {"update_id": update_id, "message": {"chat": {"id": chat}, "text": text}}


async def test_an_update_received_twice_is_kept_once(inbox):
    assert await inbox.record(7, ANA, message(7, ANA, "hola"), NOW) == "new"
    assert await inbox.record(7, ANA, message(7, ANA, "hola"), NOW) == "waiting"
    assert await inbox.waiting(ANA, 7) == [(7, message(7, ANA, "hola"))]
    assert await inbox.mark_handled(7, NOW) is True
    assert await inbox.mark_handled(7, NOW) is False  # another process got there first
    assert await inbox.record(7, ANA, message(7, ANA, "hola"), NOW) == "handled"


async def test_a_chats_waiting_updates_come_oldest_first_and_only_up_to_the_one_asked(inbox):
    for update_id, chat in [(12, ANA), (10, ANA), (11, LUIS), (13, ANA)]:
        await inbox.record(update_id, chat, message(update_id, chat, "x"), NOW)
    assert [update_id for update_id, _ in await inbox.waiting(ANA, 12)] == [10, 12]
    await inbox.mark_handled(10, NOW)
    assert [update_id for update_id, _ in await inbox.waiting(ANA, 13)] == [12, 13]


async def test_a_handled_update_keeps_no_text_and_is_forgotten_after_a_day(inbox, session_factory):
    await inbox.record(20, ANA, message(20, ANA, "mi teléfono es 600000000"), NOW)
    await inbox.mark_handled(20, NOW)
    async with session_factory() as session:
        row = await session.get(ReceivedUpdate, 20)
        assert row.payload is None and row.handled_at == NOW
    assert await inbox.record(20, ANA, message(20, ANA, "again"), NOW) == "handled"
    assert await inbox.forget_old(NOW + KEEP_HANDLED - timedelta(seconds=1)) == 0
    assert await inbox.forget_old(NOW + KEEP_HANDLED + timedelta(seconds=1)) == 1
    async with session_factory() as session:
        assert (await session.scalars(select(ReceivedUpdate))).all() == []


async def test_only_updates_waiting_too_long_count_as_stalled(inbox):
    await inbox.record(30, ANA, message(30, ANA, "a"), NOW)
    await inbox.record(31, ANA, message(31, ANA, "b"), NOW)
    await inbox.record(32, LUIS, message(32, LUIS, "c"), NOW + STALLED_AFTER)
    later = NOW + STALLED_AFTER + timedelta(seconds=1)
    assert await inbox.stalled_chats(later) == [(ANA, 31)]
    assert await inbox.count_waiting() == 3


@pytest.mark.database_backends("postgresql")
async def test_a_chats_turn_is_held_by_one_holder_at_a_time(database_url):
    first = ChatTurns(database_url, connections=2)
    second = ChatTurns(database_url, connections=2)
    order: list[str] = []
    try:
        async with first.hold(ANA):
            async with second.hold(ANA, wait=False) as held:
                assert held is False
            async with second.hold(LUIS, wait=False) as held:
                assert held is True  # another chat is free

            async def wait_for_turn() -> None:
                async with second.hold(ANA):
                    order.append("second")

            waiter = asyncio.create_task(wait_for_turn())
            await asyncio.sleep(0.3)
            order.append("first done")
        await asyncio.wait_for(waiter, 5)
        assert order == ["first done", "second"]
    finally:
        await first.close()
        await second.close()
