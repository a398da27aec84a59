"""Installment schedules for one debt: how they split, add up and fall due."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.plans.schedules import (
    MAX_MONTHS,
    PaymentTooSmall,
    TooManyInstallments,
    add_months,
    least_monthly_amount,
    schedule_by_amount,
    schedule_by_months,
)

FIRST_DUE = date(2025, 1, 31)


def amounts(schedule):
    return [installment.amount for installment in schedule.installments]


def test_thousand_at_three_hundred_a_month_is_four_installments():
    schedule = schedule_by_amount(Decimal(1000), Decimal(0), Decimal(300), FIRST_DUE)
    assert amounts(schedule) == [Decimal("300.00")] * 3 + [Decimal("100.00")]
    assert schedule.months == 4
    assert schedule.total == Decimal("1000.00")
    assert [i.balance_after for i in schedule.installments] == [
        Decimal("700.00"),
        Decimal("400.00"),
        Decimal("100.00"),
        Decimal("0.00"),
    ]


def test_an_amount_that_divides_the_debt_exactly_needs_no_extra_installment():
    schedule = schedule_by_amount(Decimal(900), Decimal(0), Decimal(300), FIRST_DUE)
    assert amounts(schedule) == [Decimal("300.00")] * 3


def test_an_amount_larger_than_the_debt_is_one_installment_of_the_debt():
    schedule = schedule_by_amount(Decimal(250), Decimal(12), Decimal(1000), FIRST_DUE)
    assert schedule.months == 1
    assert amounts(schedule) == [Decimal("252.50")]  # 250 and a month's interest


def test_thousand_in_three_months_without_interest_leaves_the_last_one_smaller():
    schedule = schedule_by_months(Decimal(1000), Decimal(0), 3, FIRST_DUE)
    assert amounts(schedule) == [Decimal("333.34"), Decimal("333.34"), Decimal("333.32")]
    assert schedule.total_interest == Decimal("0.00")


def test_a_small_debt_over_many_months_spreads_the_cents():
    schedule = schedule_by_months(Decimal(100), Decimal(0), 360, FIRST_DUE)
    assert schedule.months == 360
    assert set(amounts(schedule)) == {Decimal("0.28"), Decimal("0.27")}
    assert sum(amounts(schedule)) == Decimal("100.00")
    assert schedule.last_amount == Decimal("0.27")


def test_ten_thousand_at_seven_and_a_half_percent_over_a_year():
    schedule = schedule_by_months(Decimal(10000), Decimal("7.5"), 12, FIRST_DUE)
    assert amounts(schedule)[:11] == [Decimal("867.57")] * 11
    assert schedule.installments[0].interest == Decimal("62.50")  # 10,000 × 7.5 % / 12
    assert schedule.installments[0].principal == Decimal("805.07")
    assert schedule.last_amount == Decimal("867.62")
    assert sum(i.principal for i in schedule.installments) == Decimal("10000.00")
    assert schedule.total == Decimal("10000.00") + schedule.total_interest
    assert schedule.annual_rate == Decimal("7.5")


def test_due_dates_keep_the_day_of_month_and_clamp_to_month_end_without_drifting():
    schedule = schedule_by_months(Decimal(1300), Decimal(0), 13, date(2024, 1, 31))
    due_dates = [installment.due_date for installment in schedule.installments]
    assert due_dates[:4] == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
    ]
    assert due_dates[12] == date(2025, 1, 31)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 12, 15), 1) == date(2026, 1, 15)


def test_installments_are_numbered_from_one():
    schedule = schedule_by_months(Decimal(500), Decimal(5), 5, FIRST_DUE)
    assert [installment.number for installment in schedule.installments] == [1, 2, 3, 4, 5]


def test_an_amount_below_the_first_months_interest_is_too_small_and_says_what_would_do():
    with pytest.raises(PaymentTooSmall) as raised:
        schedule_by_amount(Decimal(10000), Decimal(10), Decimal(50), FIRST_DUE)
    error = raised.value
    assert error.code == "payment_too_small"
    assert error.values["interest"] == Decimal("83.33")
    minimum = error.values["minimum"]
    assert minimum > Decimal("83.33")
    assert schedule_by_amount(Decimal(10000), Decimal(10), minimum, FIRST_DUE).months <= MAX_MONTHS
    with pytest.raises(PaymentTooSmall):
        schedule_by_amount(Decimal(10000), Decimal(10), minimum - Decimal("0.01"), FIRST_DUE)


def test_an_amount_that_only_just_covers_interest_would_take_too_long():
    with pytest.raises(PaymentTooSmall):
        schedule_by_amount(Decimal(10000), Decimal(10), Decimal("83.34"), FIRST_DUE)


def test_without_interest_a_tiny_amount_is_too_small_beyond_fifty_years():
    with pytest.raises(PaymentTooSmall) as raised:
        schedule_by_amount(Decimal(10000), Decimal(0), Decimal(10), FIRST_DUE)
    assert raised.value.values["minimum"] == Decimal("16.67")  # 10,000 / 600, rounded up


def test_least_monthly_amount_repays_within_the_months_and_a_cent_less_does_not():
    least = least_monthly_amount(Decimal(5000), Decimal("19.99"), 24)
    assert schedule_by_amount(Decimal(5000), Decimal("19.99"), least, FIRST_DUE).months <= 24
    cheaper = schedule_by_amount(
        Decimal(5000), Decimal("19.99"), least - Decimal("0.01"), FIRST_DUE
    )
    assert cheaper.months > 24


def test_more_than_six_hundred_months_is_too_many_installments():
    with pytest.raises(TooManyInstallments) as raised:
        schedule_by_months(Decimal(100000), Decimal(3), 601, FIRST_DUE)
    assert raised.value.values == {"months": 601, "max_months": 600}


def test_a_few_cents_cannot_be_split_into_more_installments_than_cents():
    with pytest.raises(TooManyInstallments) as raised:
        schedule_by_months(Decimal("0.05"), Decimal(10), 10, FIRST_DUE)
    assert raised.value.code == "too_many_installments"
    assert raised.value.values == {"months": 10, "max_months": 5}


def test_a_huge_rate_over_decades_repays_principal_in_the_last_installment_but_adds_up():
    schedule = schedule_by_months(Decimal(1000), Decimal(30), 360, FIRST_DUE)
    assert schedule.months == 360
    assert all(installment.principal >= 0 for installment in schedule.installments)
    assert sum(i.principal for i in schedule.installments) == Decimal("1000.00")
    assert schedule.last_amount > schedule.installment_amount


@pytest.mark.parametrize(
    ("principal", "rate", "months"),
    [
        (Decimal(0), Decimal(5), 12),
        (Decimal(-5), Decimal(5), 12),
        (Decimal(100), Decimal(-1), 12),
        (Decimal(100), Decimal(5), 0),
    ],
)
def test_impossible_terms_are_programming_errors(principal, rate, months):
    with pytest.raises(ValueError):
        schedule_by_months(principal, rate, months, FIRST_DUE)


def test_a_float_rate_is_refused():
    with pytest.raises(TypeError):
        schedule_by_months(Decimal(100), 7.5, 12, FIRST_DUE)  # type: ignore[arg-type]


def test_rates_and_amounts_may_come_as_text_or_whole_numbers():
    schedule = schedule_by_months("1000", "7.5", 12, FIRST_DUE)
    assert schedule == schedule_by_months(Decimal(1000), Decimal("7.5"), 12, FIRST_DUE)
