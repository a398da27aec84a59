"""Installment schedules for one debt: by number of months or by monthly amount.

Every amount is in cents and the installments add up exactly: the sum of the
principal parts is the principal, and the sum of the amounts is the principal plus the
sum of the interest parts. The last installment absorbs what rounding leaves over.

* Zero interest splits the principal evenly, rounding each installment up to the cent
  so that the last one is never larger than the others ("333.34, 333.34, 333.32").
  When that would leave nothing for the last one (a small principal over many months),
  the cents are spread instead: some installments carry one cent more.
* With interest, the installment is the annuity payment rounded to cents; each month's
  interest is the balance times the monthly rate (annual / 12 / 100) rounded to cents;
  the rest of the installment repays principal. (At high rates over very long terms a
  cent of rounding compounds, and the last installment can differ from the others by
  more than a few cents; if rounding up would repay the debt before the last month,
  the installment is lowered by cents until it does not.)

Due dates fall on the same day each month from the first due date, clamped to the end
of shorter months without drifting: Jan 31 → Feb 28 (or 29) → Mar 31.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from services.plans.schedule_rows import (
    Row,
    annuity_rows,
    even_rows,
    interest_on,
    least_amount,
    monthly_rate,
    rows_until_repaid,
)
from services.shared.amounts import MAX_MONTHS
from services.shared.errors import DomainError
from services.shared.money import CENT, ZERO, MoneyInput, to_cents


class PaymentTooSmall(DomainError):
    """The monthly amount never repays the debt within MAX_MONTHS (or not at all).

    values: amount, minimum (the least amount that repays it within MAX_MONTHS),
    interest (the first month's interest).
    """

    code = "payment_too_small"


class TooManyInstallments(DomainError):
    """More installments than allowed (MAX_MONTHS) or than the principal has cents for.

    values: months, max_months.
    """

    code = "too_many_installments"


@dataclass(frozen=True, slots=True)
class Installment:
    number: int
    due_date: date
    amount: Decimal
    principal: Decimal
    interest: Decimal
    balance_after: Decimal


@dataclass(frozen=True, slots=True)
class Schedule:
    installments: tuple[Installment, ...]
    total: Decimal
    total_interest: Decimal
    principal: Decimal
    months: int
    annual_rate: Decimal
    """The annual interest rate in percent, as the schedule was computed with."""

    @property
    def installment_amount(self) -> Decimal:
        """The amount of the first installment: every one but the last, in most plans."""
        return self.installments[0].amount

    @property
    def last_amount(self) -> Decimal:
        return self.installments[-1].amount


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, clamped to the end of shorter months."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def annual_rate_of(annual_rate_pct: Decimal | int | str) -> Decimal:
    """The annual rate in percent as a Decimal, refusing floats and negative rates."""
    if isinstance(annual_rate_pct, float | bool):
        raise TypeError("an interest rate must be Decimal, int or str, not float")
    rate = Decimal(annual_rate_pct)
    if not rate.is_finite() or rate < 0:
        raise ValueError(f"the annual rate must be zero or more, not {annual_rate_pct!r}")
    return rate


def schedule_by_months(
    principal: MoneyInput, annual_rate_pct: Decimal | int | str, months: int, first_due: date
) -> Schedule:
    """`principal` repaid in `months` monthly installments, the first due on `first_due`.

    Raises `TooManyInstallments` above MAX_MONTHS, or when the principal is too small
    to give every one of `months` installments at least a cent.
    """
    amount = _positive_principal(principal)
    annual_rate = annual_rate_of(annual_rate_pct)
    rate = monthly_rate(annual_rate)
    if months < 1:
        raise ValueError(f"a schedule needs at least one installment, not {months}")
    if months > MAX_MONTHS:
        raise TooManyInstallments(months=months, max_months=MAX_MONTHS)
    rows = even_rows(amount, months) if rate == 0 else annuity_rows(amount, rate, months)
    if rows is None:
        most = rows_until_repaid(amount, rate, CENT, MAX_MONTHS)
        raise TooManyInstallments(months=months, max_months=len(most or ()))
    return _schedule(amount, annual_rate, rows, first_due)


def schedule_by_amount(
    principal: MoneyInput,
    annual_rate_pct: Decimal | int | str,
    monthly_amount: MoneyInput,
    first_due: date,
) -> Schedule:
    """`principal` repaid at `monthly_amount` a month until done; the last one is smaller.

    The number of installments is a ceiling: 1000 at 300 a month is 300, 300, 300, 100.
    Raises `PaymentTooSmall` when the amount does not cover the first month's interest
    or would take more than MAX_MONTHS.
    """
    amount = _positive_principal(principal)
    annual_rate = annual_rate_of(annual_rate_pct)
    rate = monthly_rate(annual_rate)
    regular = to_cents(monthly_amount)
    if regular <= 0:
        raise ValueError(f"the monthly amount must be positive, not {monthly_amount!r}")
    rows = rows_until_repaid(amount, rate, regular, MAX_MONTHS)
    if rows is None:
        raise PaymentTooSmall(
            amount=regular,
            minimum=least_amount(amount, rate, MAX_MONTHS),
            interest=interest_on(amount, rate),
        )
    return _schedule(amount, annual_rate, rows, first_due)


def least_monthly_amount(
    principal: MoneyInput, annual_rate_pct: Decimal | int | str, max_months: int
) -> Decimal:
    """The smallest monthly amount that repays `principal` in at most `max_months`."""
    if not 1 <= max_months <= MAX_MONTHS:
        raise ValueError(f"max_months must be between 1 and {MAX_MONTHS}, not {max_months}")
    rate = monthly_rate(annual_rate_of(annual_rate_pct))
    return least_amount(_positive_principal(principal), rate, max_months)


def _positive_principal(principal: MoneyInput) -> Decimal:
    amount = to_cents(principal)
    if amount <= 0:
        raise ValueError(f"the principal must be positive, not {principal!r}")
    return amount


def _schedule(
    principal: Decimal, annual_rate: Decimal, rows: list[Row], first_due: date
) -> Schedule:
    installments = tuple(
        Installment(
            number=number,
            due_date=add_months(first_due, number - 1),
            amount=repaid + interest,
            principal=repaid,
            interest=interest,
            balance_after=balance,
        )
        for number, (repaid, interest, balance) in enumerate(rows, start=1)
    )
    total_interest = sum((row[1] for row in rows), ZERO)
    return Schedule(
        installments=installments,
        total=principal + total_interest,
        total_interest=total_interest,
        principal=principal,
        months=len(installments),
        annual_rate=annual_rate,
    )
