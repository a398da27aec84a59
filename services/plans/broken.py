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

from datetime import date, datetime, timedelta

from db.unit_of_work import UnitOfWork
from services.shared.audit import SYSTEM

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
    candidates = await uow.plans.overdue_plans(cutoff)
    if not candidates:
        return []
    # Lock the debts the way a payment import or a new plan does, then look again:
    # a payment may have been recorded in between.
    await uow.debts.lock_debts({debt_id for debt_id, _ in candidates.values()})
    broken = await uow.plans.overdue_plans(cutoff, among=candidates.keys())
    plan_ids = sorted(broken)
    await uow.plans.break_plans(
        {plan_id: debt_id for plan_id, (debt_id, _) in broken.items()},
        now=now,
        reminder_error=PLAN_BROKEN,
    )
    await uow.audit.append_many(
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
