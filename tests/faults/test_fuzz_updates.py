"""Ten thousand random updates: nothing an attacker sends breaks the bot or reaches into
another person's data.

Two victims sit still: Vera, registered, with an open settlement offer, an agreed plan,
its reminders and an unused invite; and Rita, halfway through /register. Four attackers
(three with debts and plans of their own) and a group chat get hypothesis-made batches:
texts of every script and size, numbers Python and Babel choke on, commands with junk,
real and forged button data (the victims' ids included), edits, contacts with the
victim's phone, files, forged pre-checkouts, chat member changes, and update kinds finbot
never asks for. Checked after every batch: no handler failed and nothing logged an error,
every private message got an answer, every pre-checkout a refusal; at the end, every
victim row is as it was and no message went to a victim's chat. The fake Telegram's
spec check runs on every request, and its fixture fails the test at teardown.

Set FUZZ_UPDATES for a longer (or shorter) run.
"""

from __future__ import annotations

import asyncio
import os
import time

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from pydantic import SecretStr

from tests.faults.fuzz_driver import Driver
from tests.faults.fuzz_updates import batches
from tests.faults.fuzz_world import OPERATORS_CHAT, build_world, snapshot

pytestmark = pytest.mark.slow

BATCH = 80
UPDATES = int(os.environ.get("FUZZ_UPDATES", "10000"))
REQUIRED = 10_000
"""What the issue asks for, on SQLite; PostgreSQL gets a sixteenth, to keep CI short."""


@pytest.fixture
def bot_settings(bot_settings):
    return bot_settings.model_copy(
        update={
            "send_reminders": False,  # the test runs the reminder look once, by hand
            "payment_provider_token": SecretStr("284685063:TEST:fake-provider-token"),
            "admin_chat_id": OPERATORS_CHAT,
        }
    )


async def test_random_updates_never_break_the_bot_or_touch_another_persons_data(
    finbot, fake_telegram, session_factory, database_backend
):
    world = await build_world(finbot, fake_telegram, session_factory)
    victim_chats = [person.id for person in world.victims]
    before = await snapshot(session_factory, world.victim_user_ids, victim_chats)
    assert before["debts"] and before["payment_plans"] and before["offers"]
    assert before["installments"] and before["reminders"] and before["invites"]
    assert before["chat_flows"] and before["audit_log"]
    seen_by_victims = [len(person.history) for person in world.victims]
    wanted = UPDATES if database_backend == "sqlite" else UPDATES // 16
    driver = Driver(finbot, fake_telegram, world)
    loop = asyncio.get_running_loop()

    @settings(
        max_examples=-(-wanted // BATCH),
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],  # the bot keeps its state between examples: no shrinking
        suppress_health_check=list(HealthCheck),
    )
    @given(batch=batches(BATCH))
    def fuzz(batch):
        asyncio.run_coroutine_threadsafe(driver.play(batch), loop).result()

    started = time.perf_counter()
    with driver.watching():
        await asyncio.to_thread(fuzz)
    seconds = time.perf_counter() - started
    print(
        f"\n{driver.updates} updates in {seconds:.0f} s; kinds {dict(driver.kinds)}"
        f"\nhandlers {driver.handlers.most_common()}"
        f"\nwarnings {driver.warnings.most_common(10)}"
        f"\nunanswered presses {len(driver.unanswered_presses)}: {driver.unanswered_presses[:10]}"
    )

    for failure, count in driver.failures.most_common():
        print(count, failure)
    assert not driver.problems, "\n\n".join(driver.problems[:10])
    assert not driver.unanswered_presses  # a press left unanswered spins in the app
    assert await snapshot(session_factory, world.victim_user_ids, victim_chats) == before
    assert [len(person.history) for person in world.victims] == seen_by_victims
    if database_backend == "sqlite" and "FUZZ_UPDATES" not in os.environ:
        assert driver.updates >= REQUIRED
