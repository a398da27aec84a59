"""Invariants of every schedule, for any principal, rate and term."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_CEILING, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from services.plans.schedules import (
    MAX_MONTHS,
    PaymentTooSmall,
    TooManyInstallments,
    schedule_by_amount,
    schedule_by_months,
)

FIRST_DUE = date(2025, 1, 31)
principals = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1_000_000), places=2)
rates = st.decimals(min_value=Decimal(0), max_value=Decimal(30), places=4)
terms = st.integers(min_value=1, max_value=360)


@st.composite
def monthly_amounts(draw, principal: Decimal) -> Decimal:
    """Amounts around principal / k for k up to past MAX_MONTHS, some a little off."""
    share = draw(st.integers(min_value=1, max_value=MAX_MONTHS + 100))
    nudge = draw(st.integers(min_value=-50, max_value=50))
    amount = (principal / share).quantize(Decimal("0.01"), rounding=ROUND_CEILING)
    return max(amount + Decimal(nudge) / 100, Decimal("0.01"))


def assert_adds_up(schedule, principal: Decimal) -> None:
    installments = schedule.installments
    assert schedule.months == len(installments)
    assert all(installment.amount > 0 for installment in installments)
    assert all(
        installment.principal >= 0 and installment.interest >= 0 for installment in installments
    )
    assert all(i.amount == i.principal + i.interest for i in installments)
    assert sum(i.principal for i in installments) == principal == schedule.principal
    assert schedule.total_interest == sum(i.interest for i in installments)
    assert (
        sum(i.amount for i in installments) == schedule.total == principal + schedule.total_interest
    )
    balance = principal
    for installment in installments:
        balance -= installment.principal
        assert installment.balance_after == balance >= 0
    assert balance == 0
    assert all(i.amount.as_tuple().exponent == -2 for i in installments)
    for number, installment in enumerate(installments):  # Jan 31: the end of every month
        month_index = FIRST_DUE.month - 1 + number
        year, month = FIRST_DUE.year + month_index // 12, month_index % 12 + 1
        assert installment.due_date == date(year, month, calendar.monthrange(year, month)[1])


@settings(deadline=None)
@given(principal=principals, rate=rates, months=terms)
def test_installments_by_months_are_positive_and_add_up_exactly(principal, rate, months):
    try:
        schedule = schedule_by_months(principal, rate, months, FIRST_DUE)
    except TooManyInstallments as error:
        assert principal * 100 < months  # only when there are fewer cents than months
        assert error.values["max_months"] < months
        return
    assert schedule.months == months
    assert_adds_up(schedule, principal)
    regular = [installment.amount for installment in schedule.installments[:-1]]
    if rate == 0:
        assert schedule.total_interest == 0
        assert all(schedule.last_amount <= amount for amount in regular)
    else:
        assert len(set(regular)) <= 1  # a level installment; only the last one differs


@settings(deadline=None)
@given(principal=principals, months=terms)
def test_without_interest_installments_differ_by_at_most_the_remainder(principal, months):
    try:
        schedule = schedule_by_months(principal, Decimal(0), months, FIRST_DUE)
    except TooManyInstallments:
        return
    amounts = [installment.amount for installment in schedule.installments]
    assert max(amounts) - min(amounts) < principal / months + Decimal("0.01")
    assert amounts[-1] == min(amounts)


@settings(deadline=None)
@given(data=st.data(), principal=principals, rate=rates)
def test_months_by_amount_is_a_ceiling_and_installments_add_up(data, principal, rate):
    amount = data.draw(monthly_amounts(principal))
    try:
        schedule = schedule_by_amount(principal, rate, amount, FIRST_DUE)
    except PaymentTooSmall as error:
        minimum = error.values["minimum"]
        assert amount < minimum
        assert schedule_by_amount(principal, rate, minimum, FIRST_DUE).months <= MAX_MONTHS
        return
    assert_adds_up(schedule, principal)
    assert 1 <= schedule.months <= MAX_MONTHS
    assert all(i.amount == amount for i in schedule.installments[:-1])
    assert 0 < schedule.last_amount <= amount
    # A ceiling: every installment before the last still leaves something to pay.
    assert all(i.balance_after > 0 for i in schedule.installments[:-1])
    if rate == 0:
        whole, part = divmod(principal, amount)
        assert schedule.months == int(whole) + (1 if part else 0)


@settings(deadline=None)
@given(principal=principals, rate=rates, data=st.data())
def test_the_minimum_offered_is_the_least_amount_that_works(principal, rate, data):
    amount = data.draw(monthly_amounts(principal))
    try:
        schedule_by_amount(principal, rate, amount, FIRST_DUE)
    except PaymentTooSmall as error:
        cheaper = error.values["minimum"] - Decimal("0.01")
        if cheaper > 0:
            try:
                schedule_by_amount(principal, rate, cheaper, FIRST_DUE)
            except PaymentTooSmall:
                return
            raise AssertionError(f"{cheaper} also repays the debt") from None
