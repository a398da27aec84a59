"""When a plan starts, and the quick choices offered for its terms.

Pure functions of plain values. The quick choices are suggestions only: whatever the
person picks or types goes through `fit_plan` (or the payoff checks) like anything else.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_CEILING, Decimal

from services.plans.schedules import add_months
from services.shared.money import ZERO, to_cents

MONTH_CHOICES = (3, 6, 12, 18, 24)
"""Quick choices of months, up to the most a debt allows; at most four are shown."""
MOST_CHOICES = 4
ROUNDER = (Decimal(1), Decimal("1.25"), Decimal("1.5"), Decimal(2))
"""Rounder amounts are offered at about these multiples of the least one."""


def first_due_date(*, today: date, due_day: int | None = None) -> date:
    """The first installment's date: the next `due_day` after today (a personal debt's
    payment day, clamped to short months), or one month after today without one."""
    if due_day is None:
        return add_months(today, 1)
    this_month = _on_day(today.year, today.month, due_day)
    if this_month > today:
        return this_month
    following = add_months(today.replace(day=1), 1)
    return _on_day(following.year, following.month, due_day)


def _on_day(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def month_choices(most: int) -> list[int]:
    """Up to four numbers of months to offer, the last one `most` (or 24 when more)."""
    top = max(1, min(most, MONTH_CHOICES[-1]))
    picks = [months for months in MONTH_CHOICES if months < top] + [top]
    return picks[-MOST_CHOICES:]


def amount_choices(least: Decimal, *, below: Decimal | None = None) -> list[Decimal]:
    """`least`, then up to three rounder amounts above it (and below `below`, when given:
    amounts from the balance up all pay the debt at once)."""
    least = to_cents(least)
    picks = [least]
    for factor in ROUNDER:
        amount = round_up(least * factor)
        if amount > picks[-1] and (below is None or amount < below):
            picks.append(amount)
    return picks[:MOST_CHOICES]


def budget_choices(minimums: Decimal) -> list[Decimal]:
    """Round monthly budgets from the sum of the minimum payments up."""
    lowest = round_up(minimums)
    picks = [lowest]
    for factor in ROUNDER[1:]:
        amount = round_up(lowest * factor)
        if amount > picks[-1]:
            picks.append(amount)
    return picks[:MOST_CHOICES]


def round_up(amount: Decimal) -> Decimal:
    """`amount` rounded up to a step that reads well for its size (5, 10, 50 or 100)."""
    if amount <= ZERO:
        return ZERO
    step = Decimal(5 if amount < 100 else 10 if amount < 500 else 50 if amount < 2000 else 100)
    return to_cents((amount / step).to_integral_value(rounding=ROUND_CEILING) * step)
