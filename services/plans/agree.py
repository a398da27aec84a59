"""Agreeing a payment plan for one debt (proposals: `plans_proposals`; reading an agreed
plan back: `plans_agreed`).

Agreeing re-derives the plan from the offered terms, never from what was shown: the debt
is read again (and its row locked), its owner checked, the policy applied again.

A debt has at most one active plan: agreeing a new one cancels the old one and its
installments still open. Agreeing the very same plan twice changes nothing the second
time, so a repeated confirmation (two taps, two processes) has one effect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from db.models import DebtStatus, Installment, PaymentPlan, PlanKind, PlanStatus
from db.unit_of_work import UnitOfWork
from services.debts.owed import DebtNotFound, DebtView
from services.debts.policy import DebtPolicy
from services.plans.proposals import PlanTerms, plannable_debt, propose
from services.plans.schedules import Schedule, add_months
from services.shared import audit
from services.shared.errors import DomainError
from services.shared.money import MoneyInput, to_cents


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


@dataclass(frozen=True, kw_only=True)
class AgreedPlan:
    plan_id: int
    debt: DebtView
    schedule: Schedule
    created: bool = False
    """True when this call created the plan; False when this very plan was already the
    debt's active plan (a repeated confirmation), or when it is read back."""
    replaced: tuple[int, ...] = ()
    """The plans this one cancelled."""

    @property
    def binding(self) -> bool:
        return not self.debt.is_personal


async def agree_plan(
    uow: UnitOfWork,
    *,
    user_id: int,
    debt_id: int,
    months: int | None = None,
    monthly_amount: MoneyInput | None = None,
    first_due: date,
    default_policy: DebtPolicy,
    now: datetime,
    expected_total: Decimal | None = None,
) -> AgreedPlan:
    """Agree the plan of `months` installments (or of `monthly_amount` a month) for the
    user's debt, the first one due on `first_due`, and make it the debt's active plan.

    `expected_total` is the total the person was shown; when the plan now comes out
    different, PlanTermsChanged is raised and nothing is agreed.
    """
    _check_first_due(first_due, now)
    plans = uow.plans
    stored = await uow.debts.lock_debt(debt_id)
    if stored is None:
        raise DebtNotFound()
    debt = await plannable_debt(
        uow, user_id=user_id, debt_id=debt_id, default_policy=default_policy
    )
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


def _check_first_due(first_due: date, now: datetime) -> None:
    """Within a month of today, whatever the person's time zone (a day of slack)."""
    day = timedelta(days=1)
    today = now.date()
    if not today - day <= first_due <= add_months(today + day, 1) + day:
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
