"""Paying off several debts from one monthly budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.plans.payoff import (
    BudgetBelowInterest,
    BudgetBelowMinimums,
    PayoffDebt,
    PayoffStrategy,
    PayoffTooLong,
    compare_strategies,
    payoff_order,
    plan_payoff,
)

START = date(2025, 3, 15)
CARD = PayoffDebt(1, "Card", Decimal(3000), Decimal("22.9"), Decimal(90))
CAR = PayoffDebt(2, "Car", Decimal(12000), Decimal("6.5"), Decimal(250))
FRIEND = PayoffDebt(3, "Friend", Decimal(500), Decimal(0), Decimal(50))
DEBTS = [CARD, CAR, FRIEND]


def ids(debts):
    return [debt.id for debt in debts]


def test_avalanche_pays_the_highest_rate_first_and_ties_by_smaller_balance():
    twin = PayoffDebt(4, "Store card", Decimal(800), Decimal("22.9"), Decimal(25))
    assert ids(payoff_order([*DEBTS, twin], "avalanche")) == [4, 1, 2, 3]


def test_snowball_pays_the_smallest_balance_first():
    assert ids(payoff_order(DEBTS, PayoffStrategy.SNOWBALL)) == [3, 1, 2]


def test_a_custom_order_is_followed_and_must_name_every_debt_once():
    assert ids(payoff_order(DEBTS, "custom", [2, 3, 1])) == [2, 3, 1]
    for order in ([2, 3], [2, 3, 1, 1], [2, 3, 9], None):
        with pytest.raises(ValueError):
            payoff_order(DEBTS, "custom", order)


def test_the_first_month_accrues_interest_pays_minimums_and_sends_the_rest_to_the_target():
    plan = plan_payoff(DEBTS, budget=Decimal(600), strategy="avalanche", start=START)
    first = plan.months[0]
    assert first.month == date(2025, 3, 1)
    card, car, friend = first.debts
    assert card.interest == Decimal("57.25")  # 3000 × 22.9 % / 12
    assert (car.payment, friend.payment) == (Decimal("250.00"), Decimal("50.00"))
    assert card.payment == Decimal("300.00")  # 90 minimum + the 210 left
    assert card.balance_after == Decimal("2757.25")
    assert first.paid == Decimal("600.00")


def test_money_freed_by_a_paid_off_debt_rolls_to_the_next():
    plan = plan_payoff(DEBTS, budget=Decimal(600), strategy="snowball", start=START)
    friend_done = next(p for p in plan.payoffs if p.debt_id == FRIEND.id)
    assert friend_done.months == 2
    after = plan.months[friend_done.months]  # the month after the friend is repaid
    assert [line.debt_id for line in after.debts] == [CARD.id, CAR.id]
    assert sum(line.payment for line in after.debts) == Decimal("600.00")


def test_avalanche_costs_less_interest_than_snowball_here():
    comparison = compare_strategies(DEBTS, budget=Decimal(600), start=START, order=[3, 2, 1])
    assert comparison.avalanche.total_interest == Decimal("1519.98")
    assert comparison.snowball.total_interest == Decimal("1568.01")
    assert comparison.custom is not None
    assert comparison.custom.total_interest > comparison.snowball.total_interest
    assert comparison.cheapest is comparison.avalanche
    assert [plan.strategy for plan in comparison.plans] == ["avalanche", "snowball", "custom"]


def test_comparison_without_a_custom_order_has_two_plans():
    comparison = compare_strategies(DEBTS, budget=Decimal(600), start=START)
    assert comparison.custom is None
    assert len(comparison.plans) == 2


def test_the_plan_reports_each_debts_payoff_date_and_the_debt_free_month():
    plan = plan_payoff(DEBTS, budget=Decimal(600), strategy="avalanche", start=START)
    assert [(p.debt_id, p.months) for p in plan.payoffs] == [(3, 10), (1, 12), (2, 29)]
    assert plan.payoffs[-1].month == date(2027, 7, 1)
    assert plan.months_to_debt_free == 29
    assert plan.debt_free_month == date(2027, 7, 1)
    assert plan.total_paid == Decimal(15500) + plan.total_interest
    assert plan.order == (1, 2, 3)


def test_a_budget_that_clears_everything_at_once_takes_one_month():
    plan = plan_payoff([FRIEND], budget=Decimal(10000), strategy="snowball", start=START)
    assert plan.months_to_debt_free == 1
    assert plan.total_paid == Decimal("500.00")
    assert plan.months[0].paid == Decimal("500.00")


def test_a_budget_below_the_minimums_says_how_much_is_missing():
    with pytest.raises(BudgetBelowMinimums) as raised:
        plan_payoff(DEBTS, budget=Decimal(300), strategy="avalanche", start=START)
    assert raised.value.code == "budget_below_minimums"
    assert raised.value.values == {
        "budget": Decimal("300.00"),
        "minimums": Decimal("390.00"),
        "shortfall": Decimal("90.00"),
    }


def test_a_minimum_larger_than_what_is_owed_only_asks_for_what_is_owed():
    tiny = PayoffDebt(9, "Tiny", Decimal(20), Decimal(0), Decimal(50))
    plan = plan_payoff([tiny, CAR], budget=Decimal(270), strategy="snowball", start=START)
    assert plan.months[0].debts[0].payment == Decimal("20.00")


def test_a_budget_that_does_not_cover_the_interest_is_refused():
    loan = PayoffDebt(1, "Loan", Decimal(10000), Decimal(30), Decimal(10))
    with pytest.raises(BudgetBelowInterest) as raised:
        plan_payoff([loan], budget=Decimal(250), strategy="avalanche", start=START)
    assert raised.value.values == {"budget": Decimal("250.00"), "interest": Decimal("250.00")}


def test_a_budget_that_would_take_over_fifty_years_is_refused_rather_than_looping():
    loan = PayoffDebt(1, "Loan", Decimal(10000), Decimal(6), Decimal(10))
    with pytest.raises(PayoffTooLong) as raised:  # 50.00 of interest: 0.10 repaid a month
        plan_payoff([loan], budget=Decimal("50.10"), strategy="avalanche", start=START)
    assert raised.value.code == "payoff_too_long"
    assert raised.value.values["max_months"] == 600
    assert raised.value.values["balance_left"] > 0


@pytest.mark.parametrize(
    "debts",
    [[], [CARD, PayoffDebt(1, "Same id", Decimal(10), Decimal(0), Decimal(0))]],
)
def test_no_debts_or_repeated_ids_are_programming_errors(debts):
    with pytest.raises(ValueError):
        plan_payoff(debts, budget=Decimal(100), strategy="avalanche", start=START)


def test_a_debt_needs_a_positive_balance_and_no_negative_minimum():
    with pytest.raises(ValueError):
        PayoffDebt(1, "Paid", Decimal(0), Decimal(5), Decimal(10))
    with pytest.raises(ValueError):
        PayoffDebt(1, "Odd", Decimal(10), Decimal(5), Decimal(-1))


def test_debt_amounts_are_kept_in_cents():
    debt = PayoffDebt(1, "Card", "1000.005", "19.99", 25)  # type: ignore[arg-type]
    assert debt.balance == Decimal("1000.01")
    assert debt.minimum_payment == Decimal("25.00")
    assert debt.annual_rate_pct == Decimal("19.99")
