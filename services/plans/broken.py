"""Broken plans: an active plan with an installment unpaid ``days`` after its due date.

``break_overdue_plans`` marks such a plan ``broken``, puts its debt back from
``in_plan`` to ``open`` (so it can be negotiated or planned again), cancels the plan's
reminders still pending (``last_error`` "plan broken") and audits ``plan.broken``
for each, with the system as actor. It is meant to run often: when nothing is broken it
costs one query over the installments' ``(status, due_date)`` index.

An installment counts as unpaid while it is ``open`` or ``reported_paid`` (the person
said they paid, and the operator has not confirmed it). Only operator debts' plans
break: a plan of a person's own debt is theirs to keep or redo.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update

from db.models import (
    Debt,
    DebtKind,
    DebtStatus,
    Installment,
    InstallmentStatus,
    PaymentPlan,
    PlanStatus,
)
from db.models.enums import ReminderStatus
from db.models.reminders import Reminder
from db.repositories.audit import AuditLogRepository
from db.repositories.debts import chunked
from db.unit_of_work import UnitOfWork
from services.shared.audit import SYSTEM

UNPAID = (InstallmentStatus.OPEN, InstallmentStatus.REPORTED_PAID)
PLAN_BROKEN = "plan broken"
"""``last_error`` of a reminder cancelled because its plan was broken."""


async def break_overdue_plans(
    uow: UnitOfWork, *, today: date, days: int, now: datetime
) -> list[int]:
    """Default every active plan with an installment unpaid since ``today - days`` or
    earlier; their ids, in order. Flushes; the caller commits."""
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")
    cutoff = today - timedelta(days=days)
    candidates = await _overdue(uow, cutoff)
    if not candidates:
        return []
    # Lock the debts the way a payment import or a new plan does, then look again:
    # a payment may have been recorded in between.
    for chunk in chunked(sorted({debt_id for debt_id, _ in candidates.values()})):
        await uow.session.execute(
            select(Debt.id).where(Debt.id.in_(chunk)).order_by(Debt.id).with_for_update()
        )
    broken = await _overdue(uow, cutoff, among=candidates.keys())
    plan_ids = sorted(broken)
    for chunk in chunked(plan_ids):
        await _default(uow, chunk, [broken[plan_id][0] for plan_id in chunk], now)
    await AuditLogRepository(uow.session).append_many(
        [
            {
                "actor": SYSTEM,
                "action": "plan.broken",
                "entity_type": "payment_plan",
                "entity_id": plan_id,
                "details": {
                    "debt_id": broken[plan_id][0],
                    "overdue_since": broken[plan_id][1].isoformat(),
                    "days": days,
                },
                "occurred_at": now,
            }
            for plan_id in plan_ids
        ]
    )
    await uow.flush()
    return plan_ids


async def _overdue(
    uow: UnitOfWork, cutoff: date, *, among: Collection[int] | None = None
) -> dict[int, tuple[int, date]]:
    """Active plans with an installment unpaid and due on ``cutoff`` or earlier:
    ``{plan_id: (debt_id, earliest such due date)}``."""
    statement = (
        select(PaymentPlan.id, PaymentPlan.debt_id, func.min(Installment.due_date))
        .join(PaymentPlan, PaymentPlan.id == Installment.plan_id)
        .join(Debt, Debt.id == PaymentPlan.debt_id)
        .where(
            Debt.kind == DebtKind.OPERATOR,
            Installment.status.in_(UNPAID),
            Installment.due_date <= cutoff,
            PaymentPlan.status == PlanStatus.ACTIVE,
        )
        .group_by(PaymentPlan.id, PaymentPlan.debt_id)
    )
    found: dict[int, tuple[int, date]] = {}
    chunks = [None] if among is None else list(chunked(sorted(among)))
    for chunk in chunks:
        narrowed = statement if chunk is None else statement.where(PaymentPlan.id.in_(chunk))
        for plan_id, debt_id, due_date in await uow.session.execute(narrowed):
            found[plan_id] = (debt_id, due_date)
    return found


async def _default(
    uow: UnitOfWork, plan_ids: Collection[int], debt_ids: Collection[int], now: datetime
) -> None:
    await uow.session.execute(
        update(PaymentPlan)
        .where(PaymentPlan.id.in_(plan_ids), PaymentPlan.status == PlanStatus.ACTIVE)
        .values(status=PlanStatus.BROKEN)
        .execution_options(synchronize_session="fetch")
    )
    await uow.session.execute(
        update(Debt)
        .where(Debt.id.in_(debt_ids), Debt.status == DebtStatus.IN_PLAN)
        .values(status=DebtStatus.OPEN, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )
    installments = select(Installment.id).where(Installment.plan_id.in_(plan_ids))
    await uow.session.execute(
        update(Reminder)
        .where(Reminder.installment_id.in_(installments), Reminder.status == ReminderStatus.PENDING)
        .values(status=ReminderStatus.CANCELLED, last_error=PLAN_BROKEN)
        .execution_options(synchronize_session=False)
    )
