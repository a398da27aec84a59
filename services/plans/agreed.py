"""An agreed plan read back: its schedule, for the files a person takes away.

Found only among the person's own debts: anyone else's plan id looks like no plan at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from db.models import InstallmentStatus, PaymentPlan, PlanStatus
from db.unit_of_work import UnitOfWork
from services.debts.owed import DebtNotFound, get_debt, list_debts
from services.debts.policy import DebtPolicy
from services.plans.agree import AgreedPlan
from services.plans.schedules import Installment, Schedule
from services.shared.errors import DomainError
from services.shared.money import ZERO


class PlanNotFound(DomainError):
    """No plan with that id among the person's debts."""

    code = "plan_not_found"


class PlanNotActive(DomainError):
    """The plan was replaced or has ended; its schedule no longer applies."""

    code = "plan_not_active"


async def agreed_schedule(
    uow: UnitOfWork, *, user_id: int, plan_id: int, default_policy: DebtPolicy
) -> AgreedPlan:
    """The user's active plan `plan_id` as it was agreed; PlanNotFound when it is not
    one of theirs, PlanNotActive when it was replaced or has ended."""
    plan = await uow.plans.with_installments(plan_id)
    if plan is None:
        raise PlanNotFound()
    try:
        debt = await get_debt(
            uow, user_id=user_id, debt_id=plan.debt_id, default_policy=default_policy
        )
    except DebtNotFound:
        raise PlanNotFound() from None
    if plan.status != PlanStatus.ACTIVE or not plan.installments:
        raise PlanNotActive()
    return AgreedPlan(plan_id=plan.id, debt=debt, schedule=_schedule_of(plan), created=False)


def _schedule_of(plan: PaymentPlan) -> Schedule:
    balance = plan.principal
    installments = []
    for row in plan.installments:
        balance -= row.principal
        installments.append(
            Installment(
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


@dataclass(frozen=True, kw_only=True)
class OpenInstallment:
    """An installment still to pay of an active plan of one of the person's debts."""

    debt_id: int
    creditor: str
    currency: str
    plan_id: int
    plan_kind: str
    """``PlanKind``: installments, settlement or partial."""
    number: int
    due_date: date
    amount: Decimal


async def open_installments(
    uow: UnitOfWork, *, user_id: int, default_policy: DebtPolicy
) -> list[OpenInstallment]:
    """The open installments of the active plans of the user's debts, soonest first.
    Only the user's own debts are looked at: anyone else's plans never show."""
    plans = uow.plans
    found: list[OpenInstallment] = []
    for debt in await list_debts(uow, user_id=user_id, default_policy=default_policy):
        if debt.next_due is None:  # no open installment in an active plan
            continue
        for plan in await plans.active_for_debt(debt.id):
            found.extend(
                OpenInstallment(
                    debt_id=debt.id,
                    creditor=debt.creditor,
                    currency=debt.currency,
                    plan_id=plan.id,
                    plan_kind=plan.kind,
                    number=row.number,
                    due_date=row.due_date,
                    amount=row.amount,
                )
                for row in plan.installments
                if row.status == InstallmentStatus.OPEN
            )
    return sorted(found, key=lambda item: (item.due_date, item.debt_id, item.number))
