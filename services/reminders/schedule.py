"""Creating reminders: each open installment of an active plan gets one row per kind
(before, due, after), due at the start of the sending window of its day in the user's
time zone. The unique key (installment, kind) means a reminder exists once, however often
this runs.

Plans are picked up once, by `reminders_scheduled_at`; a plan agreed a minute ago gets
its reminders at the scheduler's next look. Reminders of days already past are not
created (an agreement made late does not start with an overdue notice), nor a "before"
reminder for today (the person has just agreed the plan).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update

from db.models import Debt, Debtor, Installment, PaymentPlan, Reminder, User
from db.models.enums import InstallmentStatus, PlanStatus, ReminderStatus
from db.unit_of_work import UnitOfWork
from services.reminders.times import ReminderPolicy, local_today, send_day, window_start, zone

PLANS_PER_PASS = 500


async def schedule_new_plans(
    uow: UnitOfWork, *, now: datetime, policy: ReminderPolicy, default_timezone: str
) -> int:
    """Create the reminders of active plans that have none yet. Returns how many."""
    session = uow.session
    # An operator debt's person is whoever is linked to its debtor now.
    owner = func.coalesce(Debtor.user_id, Debt.owner_user_id, PaymentPlan.user_id)
    plans = (
        await session.execute(
            select(PaymentPlan.id, owner, User.timezone)
            .join(Debt, Debt.id == PaymentPlan.debt_id)
            .outerjoin(Debtor, Debtor.id == Debt.debtor_id)
            .outerjoin(User, User.id == owner)
            .where(
                PaymentPlan.status == PlanStatus.ACTIVE,
                PaymentPlan.reminders_scheduled_at.is_(None),
            )
            .order_by(PaymentPlan.id)
            .limit(PLANS_PER_PASS)
            # Two processes never schedule the same plan (SQLite has one writer).
            .with_for_update(skip_locked=True, of=PaymentPlan)
        )
    ).all()
    if not plans:
        return 0
    created = 0
    for plan_id, user_id, timezone in plans:
        if user_id is not None:
            created += await _schedule_plan(
                uow, plan_id, user_id, zone(timezone, default_timezone), now, policy
            )
    await session.execute(
        update(PaymentPlan)
        .where(PaymentPlan.id.in_([plan_id for plan_id, _, _ in plans]))
        .values(reminders_scheduled_at=now)
    )
    await session.flush()
    return created


async def _schedule_plan(uow, plan_id, user_id, tz, now, policy: ReminderPolicy) -> int:
    session = uow.session
    installments = (
        await session.execute(
            select(Installment.id, Installment.due_date).where(
                Installment.plan_id == plan_id, Installment.status == InstallmentStatus.OPEN
            )
        )
    ).all()
    existing = set(
        (
            await session.execute(
                select(Reminder.installment_id, Reminder.kind).where(
                    Reminder.installment_id.in_([row.id for row in installments])
                )
            )
        ).all()
    )
    today = local_today(now, tz)
    rows = []
    for installment_id, due_date in installments:
        for kind, _ in policy.kinds():
            day = send_day(due_date, kind)
            if day < today or (day == today and kind.startswith("before")):
                continue
            if (installment_id, kind) in existing:
                continue
            rows.append(
                Reminder(
                    installment_id=installment_id,
                    user_id=user_id,
                    kind=kind,
                    due_at=window_start(day, tz, policy),
                    status=ReminderStatus.PENDING,
                    created_at=now,
                )
            )
    session.add_all(rows)
    return len(rows)
