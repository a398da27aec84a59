"""Reminders at scale (SQLite, the embedded default).

- Sending: 3,000 people each with a due reminder, through a fake Bot API that refuses
  (429) anything over 30 messages a second: the bot keeps to REMINDER_SEND_RATE (28) by
  itself, so the measured rate, first to last accepted message, should be 27 or more
  with no 429 at all.
- Finding: among 1,000,000 scheduled reminders (1,000 of them due), the time to claim
  the next person's due reminders: the query for due ones, the lock, the checks and the
  claim, in a transaction rolled back each time.

Run `BENCH_STRICT=1 uv run pytest tests/bench/test_reminder_speed.py -s` for the figures.
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import make_url

from bot.app import REMINDERS_KEY
from bot.context import DEPS_KEY
from bot.reminder_sender import run_tick
from db.unit_of_work import UnitOfWork
from services.reminder_times import ReminderPolicy
from services.reminders_claim import claim_next
from tests.bench.targets import assert_at_least, assert_under
from tests.e2e.reminder_load import delivered_per_chat, seed_due_reminders

pytestmark = [pytest.mark.bench, pytest.mark.database_backends("sqlite")]

PEOPLE = 3_000
TELEGRAM_LIMIT = 30
RATE_TARGET = 27.0
SCHEDULED = 1_000_000
DUE_NOW = 1_000
CLAIM_LIMIT_MS = 50.0


@pytest.fixture
def bot_settings(bot_settings):
    return bot_settings.model_copy(
        update={"reminder_check_seconds": 3600, "reminder_from_hour": 0, "reminder_until_hour": 24}
    )


async def test_three_thousand_reminders_go_at_27_a_second_without_a_429(
    finbot, fake_telegram, session_factory, clock
):
    clock.now = datetime.now(UTC)
    telegram_ids = await seed_due_reminders(session_factory, PEOPLE)
    for telegram_id in telegram_ids:
        fake_telegram.user(user_id=telegram_id, first_name="P", language_code="es")
    fake_telegram.limit_rate("sendMessage", TELEGRAM_LIMIT)
    worker, pacer = finbot.bot_data[REMINDERS_KEY]

    await run_tick(finbot.bot_data[DEPS_KEY], finbot.bot, worker=worker, pacer=pacer, budget=600)
    accepted = [r.time for r in fake_telegram.requests("sendMessage") if r.status == 200]
    rate = (len(accepted) - 1) / (accepted[-1] - accepted[0])
    print(f"\nreminders: {len(accepted)} sent at {rate:.1f} a second (429s: 0)")
    assert fake_telegram.flood_refusals == 0
    # (the job's own first look, ten seconds after start, shares the work and the pacer)
    delivered = delivered_per_chat(fake_telegram)
    assert len(delivered) == PEOPLE and all(len(ids) == 1 for ids in delivered.values())
    assert_at_least(rate, RATE_TARGET, "reminders a second")


def fill_a_million(path: str, now: datetime) -> None:
    """1,000 people with 250 installments each, four reminders per installment; the
    first installment of each person has its reminder due now, the rest are later."""
    people = range(1, 1_001)
    per_person = SCHEDULED // 4 // len(people)
    due_now = (now - timedelta(minutes=1)).isoformat(sep=" ")
    database = sqlite3.connect(path)
    with database:
        database.executemany(
            "INSERT INTO users (id, telegram_id, first_name, timezone, reminders_enabled) "
            "VALUES (?, ?, 'P', 'UTC', 1)",
            [(i, 8_000_000 + i) for i in people],
        )
        database.executemany(
            "INSERT INTO debts (id, kind, owner_user_id, creditor, balance, currency, status, "
            "annual_rate, reminders_enabled) VALUES (?, 'personal', ?, 'Banco', 5000, 'EUR', "
            "'in_plan', 0, 1)",
            [(i, i) for i in people],
        )
        database.executemany(
            "INSERT INTO payment_plans (id, debt_id, user_id, kind, status, principal, "
            "annual_rate, total, reminders_scheduled_at) VALUES (?, ?, ?, 'installments', "
            "'active', 5000, 0, 5000, ?)",
            [(i, i, i, due_now) for i in people],
        )
        start = now.date() + timedelta(days=3)
        installments = [
            ((i - 1) * per_person + n, i, n, (start + timedelta(days=30 * (n - 1))).isoformat())
            for i in people
            for n in range(1, per_person + 1)
        ]
        database.executemany(
            "INSERT INTO installments (id, plan_id, number, due_date, amount, principal, "
            "interest, status) VALUES (?, ?, ?, ?, 20, 20, 0, 'open')",
            installments,
        )
        kinds = ("before_3", "due", "after_1", "after_7")
        later = (now + timedelta(days=400)).isoformat(sep=" ")
        database.executemany(
            "INSERT INTO reminders (installment_id, user_id, kind, due_at, status, attempts) "
            "VALUES (?, ?, ?, ?, 'pending', 0)",
            (
                (installment_id, person, kind, due_now if number == 1 and k == 0 else later)
                for installment_id, person, number, _ in installments
                for k, kind in enumerate(kinds)
            ),
        )
    database.close()


async def test_claiming_among_a_million_scheduled_reminders_takes_under_50_ms(
    database_url, session_factory
):
    now = datetime.now(UTC).replace(microsecond=0)
    started = time.perf_counter()
    fill_a_million(make_url(database_url).database, now)
    filled = time.perf_counter() - started
    policy = ReminderPolicy(from_hour=0, until_hour=24)
    timings = []
    for _ in range(50):
        async with UnitOfWork(session_factory) as uow:
            began = time.perf_counter()
            claim = await claim_next(
                uow, now=now, worker="bench", policy=policy, default_timezone="UTC"
            )
            timings.append((time.perf_counter() - began) * 1000)
            assert claim.message is not None and len(claim.message.lines) == 1
            await uow.rollback()
    median = statistics.median(timings)
    print(
        f"\nclaim among {SCHEDULED:,} reminders ({DUE_NOW} due): median {median:.2f} ms, "
        f"max {max(timings):.2f} ms (filled in {filled:.0f} s)"
    )
    assert_under(median, CLAIM_LIMIT_MS, "claim, ms (median)")
