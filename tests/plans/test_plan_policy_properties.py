"""Whatever is asked, the plan offered keeps the operator's limits, and is the closest."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.plans.policy import PlanPolicy, fit_plan
from services.plans.schedules import (
    MAX_MONTHS,
    PaymentTooSmall,
    TooManyInstallments,
    schedule_by_amount,
    schedule_by_months,
)

FIRST_DUE = date(2025, 3, 31)
principals = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1_000_000), places=2)
rates = st.decimals(min_value=Decimal(0), max_value=Decimal(30), places=2)
policies = st.one_of(
    st.none(),
    st.builds(
        PlanPolicy,
        max_months=st.one_of(st.none(), st.integers(min_value=1, max_value=360)),
        min_installment=st.one_of(
            st.none(), st.decimals(min_value=Decimal(1), max_value=Decimal(5000), places=2)
        ),
    ),
)
amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100_000), places=2)


def keeps(policy: PlanPolicy | None, schedule) -> bool:
    policy = policy or PlanPolicy()
    return policy.breach(schedule) is None


@settings(deadline=None)
@given(
    principal=principals,
    rate=rates,
    policy=policies,
    months=st.integers(min_value=1, max_value=MAX_MONTHS + 50),
)
def test_a_plan_asked_by_months_is_offered_within_the_policy(principal, rate, policy, months):
    fit = fit_plan(principal, rate, policy, months=months, first_due=FIRST_DUE)
    assert keeps(policy, fit.closest)
    assert fit.closest.principal == principal
    if fit.fits:
        assert fit.closest == fit.schedule and fit.closest.months == months
        return
    assert fit.reason in {"too_many_months", "installment_below_minimum"}
    assert fit.schedule is None or not keeps(policy, fit.schedule)
    assert fit.closest.months < months
    try:  # the closest: one month more would break the policy
        longer = schedule_by_months(principal, rate, fit.closest.months + 1, FIRST_DUE)
    except TooManyInstallments:
        return
    assert not keeps(policy, longer)


@settings(deadline=None)
@given(principal=principals, rate=rates, policy=policies, amount=amounts)
def test_a_plan_asked_by_amount_is_offered_within_the_policy(principal, rate, policy, amount):
    fit = fit_plan(principal, rate, policy, monthly_amount=amount, first_due=FIRST_DUE)
    assert keeps(policy, fit.closest)
    if fit.fits:
        assert fit.closest == fit.schedule
        return
    assert fit.reason in {"too_many_months", "installment_below_minimum", "payment_too_small"}
    offered = fit.closest.installment_amount
    assert offered > amount
    try:  # the closest: a cent less would break the policy or never repay the debt
        cheaper = schedule_by_amount(principal, rate, offered - Decimal("0.01"), FIRST_DUE)
    except PaymentTooSmall:
        return
    assert not keeps(policy, cheaper)
