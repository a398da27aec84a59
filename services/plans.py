"""Payment plans for one debt: propose terms, agree them, read an agreed plan back.

A proposal is computed from the debt as stored and the terms the person asked for
(a number of months or a monthly amount); an operator's debt is held to its policy with
`fit_plan`, and when the terms break it the closest plan that keeps it is offered
instead. Agreeing re-derives the plan from the offered terms, never from what was shown:
the debt is read again (and its row locked), its owner checked, the policy applied again.

A debt has at most one active plan: agreeing a new one cancels the old one and its
installments still open. Agreeing the very same plan twice changes nothing the second
time, so a repeated confirmation (two taps, two processes) has one effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from db.models import DebtStatus, Installment, PaymentPlan, PlanKind, PlanStatus
from db.repositories.plans import PlanRepository
from db.unit_of_work import UnitOfWork
from services import audit
from services.debt_import_policy import DebtPolicy
from services.debts import DebtNotFound, DebtView, get_debt, list_debts
from services.errors import DomainError
from services.money import ZERO, MoneyInput, to_cents
from services.plan_policy import PlanFit, PlanPolicy, fit_plan
from services.plans_terms import amount_choices, first_due_date, month_choices
from services.schedules import MAX_MONTHS, Schedule, add_months, least_monthly_amount
from services.schedules import Installment as ScheduledInstallment

PLANNABLE = (DebtStatus.OPEN, DebtStatus.IN_PLAN)
"""A debt in any other status (paid, settled, cancelled) has nothing left to plan."""


class DebtNotPlannable(DomainError):
    """The debt is paid, settled or cancelled, or owes nothing. values: status."""

    code = "plan_debt_closed"


class PlanOutsidePolicy(DomainError):
    """The terms to agree break the debt's policy (the debt changed since they were
    offered). values: reason."""

    code = "plan_outside_policy"


class PlanTermsChanged(DomainError):
    """The plan to agree is not the one the person was shown (the debt changed)."""

    code = "plan_terms_changed"


class InvalidFirstDue(DomainError):
    """The first installment is not within a month of today. values: first_due."""

    code = "plan_first_due_invalid"


class PlanNotFound(DomainError):
    """No plan with that id among the person's debts."""

    code = "plan_not_found"


class PlanNotActive(DomainError):
    """The plan was replaced or has ended; its schedule no longer applies."""

    code = "plan_not_active"


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


@dataclass(frozen=True, kw_only=True)
class AgreedPlan:
    plan_id: int
    debt: DebtView
    schedule: Schedule
    created: bool
    """False when this very plan was already the debt's active plan (a repeat)."""
    replaced: tuple[int, ...] = ()
    """The plans this one cancelled."""

    @property
    def binding(self) -> bool:
        return not self.debt.is_personal


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


async def plannable_debts(uow: UnitOfWork, *, user_id: int, defaults: DebtPolicy) -> list[DebtView]:
    """The user's debts that can get a plan."""
    return [debt for debt in await list_debts(uow, user_id=user_id, defaults=defaults) if is_plannable(debt)]


async def plannable_debt(
    uow: UnitOfWork, *, user_id: int, debt_id: int, defaults: DebtPolicy
) -> DebtView:
    """The user's debt `debt_id`; DebtNotFound for anyone else's, DebtNotPlannable when
    there is nothing left to plan."""
    debt = await get_debt(uow, user_id=user_id, debt_id=debt_id, defaults=defaults)
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
    defaults: DebtPolicy,
) -> PlanProposal:
    debt = await plannable_debt(uow, user_id=user_id, debt_id=debt_id, defaults=defaults)
    return propose(debt, terms, first_due)


