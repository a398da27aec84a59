"""Reminders survive crashes and a second process.

Telegram has no idempotent send: when a process dies after Telegram accepted a message
and before the database recorded it, nothing can tell later whether it went. finbot
resolves that doubt towards *never twice*: a claim left behind is marked unconfirmed and
not sent again (the next reminder of that installment still comes). So these tests check
that no reminder is ever delivered twice, that every reminder recorded as sent was
delivered exactly once with the recorded message id, that only claims in flight at a
kill (at most SEND_SLOTS per kill) are unconfirmed, and that nothing is left pending.
"""

from __future__ import annotations

import asyncio
import random
import signal

import pytest
from sqlalchemy import func, select

from bot.handlers.reminders.sender import SEND_SLOTS
from db.models import Reminder
from tests.support.processes import bot_environment, start_bot
from tests.support.reminder_load import delivered_per_chat, seed_due_reminders, statuses, unsettled

pytestmark = pytest.mark.slow

PEOPLE = 500
TWO_PROCESS_PEOPLE = 1_000
KILLS = 4


async def claimed_by(session_factory) -> dict[str, int]:
    async with session_factory() as session:
        rows = await session.execute(
            select(Reminder.claimed_by, func.count()).group_by(Reminder.claimed_by)
        )
        return dict(rows.all())


async def sent_count(fake_telegram) -> int:
    return sum(1 for r in fake_telegram.requests("sendMessage") if r.status == 200)


async def until(condition, seconds: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not await condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


def check_exactly_once_or_unconfirmed(fake_telegram, found: dict, telegram_ids: list[int], kills):
    delivered = delivered_per_chat(fake_telegram)
    doubled = {chat: ids for chat, ids in delivered.items() if len(ids) > 1}
    assert doubled == {}, f"delivered twice: {doubled}"
    unconfirmed = []
    for reminder_id, telegram_id in enumerate(telegram_ids, start=1):
        status, error, message_id = found[reminder_id]
        if status == "sent":
            assert delivered.get(telegram_id) == [message_id]
        else:
            assert status == "failed" and error.startswith("unconfirmed"), (status, error)
            unconfirmed.append(telegram_id)
    assert len(unconfirmed) <= kills * SEND_SLOTS
    lost = [chat for chat in unconfirmed if chat not in delivered]
    print(
        f"\n{len(telegram_ids)} reminders, {kills} kills: {len(delivered)} delivered once, "
        f"{len(unconfirmed)} unconfirmed ({len(unconfirmed) - len(lost)} of them delivered, "
        f"{len(lost)} not), 0 twice"
    )
    return unconfirmed


async def test_killing_the_bot_at_random_points_never_delivers_a_reminder_twice(
    fake_telegram, database_url, session_factory, tmp_path
):
    telegram_ids = await seed_due_reminders(session_factory, PEOPLE)
    for telegram_id in telegram_ids:
        fake_telegram.user(user_id=telegram_id, first_name="P", language_code="es")
    env = bot_environment(fake_telegram, database_url, tmp_path, REMINDER_CLAIM_TIMEOUT_SECONDS="2")
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    print(f"\nkill seed {seed}")
    kills = 0
    for _ in range(KILLS):
        if not await unsettled(session_factory):
            break
        before = await sent_count(fake_telegram)
        process = await start_bot("run", env, tmp_path)

        async def sending(process=process, before=before) -> bool:
            return await sent_count(fake_telegram) > before or process.returncode is not None

        await until(sending, 90, "the bot to start sending")
        await asyncio.sleep(rng.uniform(0.0, 0.6))
        if process.returncode is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        await process.wait()

    process = await start_bot("run", env, tmp_path)  # the last run finishes the work
    try:

        async def settled() -> bool:
            return await unsettled(session_factory) == 0

        await until(settled, 180, "every reminder to be settled")
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode == 0, stderr.decode()[-3000:]
    assert b"Traceback" not in stderr, stderr.decode()[-3000:]
    assert kills >= 1
    found = await statuses(session_factory)
    check_exactly_once_or_unconfirmed(fake_telegram, found, telegram_ids, kills)


@pytest.mark.database_backends("postgresql")
@pytest.mark.xdist_group("postgresql-processes")  # one such test at a time: connections
async def test_two_processes_on_one_postgresql_deliver_each_reminder_exactly_once(
    fake_telegram, database_url, session_factory, tmp_path
):
    telegram_ids = await seed_due_reminders(session_factory, TWO_PROCESS_PEOPLE)
    for telegram_id in telegram_ids:
        fake_telegram.user(user_id=telegram_id, first_name="P", language_code="es")
    env = bot_environment(fake_telegram, database_url, tmp_path)
    processes = [
        await start_bot("run", env, tmp_path),
        await start_bot("send-reminders", env, tmp_path),
    ]
    try:

        async def settled() -> bool:
            return await unsettled(session_factory) == 0

        await until(settled, 300, "every reminder to be sent")
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
        outputs = [await asyncio.wait_for(p.communicate(), timeout=60) for p in processes]
    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr.decode()[-3000:]
    found = await statuses(session_factory)
    assert check_exactly_once_or_unconfirmed(fake_telegram, found, telegram_ids, kills=0) == []
    chats = {request.params["chat_id"] for request in fake_telegram.requests("sendMessage")}
    assert len(chats) == TWO_PROCESS_PEOPLE
    workers = await claimed_by(session_factory)
    fair_share = TWO_PROCESS_PEOPLE // 10
    assert len(workers) == 2 and min(workers.values()) > fair_share  # both did their part
