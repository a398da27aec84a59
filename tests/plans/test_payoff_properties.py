"""Invariants of every payoff plan, for any debts and budget."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.plans.payoff import (
    BudgetBelowInterest,
    BudgetBelowMinimums,
    PayoffDebt,
    PayoffTooLong,
    plan_payoff,
)

START = date(2025, 1, 1)


@st.composite
def debt_lists(draw) -> list[PayoffDebt]:
    count = draw(st.integers(min_value=1, max_value=6))
    return [
        PayoffDebt(
            id=number,
            name=f"debt {number}",
            balance=draw(
                st.decimals(min_value=Decimal("0.01"), max_value=Decimal(50_000), places=2)
            ),
            annual_rate_pct=draw(
                st.decimals(min_value=Decimal(0), max_value=Decimal(30), places=2)
            ),
            minimum_payment=draw(
                st.decimals(min_value=Decimal(0), max_value=Decimal(500), places=2)
            ),
        )
        for number in range(1, count + 1)
    ]


strategies = st.sampled_from(["avalanche", "snowball", "custom"])


@settings(deadline=None)
@given(
    debts=debt_lists(),
    extra=st.decimals(min_value=Decimal(0), max_value=Decimal(3000), places=2),
    strategy=strategies,
    data=st.data(),
)
def test_every_plan_pays_exactly_what_is_owed_plus_interest(debts, extra, strategy, data):
    order = (
        data.draw(st.permutations([debt.id for debt in debts])) if strategy == "custom" else None
    )
    budget = sum(debt.minimum_payment for debt in debts) + extra
    if budget <= 0:
        return
    try:
        plan = plan_payoff(debts, budget=budget, strategy=strategy, start=START, order=order)
    except (BudgetBelowInterest, PayoffTooLong):
        return
    owed = sum(debt.balance for debt in debts)
    assert plan.total_paid == owed + plan.total_interest
    assert plan.total_interest == sum(month.interest for month in plan.months)
    balances = {debt.id: debt.balance for debt in debts}
    minimums = {debt.id: debt.minimum_payment for debt in debts}
    for month in plan.months:
        assert month.paid == sum(line.payment for line in month.debts) <= budget
        if month is not plan.months[-1]:
            assert month.paid == budget  # the whole budget works while debts are open
        assert [line.debt_id for line in month.debts] == [
            debt_id for debt_id in plan.order if balances[debt_id] > 0
        ]
        for line in month.debts:
            due = balances[line.debt_id] + line.interest
            assert line.payment >= min(minimums[line.debt_id], due)  # at least the minimum
            assert line.balance_after == due - line.payment >= 0
            balances[line.debt_id] = line.balance_after
        assert month.balance_after == sum(balances.values())
    assert all(balance == 0 for balance in balances.values())
    assert sorted(payoff.debt_id for payoff in plan.payoffs) == sorted(balances)
    assert max(payoff.months for payoff in plan.payoffs) == plan.months_to_debt_free
    assert sum(payoff.paid for payoff in plan.payoffs) == plan.total_paid


@settings(deadline=None)
@given(
    debts=debt_lists(),
    shortfall=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2),
)
def test_a_budget_below_the_minimums_reports_the_exact_shortfall(debts, shortfall):
    debts = [
        replace(debt, minimum_payment=min(debt.minimum_payment, debt.balance)) for debt in debts
    ]
    budget = sum(debt.minimum_payment for debt in debts) - shortfall
    if budget <= 0:
        return
    try:
        plan_payoff(debts, budget=budget, strategy="avalanche", start=START)
    except BudgetBelowMinimums as error:
        assert error.values["shortfall"] == shortfall
        return
    raise AssertionError("a budget below the minimums was accepted")