async def agree_plan(
    uow: UnitOfWork,
    *,
    user_id: int,
    debt_id: int,
    months: int | None = None,
    monthly_amount: MoneyInput | None = None,
    first_due: date,
    defaults: DebtPolicy,
    now: datetime,
    expected_total: Decimal | None = None,
) -> AgreedPlan:
    """Agree the plan of `months` installments (or of `monthly_amount` a month) for the
    user's debt, the first one due on `first_due`, and make it the debt's active plan.

    `expected_total` is the total the person was shown; when the plan now comes out
    different, PlanTermsChanged is raised and nothing is agreed.
    """
    _check_first_due(first_due, now)
    plans = PlanRepository(uow.session)
    stored = await plans.lock_debt(debt_id)
    if stored is None:
        raise DebtNotFound()
    debt = await plannable_debt(uow, user_id=user_id, debt_id=debt_id, defaults=defaults)
    terms = PlanTerms(
        months=months, monthly_amount=None if monthly_amount is None else to_cents(monthly_amount)
    )
    proposal = propose(debt, terms, first_due)
    if not proposal.fit.fits:
        raise PlanOutsidePolicy(reason=proposal.fit.reason)
    schedule = proposal.schedule
    if expected_total is not None and schedule.total != to_cents(expected_total):
        raise PlanTermsChanged()
    active = await plans.active_for_debt(debt_id)
    for plan in active:
        if plan.user_id == user_id and _same_schedule(plan, schedule):
            return AgreedPlan(plan_id=plan.id, debt=debt, schedule=schedule, created=False)
    replaced = tuple(plan.id for plan in active)
    await plans.cancel(replaced)
    plan = _new_plan(debt_id, user_id, schedule, now)
    plans.add(plan)
    stored.status = DebtStatus.IN_PLAN
    stored.updated_at = now
    await uow.flush()
    actor = audit.user_actor(user_id)
    for old_id in replaced:
        audit.record(
            uow,
            actor=actor,
            action="plan.cancelled",
            entity_type="payment_plan",
            entity_id=old_id,
            details={"replaced_by": plan.id},
            now=now,
        )
    audit.record(
        uow,
        actor=actor,
        action="plan.agreed",
        entity_type="payment_plan",
        entity_id=plan.id,
        details={
            "debt_id": debt_id,
            "binding": proposal.binding,
            "months": str(schedule.months),
            "installment": str(schedule.installment_amount),
            "total": str(schedule.total),
            "first_due": first_due.isoformat(),
            "replaces": [str(old_id) for old_id in replaced],
        },
        now=now,
    )
    return AgreedPlan(
        plan_id=plan.id, debt=debt, schedule=schedule, created=True, replaced=replaced
    )


async def agreed_schedule(
    uow: UnitOfWork, *, user_id: int, plan_id: int, defaults: DebtPolicy
) -> AgreedPlan:
    """The user's active plan `plan_id` as it was agreed; PlanNotFound when it is not
    one of theirs, PlanNotActive when it was replaced or has ended."""
    plan = await PlanRepository(uow.session).with_installments(plan_id)
    if plan is None:
        raise PlanNotFound()
    try:
        debt = await get_debt(uow, user_id=user_id, debt_id=plan.debt_id, defaults=defaults)
    except DebtNotFound:
        raise PlanNotFound() from None
    if plan.status != PlanStatus.ACTIVE or not plan.installments:
        raise PlanNotActive()
    return AgreedPlan(plan_id=plan.id, debt=debt, schedule=_schedule_of(plan), created=False)


def _check_first_due(first_due: date, now: datetime) -> None:
    """Within a month of today, whatever the person's time zone (a day of slack)."""
    today = now.date()
    if not today - timedelta(days=1) <= first_due <= add_months(today, 1) + timedelta(days=1):
        raise InvalidFirstDue(first_due=first_due)


def _same_schedule(plan: PaymentPlan, schedule: Schedule) -> bool:
    return plan.principal == schedule.principal and [
        (installment.due_date, installment.amount) for installment in plan.installments
    ] == [(installment.due_date, installment.amount) for installment in schedule.installments]


def _new_plan(debt_id: int, user_id: int, schedule: Schedule, now: datetime) -> PaymentPlan:
    return PaymentPlan(
        debt_id=debt_id,
        user_id=user_id,
        kind=PlanKind.INSTALLMENTS,
        status=PlanStatus.ACTIVE,
        principal=schedule.principal,
        annual_rate=schedule.annual_rate,
        total=schedule.total,
        agreed_at=now,
        created_at=now,
        installments=[
            Installment(
                number=installment.number,
                due_date=installment.due_date,
                amount=installment.amount,
                principal=installment.principal,
                interest=installment.interest,
            )
            for installment in schedule.installments
        ],
    )


def _schedule_of(plan: PaymentPlan) -> Schedule:
    balance = plan.principal
    installments = []
    for row in plan.installments:
        balance -= row.principal
        installments.append(
            ScheduledInstallment(
                number=row.number,
                due_date=row.due_date,
                amount=row.amount,
                principal=row.principal,
                interest=row.interest,
                balance_after=balance,
            )
        )
    return Schedule(
        installments=tuple(installments),
        total=plan.total,
        total_interest=sum((row.interest for row in plan.installments), ZERO),
        principal=plan.principal,
        months=len(installments),
        annual_rate=plan.annual_rate,
    )
