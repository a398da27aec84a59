"""How long a person waits for a schedule or a payoff plan: well under 50 ms each.

Run with `uv run pytest -m bench -n 0 tests/bench/test_plan_speed.py -s` to see the figures.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from services.plans.payoff import PayoffDebt, compare_strategies, plan_payoff
from services.plans.schedules import schedule_by_amount, schedule_by_months
from tests.support.bench import assert_under

pytestmark = pytest.mark.bench

LIMIT_MS = 50.0
RUNS = 15

TWENTY_DEBTS = [
    PayoffDebt(
        id=number,
        name=f"debt {number}",
        balance=Decimal(1500 + 950 * number),
        annual_rate_pct=Decimal(number * 50) / 100,  # 0.5 % to 10 %
        minimum_payment=Decimal(20 + 5 * number),
    )
    for number in range(1, 21)
]
THIRTY_YEAR_BUDGET = Decimal(1550)  # just above the minimums: about 31 years


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of `runs` calls of `work`, in milliseconds."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return min(timings) * 1000


def test_a_thirty_year_schedule_takes_under_fifty_ms():
    def work():
        return schedule_by_months(Decimal(200000), Decimal("3.5"), 360, date(2025, 1, 31))

    assert work().months == 360
    ms = best_of(RUNS, work)
    print(f"schedule_360: {ms:.2f} ms")
    assert_under(ms, LIMIT_MS, "ms")


def test_a_thirty_year_schedule_by_amount_takes_under_fifty_ms():
    def work():
        return schedule_by_amount(Decimal(200000), Decimal("3.5"), Decimal(900), date(2025, 1, 31))

    assert work().months >= 355
    ms = best_of(RUNS, work)
    print(f"schedule_by_amount_360: {ms:.2f} ms")
    assert_under(ms, LIMIT_MS, "ms")


def test_a_payoff_plan_of_twenty_debts_over_thirty_years_takes_under_fifty_ms():
    def work():
        return plan_payoff(
            TWENTY_DEBTS, budget=THIRTY_YEAR_BUDGET, strategy="avalanche", start=date(2025, 1, 1)
        )

    assert work().months_to_debt_free >= 360
    ms = best_of(RUNS, work)
    print(f"payoff_20_debts_30_years: {ms:.2f} ms")
    assert_under(ms, LIMIT_MS, "ms")


def test_comparing_three_strategies_of_twenty_debts_stays_interactive():
    order = [debt.id for debt in reversed(TWENTY_DEBTS)]

    def work():
        return compare_strategies(
            TWENTY_DEBTS, budget=THIRTY_YEAR_BUDGET, start=date(2025, 1, 1), order=order
        )

    ms = best_of(5, work)
    print(f"compare_3_strategies_20_debts: {ms:.2f} ms")
    assert_under(ms, 3 * LIMIT_MS, "three strategies, ms")
