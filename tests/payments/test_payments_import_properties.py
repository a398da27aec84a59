"""However the money arrives, the payments import keeps the books straight.

Each example is a fresh debt with an active plan of random installment amounts, and a
random list of payments imported in two files (the second continues where the first
left off). Checked: the payment rows add up to the amounts in the files, no installment
is covered beyond its amount, installments are paid strictly in order (a paid one is
fully covered, and only the first unpaid one may be partly covered), the plan is
completed exactly when every installment is paid, and the balance went down by what was
paid, never below zero.
"""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from db.models import Debt, Payment, PaymentPlan
from db.unit_of_work import UnitOfWork
from tests.support.payments import installments_of, refreshed, run_payments, seed_plan

pytestmark = pytest.mark.slow

SQLITE_EXAMPLES = int(os.environ.get("PAYMENTS_PROPERTY_EXAMPLES", "150"))
POSTGRESQL_EXAMPLES = SQLITE_EXAMPLES // 3
ZERO = Decimal("0.00")

cents = st.integers(min_value=1, max_value=60_000).map(lambda n: Decimal(n).scaleb(-2))
scenarios = st.fixed_dictionaries(
    {
        "installments": st.lists(
            st.one_of(cents, st.just(Decimal("0.00"))), min_size=1, max_size=6
        ),
        "payments": st.lists(cents, min_size=1, max_size=8),
        "first_file": st.integers(min_value=0, max_value=8),
        "extra_balance": st.sampled_from([ZERO, Decimal("0.01"), Decimal("250.00")]),
    }
)


def payment_splits(max_examples: int):
    return lambda test: settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )(given(scenario=scenarios)(test))


@pytest.mark.database_backends("sqlite")
@payment_splits(SQLITE_EXAMPLES)
async def test_random_payments_keep_the_books_straight(session_factory, scenario):
    await check(session_factory, scenario)


@pytest.mark.database_backends("postgresql")
@payment_splits(POSTGRESQL_EXAMPLES)
async def test_random_payments_keep_the_books_straight_on_postgresql(session_factory, scenario):
    await check(session_factory, scenario)


async def check(session_factory, scenario) -> None:
    amounts: list[Decimal] = scenario["installments"]
    paid_in: list[Decimal] = scenario["payments"]
    async with UnitOfWork(session_factory) as uow:
        balance = sum(amounts, ZERO) + scenario["extra_balance"]
        debt = await seed_plan(uow, *(format(a, "f") for a in amounts), balance=str(balance))
        rows = [
            (debt.reference, format(amount, "f"), f"2026-11-{day:02d}")
            for day, amount in enumerate(paid_in, start=1)
        ]
        split = min(scenario["first_file"], len(rows))
        for part in (rows[:split], rows[split:]):
            if part:
                await run_payments(uow, *part)

        total = await uow.session.scalar(
            select(func.sum(Payment.amount)).where(Payment.debt_id == debt.debt_id)
        )
        assert total == sum(paid_in, ZERO)
        covered = dict(
            (
                await uow.session.execute(
                    select(Payment.installment_id, func.sum(Payment.amount))
                    .where(Payment.debt_id == debt.debt_id, Payment.installment_id.is_not(None))
                    .group_by(Payment.installment_id)
                )
            ).all()
        )
        installments = await installments_of(uow, debt.plan_id)
        statuses = [installment.status for installment in installments]
        unpaid_from = statuses.index("open") if "open" in statuses else len(statuses)
        assert set(statuses[:unpaid_from]) <= {"paid"} and set(statuses[unpaid_from:]) <= {"open"}
        for position, installment in enumerate(installments):
            got = covered.get(installment.id, ZERO)
            assert got <= installment.amount
            if position < unpaid_from:
                assert got == installment.amount
            elif position > unpaid_from:
                assert got == ZERO
            else:
                assert got < installment.amount
        plan = await refreshed(uow, PaymentPlan, debt.plan_id)
        assert (plan.status == "completed") == (unpaid_from == len(installments))
        stored = await refreshed(uow, Debt, debt.debt_id)
        assert stored.balance == max(ZERO, balance - sum(paid_in, ZERO))
        assert stored.status == ("paid" if plan.status == "completed" else "in_plan")
