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

from db.models import Reminder
from db.models.enums import ReminderStatus
from db.unit_of_work import UnitOfWork
from services.reminders.times import ReminderPolicy, send_day, window_start
from services.shared.clock import local_today, time_zone

PLANS_PER_PASS = 500


async def schedule_new_plans(
    uow: UnitOfWork, *, now: datetime, policy: ReminderPolicy, default_timezone: str
) -> int:
    """Create the reminders of active plans that have none yet. Returns how many."""
    plans = await uow.reminders.lock_unscheduled_plans(limit=PLANS_PER_PASS)
    if not plans:
        return 0
    created = 0
    for plan_id, user_id, timezone in plans:
        if user_id is not None:
            created += await _schedule_plan(
                uow, plan_id, user_id, time_zone(timezone, default_timezone), now, policy
            )
    await uow.reminders.mark_plans_scheduled([plan_id for plan_id, _, _ in plans], now=now)
    await uow.flush()
    return created


async def _schedule_plan(uow, plan_id, user_id, tz, now, policy: ReminderPolicy) -> int:
    installments = await uow.reminders.open_installments_of(plan_id)
    existing = await uow.reminders.existing_kinds([row.id for row in installments])
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
    uow.reminders.add_all(rows)
    return len(rows)
