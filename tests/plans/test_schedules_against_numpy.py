"""Schedules agree with numpy-financial's annuity (`npf.pmt`, `npf.ipmt`) within a cent a row.

numpy-financial works in unrounded floats; finbot pays whole cents. Each regular
installment is the rounded payment (within half a cent of `npf.pmt`) and each month's
interest is within a cent of `npf.ipmt`. The last installment absorbs rounding, so it
is compared with what remains after paying the rounded installment (`npf.fv`), within
the half cent a month that interest rounding can add up to.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy_financial as npf
import pytest

from services.plans.schedules import schedule_by_months

CENT = 0.01
CASES = [
    ("1000", "5", 12),
    ("300", "12", 6),
    ("50", "24", 3),
    ("1234.56", "29.99", 24),
    ("5000", "19.99", 36),
    ("12000", "15", 84),
    ("25000", "7.5", 60),
    ("80000", "9.9", 120),
    ("150000", "4.25", 240),
    ("200000", "3.5", 360),
    ("350000", "2.1", 360),
    ("999999.99", "0.01", 360),
    ("1000", "1", 1),
    ("7777.77", "0.5", 18),
]


def interest_rounding_bound(rate: float, months: int) -> float:
    """How far half a cent of rounding a month can carry the balance by the last month."""
    if months == 1:
        return CENT / 2
    growth = (1 + rate) ** (months - 1)
    return CENT / 2 * (1 + (growth - 1) / rate * (1 + rate)) if rate else CENT / 2 * months


@pytest.mark.parametrize(("principal", "rate_pct", "months"), CASES)
def test_schedule_matches_numpy_financial_row_by_row(principal, rate_pct, months):
    schedule = schedule_by_months(Decimal(principal), Decimal(rate_pct), months, date(2025, 1, 1))
    rate = float(rate_pct) / 1200
    exact_payment = -npf.pmt(rate, months, float(principal))

    for installment in schedule.installments[:-1]:
        assert abs(float(installment.amount) - exact_payment) <= CENT
    for installment in schedule.installments:
        exact_interest = -npf.ipmt(rate, installment.number, months, float(principal))
        assert abs(float(installment.interest) - exact_interest) <= CENT

    regular = float(schedule.installment_amount)
    remaining = float(principal)  # before the last installment
    if months > 1:
        remaining = -npf.fv(rate, months - 1, -regular, float(principal))
    expected_last = remaining * (1 + rate)
    tolerance = max(CENT, interest_rounding_bound(rate, months))
    assert abs(float(schedule.last_amount) - expected_last) <= tolerance


@pytest.mark.parametrize(("principal", "rate_pct", "months"), CASES)
def test_schedule_totals_match_numpy_financial(principal, rate_pct, months):
    schedule = schedule_by_months(Decimal(principal), Decimal(rate_pct), months, date(2025, 1, 1))
    rate = float(rate_pct) / 1200
    exact_payment = -npf.pmt(rate, months, float(principal))
    exact_interest = exact_payment * months - float(principal)

    # Rounding the installment to cents moves each month by at most half a cent, and
    # that carries into the remaining balance; interest rounding adds its half cent.
    carried = abs(float(schedule.installment_amount) - exact_payment)
    growth = ((1 + rate) ** months - 1) / rate if rate else months
    tolerance = max(CENT, carried * growth + interest_rounding_bound(rate, months))
    assert abs(float(schedule.total_interest) - exact_interest) <= tolerance
    assert schedule.total == schedule.principal + schedule.total_interest
    assert sum(i.principal for i in schedule.installments) == schedule.principal
