"""The spend records underneath the budgets: parallel reservations, old days forgotten,
and erasure, which leaves them because they name nobody."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import AssistantDailySpend, AssistantTurnCount
from db.unit_of_work import UnitOfWork
from services.accounts import privacy
from services.assistant import (
    DailyBudgetSpent,
    Spending,
    SpendLimits,
    forget_old_spend,
    subject_key,
)
from services.assistant.spend import OPERATOR
from services.assistant.usage import Usage
from services.shared import FixedClock
from tests.support.builders import add_user

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
LIMITS = SpendLimits(
    person_daily_tokens=1_000,
    operator_daily_tokens=1_000_000,
    turns_per_hour=5,
    timezone="Europe/Madrid",
    subject_key=subject_key("k" * 32),
)


def spending(session_factory, clock, limits: SpendLimits = LIMITS) -> Spending:
    return Spending(limits, lambda: UnitOfWork(session_factory), clock)


async def rows(session_factory, model) -> list:
    async with session_factory() as session:
        return list(await session.scalars(select(model)))


async def test_two_parallel_calls_never_both_fit_into_the_last_room(session_factory):
    budget = spending(session_factory, FixedClock(NOW))
    outcomes = await asyncio.gather(
        budget.reserve(42, 600, operator_key=True),
        budget.reserve(42, 600, operator_key=True),
        return_exceptions=True,
    )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == [
        "DailyBudgetSpent",
        "Reservation",
    ]
    [reservation] = [o for o in outcomes if not isinstance(o, Exception)]
    await budget.settle(reservation, Usage(input_tokens=150, output_tokens=50))
    spent = {
        row.subject == OPERATOR: row for row in await rows(session_factory, AssistantDailySpend)
    }
    assert (spent[False].spent_tokens, spent[False].reserved_tokens) == (200, 0)
    assert (spent[True].spent_tokens, spent[True].reserved_tokens) == (200, 0)
    await budget.reserve(42, 800, operator_key=True)  # what was released is there again
    with pytest.raises(DailyBudgetSpent):
        await budget.reserve(42, 1, operator_key=True)


async def test_a_persons_own_key_reserves_nothing(session_factory):
    budget = spending(session_factory, FixedClock(NOW))
    for _ in range(3):
        reservation = await budget.reserve(42, 900, operator_key=False)
        await budget.settle(reservation, Usage(input_tokens=900))
    assert await rows(session_factory, AssistantDailySpend) == []


async def test_spend_older_than_three_days_and_turns_of_past_hours_are_forgotten(
    session_factory,
):
    clock = FixedClock(NOW)
    budget = spending(session_factory, clock)
    for _ in range(5):
        async with UnitOfWork(session_factory) as turn:
            await budget.count_turn(turn, 42)
            await turn.commit()
        await budget.settle(await budget.reserve(42, 10, operator_key=True), None)
        clock.advance(days=1)
    clock.advance(days=-1)
    async with UnitOfWork(session_factory) as uow:
        await forget_old_spend(uow, now=clock(), limits=LIMITS)
        await uow.commit()
    days = sorted({row.day for row in await rows(session_factory, AssistantDailySpend)})
    assert days == [(clock() - timedelta(days=n)).date() for n in (3, 2, 1, 0)]
    [hour] = await rows(session_factory, AssistantTurnCount)
    assert hour.hour == clock() and hour.turns == 1


async def test_without_an_operator_budget_only_the_persons_day_is_kept(session_factory):
    limits = SpendLimits(person_daily_tokens=1_000, subject_key=b"k")
    budget = spending(session_factory, FixedClock(NOW), limits)
    await budget.settle(await budget.reserve(42, 10, operator_key=True), None)
    [row] = await rows(session_factory, AssistantDailySpend)
    assert row.subject != OPERATOR and row.spent_tokens == 10


async def test_erasure_leaves_the_days_spend_which_names_nobody(uow, session_factory):
    ana = await add_user(uow.session, full_name="Ana García", email="ana@example.com")
    await uow.commit()
    budget = spending(session_factory, FixedClock(NOW))
    async with UnitOfWork(session_factory) as turn:
        await budget.count_turn(turn, ana.telegram_id)
        await turn.commit()
    await budget.settle(await budget.reserve(ana.telegram_id, 300, operator_key=True), None)

    assert await privacy.erase_user_data(uow, telegram_id=ana.telegram_id, now=NOW)
    await uow.commit()
    [person] = [
        r for r in await rows(session_factory, AssistantDailySpend) if r.subject != OPERATOR
    ]
    assert person.spent_tokens == 300  # still counts against the day's budget
    [turns] = await rows(session_factory, AssistantTurnCount)
    for subject in (person.subject, turns.subject):
        assert len(subject) == 64 and str(ana.telegram_id) not in subject
