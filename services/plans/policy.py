"""The operator's limits on a payment plan, and the closest plan within them.

A plan keeps the policy when it has at most `max_months` installments and every
installment but the last is at least `min_installment` (a smaller last one is fine).
`fit_plan` answers in the terms the person asked in: a request by months gets the
largest number of months that fits; a request by monthly amount gets the smallest
amount that fits. A personal debt has no policy (`None`): any terms, within MAX_MONTHS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from services.plans.schedules import (
    MAX_MONTHS,
    PaymentTooSmall,
    Schedule,
    TooManyInstallments,
    least_monthly_amount,
    schedule_by_amount,
    schedule_by_months,
)
from services.shared.money import MoneyInput, to_cents

# Reasons a request does not fit. Every PlanFit that does not fit carries the values
# max_months, min_installment (None when unset), closest_months and closest_amount, and:
TOO_MANY_MONTHS = "too_many_months"
"""values: months (asked, or what the asked amount would take)."""
INSTALLMENT_BELOW_MINIMUM = "installment_below_minimum"
"""values: amount (the asked installment)."""
PAYMENT_TOO_SMALL = "payment_too_small"
"""The amount never repays the debt, or not within MAX_MONTHS; values: amount, minimum."""


@dataclass(frozen=True, slots=True)
class PlanPolicy:
    max_months: int | None = None
    min_installment: Decimal | None = None

    def __post_init__(self) -> None:
        if self.max_months is not None and self.max_months < 1:
            raise ValueError(f"max_months must be at least 1, not {self.max_months}")
        if self.min_installment is not None:
            object.__setattr__(self, "min_installment", to_cents(self.min_installment))
            if self.min_installment <= 0:
                raise ValueError(f"min_installment must be positive, not {self.min_installment}")

    @property
    def months_limit(self) -> int:
        """The most installments a plan may have under this policy."""
        return min(self.max_months or MAX_MONTHS, MAX_MONTHS)

    def breach(self, schedule: Schedule) -> str | None:
        """The first rule `schedule` breaks (a reason code), or None when it keeps them."""
        if schedule.months > self.months_limit:
            return TOO_MANY_MONTHS
        if self.min_installment is not None and any(
            installment.amount < self.min_installment for installment in schedule.installments[:-1]
        ):
            return INSTALLMENT_BELOW_MINIMUM
        return None


NO_POLICY = PlanPolicy()


@dataclass(frozen=True, slots=True)
class PlanFit:
    """How a requested plan sits with the policy.

    `schedule` is the plan as asked (None when the asked amount never repays the debt);
    `closest` is the plan to offer instead when it does not fit (otherwise the same
    schedule); `reason` names the broken rule and `values` carry what its message needs,
    plus `closest_months` and `closest_amount`.
    """

    schedule: Schedule | None
    fits: bool
    closest: Schedule
    reason: str | None = None
    values: Mapping[str, object] = field(default_factory=dict, hash=False)


def fit_plan(
    principal: MoneyInput,
    annual_rate_pct: Decimal | int | str,
    policy: PlanPolicy | None,
    *,
    months: int | None = None,
    monthly_amount: MoneyInput | None = None,
    first_due: date,
) -> PlanFit:
    """The plan asked for (by `months` or by `monthly_amount`, exactly one) checked against
    `policy`, with the closest plan that keeps it when it does not."""
    if (months is None) == (monthly_amount is None):
        raise ValueError("ask for a plan by months or by monthly amount, exactly one of them")
    policy = policy or NO_POLICY
    if months is not None:
        return _fit_months(principal, annual_rate_pct, policy, months, first_due)
    assert monthly_amount is not None
    return _fit_amount(principal, annual_rate_pct, policy, to_cents(monthly_amount), first_due)


def _fit_months(
    principal: MoneyInput,
    annual_rate_pct: Decimal | int | str,
    policy: PlanPolicy,
    months: int,
    first_due: date,
) -> PlanFit:
    if months < 1:
        raise ValueError(f"a plan needs at least one month, not {months}")

    def plan_for(count: int) -> Schedule | None:
        try:
            return schedule_by_months(principal, annual_rate_pct, count, first_due)
        except TooManyInstallments:
            return None

    asked = plan_for(months) if months <= MAX_MONTHS else None
    if asked is not None and policy.breach(asked) is None:
        return PlanFit(schedule=asked, fits=True, closest=asked)

    def allowed(count: int) -> Schedule | None:
        plan = plan_for(count)
        return plan if plan is not None and policy.breach(plan) is None else None

    # One installment always fits (it is the last, so no minimum applies to it), and
    # fewer months only make installments larger: search for the largest that fits.
    low = 1
    closest = allowed(low)
    assert closest is not None
    high = min(months, policy.months_limit + 1)
    while high - low > 1:
        middle = (low + high) // 2
        plan = allowed(middle)
        if plan is None:
            high = middle
        else:
            low, closest = middle, plan
    if asked is not None and policy.breach(asked) == INSTALLMENT_BELOW_MINIMUM:
        reason = INSTALLMENT_BELOW_MINIMUM
        values: dict[str, object] = {"amount": asked.installment_amount}
    else:
        reason = TOO_MANY_MONTHS
        values = {"months": months, "max_months": _months_cap(policy, closest, months)}
    return _not_fitting(policy, asked, closest, reason, values)


def _months_cap(policy: PlanPolicy, closest: Schedule, months: int) -> int:
    """The limit to quote: the policy's, or the plan's when the principal is that small."""
    if months > policy.months_limit:
        return policy.months_limit
    return closest.months


def _fit_amount(
    principal: MoneyInput,
    annual_rate_pct: Decimal | int | str,
    policy: PlanPolicy,
    amount: Decimal,
    first_due: date,
) -> PlanFit:
    if amount <= 0:
        raise ValueError(f"the monthly amount must be positive, not {amount}")
    try:
        asked: Schedule | None = schedule_by_amount(principal, annual_rate_pct, amount, first_due)
    except PaymentTooSmall:
        asked = None
    if asked is not None and policy.breach(asked) is None:
        return PlanFit(schedule=asked, fits=True, closest=asked)
    least_in_limit = least_monthly_amount(principal, annual_rate_pct, policy.months_limit)
    fitting_amount = max(amount, policy.min_installment or amount, least_in_limit)
    closest = schedule_by_amount(principal, annual_rate_pct, fitting_amount, first_due)
    if asked is None:
        reason = PAYMENT_TOO_SMALL
        values: dict[str, object] = {"amount": amount, "minimum": fitting_amount}
    elif policy.breach(asked) == INSTALLMENT_BELOW_MINIMUM:
        reason = INSTALLMENT_BELOW_MINIMUM
        values = {"amount": amount}
    else:
        reason = TOO_MANY_MONTHS
        values = {"months": asked.months}
    return _not_fitting(policy, asked, closest, reason, values)


def _not_fitting(
    policy: PlanPolicy,
    asked: Schedule | None,
    closest: Schedule,
    reason: str,
    values: dict[str, object],
) -> PlanFit:
    """A PlanFit that offers `closest`; `values` get the policy's limits and the offer."""
    values = {
        "max_months": policy.months_limit,
        "min_installment": policy.min_installment,
        **values,
        "closest_months": closest.months,
        "closest_amount": closest.installment_amount,
    }
    return PlanFit(schedule=asked, fits=False, closest=closest, reason=reason, values=values)
