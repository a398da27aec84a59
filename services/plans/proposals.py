"""Proposing a payment plan for one debt: which debts can have one, the quick choices
for its terms, and the plan those terms give.

A proposal is computed from the debt as stored and the terms the person asked for (a
number of months or a monthly amount). An operator's debt is held to its policy with
`fit_plan`; when the terms break it, the closest plan that keeps it is offered instead,
in the same kind of terms, so that agreeing can re-derive exactly that plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from db.models import DebtStatus
from db.unit_of_work import UnitOfWork
from services.debts.owed import DebtView, get_debt, list_debts
from services.debts.policy import DebtPolicy
from services.plans.policy import PlanFit, PlanPolicy, fit_plan
from services.plans.schedules import MAX_MONTHS, Schedule, least_monthly_amount
from services.plans.terms import amount_choices, first_due_date, month_choices
from services.shared.errors import DomainError
from services.shared.money import ZERO, to_cents

PLANNABLE = (DebtStatus.OPEN, DebtStatus.IN_PLAN)
"""A debt in any other status (paid, settled, cancelled) has nothing left to plan."""


class DebtNotPlannable(DomainError):
    """The debt is paid, settled or cancelled, or owes nothing. values: status."""

    code = "plan_debt_closed"


@dataclass(frozen=True, kw_only=True)
class PlanTerms:
    """What a plan is asked for by: a number of months or a monthly amount."""

    months: int | None = None
    monthly_amount: Decimal | None = None

    def __post_init__(self) -> None:
        if (self.months is None) == (self.monthly_amount is None):
            raise ValueError("plan terms are a number of months or a monthly amount, not both")
        if self.monthly_amount is not None:
            object.__setattr__(self, "monthly_amount", to_cents(self.monthly_amount))


@dataclass(frozen=True, kw_only=True)
class PlanProposal:
    debt: DebtView
    asked: PlanTerms
    fit: PlanFit
    first_due: date

    @property
    def schedule(self) -> Schedule:
        """The plan offered: the one asked for when it fits, else the closest that does."""
        return self.fit.closest

    @property
    def offered(self) -> PlanTerms:
        """The terms that give `schedule` again, in the way the person asked."""
        if self.fit.fits:
            return self.asked
        if self.asked.months is not None:
            return PlanTerms(months=self.schedule.months)
        return PlanTerms(monthly_amount=self.schedule.installment_amount)

    @property
    def binding(self) -> bool:
        return not self.debt.is_personal


@dataclass(frozen=True, kw_only=True)
class TermChoices:
    """Quick choices for a debt's plan: numbers of months and monthly amounts."""

    months: list[int]
    amounts: list[Decimal]
    most_months: int
    least_amount: Decimal


def plan_policy(debt: DebtView) -> PlanPolicy | None:
    """The limits `fit_plan` holds the debt to: the operator's, none for a personal debt."""
    if debt.policy is None:
        return None
    return PlanPolicy(
        max_months=debt.policy.max_months,
        min_installment=debt.policy.min_installment or None,
    )


def is_plannable(debt: DebtView) -> bool:
    return debt.status in PLANNABLE and debt.balance > ZERO


async def plannable_debts(
    uow: UnitOfWork, *, user_id: int, default_policy: DebtPolicy
) -> list[DebtView]:
    """The user's debts that can get a plan."""
    return [
        debt
        for debt in await list_debts(uow, user_id=user_id, default_policy=default_policy)
        if is_plannable(debt)
    ]


async def plannable_debt(
    uow: UnitOfWork, *, user_id: int, debt_id: int, default_policy: DebtPolicy
) -> DebtView:
    """The user's debt `debt_id`; DebtNotFound for anyone else's, DebtNotPlannable when
    there is nothing left to plan."""
    debt = await get_debt(uow, user_id=user_id, debt_id=debt_id, default_policy=default_policy)
    if not is_plannable(debt):
        raise DebtNotPlannable(status=debt.status)
    return debt


def first_due_for(debt: DebtView, today: date) -> date:
    """One month from today for the operator's debts; a personal debt's next due day."""
    return first_due_date(today=today, due_day=debt.due_day if debt.is_personal else None)


def term_choices(debt: DebtView, first_due: date) -> TermChoices:
    """Quick choices that all keep the debt's policy."""
    policy = plan_policy(debt)
    limit = policy.months_limit if policy else MAX_MONTHS
    longest = fit_plan(debt.balance, debt.annual_rate, policy, months=limit, first_due=first_due)
    least = least_monthly_amount(debt.balance, debt.annual_rate, limit)
    if policy and policy.min_installment:
        least = max(least, policy.min_installment)
    elif debt.minimum_payment:
        least = max(least, debt.minimum_payment)
    return TermChoices(
        months=month_choices(longest.closest.months),
        amounts=amount_choices(least, below=debt.balance),
        most_months=longest.closest.months,
        least_amount=least,
    )


def propose(debt: DebtView, terms: PlanTerms, first_due: date) -> PlanProposal:
    fit = fit_plan(
        debt.balance,
        debt.annual_rate,
        plan_policy(debt),
        months=terms.months,
        monthly_amount=terms.monthly_amount,
        first_due=first_due,
    )
    return PlanProposal(debt=debt, asked=terms, fit=fit, first_due=first_due)


async def propose_plan(
    uow: UnitOfWork,
    *,
    user_id: int,
    debt_id: int,
    terms: PlanTerms,
    first_due: date,
    default_policy: DebtPolicy,
) -> PlanProposal:
    debt = await plannable_debt(
        uow, user_id=user_id, debt_id=debt_id, default_policy=default_policy
    )
    return propose(debt, terms, first_due)
