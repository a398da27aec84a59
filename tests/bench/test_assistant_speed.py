"""The bot's own cost of an assistant reply, with a model server that answers at once.

The fake Bot API and the fake model server run in a process of their own (as the real
ones run elsewhere), so the figures are the bot's: a streamed reply (one draft, then the
message) from users who have written before, on PostgreSQL.

- Overhead: from the moment the Application starts handling a text update to the moment
  the reply's sendMessage reaches the fake Bot API, minus the time the fakes spent
  answering meanwhile; median of one-at-a-time messages.
- Throughput: 500 users write twice at once; replies per second until all are answered,
  the best of three such bursts.

Run `uv run pytest -m bench -n 0 tests/bench/test_assistant_speed.py -s` to see the figures.
"""

from __future__ import annotations

import os
import statistics
import time

import pytest
from pydantic import SecretStr
from telegram.ext import TypeHandler

from bot.app import build_application
from bot.runtime.lifecycle import running
from tests.support.bench import STRICT, assert_at_least, assert_under
from tests.support.remote_fakes import RemoteFakes

pytestmark = [pytest.mark.bench, pytest.mark.database_backends("postgresql")]

OVERHEAD_LIMIT_MS = 15.0
THROUGHPUT_TARGET = 100.0  # replies per second
USERS = 500
BURSTS = 3 if STRICT else 1  # the best of three, like the other figures (BENCH_STRICT)


@pytest.fixture
def remote_fakes():
    fakes = RemoteFakes()
    addresses = fakes.start()
    try:
        yield fakes, addresses
    finally:
        fakes.stop()


@pytest.fixture
def remote_settings(bot_settings, remote_fakes):
    _, addresses = remote_fakes
    return bot_settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(addresses["token"]),
            "telegram_api_base_url": addresses["telegram_url"],
            "openai_api_key": SecretStr("sk-bench"),
            "openai_base_url": addresses["openai_url"],
            "openai_model": "gpt-fake",
            "assistant_for": "everyone",  # the bench's people never register
        }
    )


def note_update_starts(application) -> dict[int, float]:
    """update_id -> wall time the Application began handling it (a first, passive handler)."""
    starts: dict[int, float] = {}

    async def note(update, _context) -> None:
        starts[update.update_id] = time.time()

    application.add_handler(TypeHandler(object, note), group=-100)
    return starts


async def test_bot_overhead_per_assistant_reply_is_under_15_ms(
    remote_fakes, remote_settings, clock
):
    fakes, _ = remote_fakes
    application = build_application(remote_settings, clock=clock)
    starts = note_update_starts(application)
    async with running(application, poll_timeout=1):
        await fakes.call("latency", users=20, rounds=1)  # first contact: users are created
        measured = await fakes.call("latency", users=20, rounds=10)
    totals = [(m["replied_at"] - starts[m["update_id"]]) * 1000 for m in measured]
    overheads = [total - m["fakes_busy"] * 1000 for total, m in zip(totals, measured, strict=True)]
    median = statistics.median(overheads)
    p90 = statistics.quantiles(overheads, n=10)[-1]
    print(
        f"\nassistant reply, bot overhead: median {median:.1f} ms, p90 {p90:.1f} ms "
        f"(with the fakes' own time: median {statistics.median(totals):.1f} ms)"
    )
    assert_under(median, OVERHEAD_LIMIT_MS, "bot overhead per reply, ms (median)")


MEMORY_GROWTH_LIMIT_MB = 30


def resident_mb() -> float:
    """This process's resident memory (Linux)."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1_048_576


async def test_five_hundred_users_get_over_100_replies_per_second(
    remote_fakes, remote_settings, clock
):
    fakes, _ = remote_fakes
    application = build_application(remote_settings, clock=clock)
    results = []
    before = resident_mb()
    async with running(application, poll_timeout=1):
        await fakes.call("burst", users=USERS, messages_each=1)  # first contact
        after_first = resident_mb()
        for _ in range(BURSTS):
            results.append(await fakes.call("burst", users=USERS, messages_each=2))
        after_all = resident_mb()
    print(
        f"\nresident memory of the process: {before:.0f} MB before the bot started, "
        f"{after_first:.0f} MB after {USERS} users' first messages, {after_all:.0f} MB after "
        f"{BURSTS} more bursts of {USERS * 2} replies"
    )
    # Serving more of the same people must not keep growing memory.
    assert_under(after_all - after_first, MEMORY_GROWTH_LIMIT_MB, "memory growth over bursts, MB")
    rates = [result["replies"] / result["elapsed"] for result in results]
    print(
        f"\nassistant throughput, {results[0]['replies']} replies to {USERS} users at once, "
        f"best of {BURSTS}: {max(rates):.0f} per second "
        f"(each: {', '.join(f'{rate:.0f}' for rate in rates)})"
    )
    assert all(result["every_user_answered_each_time"] for result in results)
    assert all(result["problems"] == 0 for result in results)
    assert_at_least(max(rates), THROUGHPUT_TARGET, "replies per second")
