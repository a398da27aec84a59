"""Claiming the next reminder message: one person's due reminders, merged.

A claim is one short unit of work. It picks a person with due reminders and locks their
user row with `FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite has one writer), so two bot
processes never claim for the same person at once. Then, for that person:

- nobody to write to (erased, reminders off, blocked the bot): their due reminders are
  cancelled, once, and not retried every minute;
- outside their local sending hours, or already reminded today: the reminders wait for
  the next window (one message a day at most, never at night);
- reminders that no longer apply (installment paid, plan ended, the debt's reminders
  off) are cancelled; of several due for one installment only the latest is sent (after
  downtime, "due in 3 days" and "due today" become the one overdue notice);
- the rest are marked `claimed` by this worker and returned as one message.

The caller sends the message and records the outcome (`services.reminders.outcomes`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from db.errors import DatabaseFailed
from db.models.enums import InstallmentStatus, PlanStatus, ReminderStatus
from db.unit_of_work import UnitOfWork
from services.reminders.message import ReminderMessage, message_lines
from services.reminders.times import (
    ReminderPolicy,
    in_window,
    next_window,
    offset_of,
    start_of_day,
)
from services.shared.clock import local_today, time_zone

log = logging.getLogger(__name__)

CANDIDATES = 200
MAX_LINES = 10
"""Installments in one message at most (Telegram's 4,096 characters); the rest wait."""


@dataclass(frozen=True)
class Claim:
    """`message` to send, or None. `due`: something was due (False: the caller can rest);
    `handled`: how many people were looked at (0 with `due`: all were being claimed by
    other workers, so try again shortly)."""

    message: ReminderMessage | None
    handled: int
    due: bool = True


async def claim_next(
    uow: UnitOfWork,
    *,
    now: datetime,
    worker: str,
    policy: ReminderPolicy,
    default_timezone: str,
) -> Claim:
    candidates = await uow.reminders.due_user_ids(now=now, limit=CANDIDATES)
    if not candidates:
        return Claim(None, 0, due=False)
    handled = 0
    for user_id in dict.fromkeys(candidates):
        user = await uow.reminders.lock_recipient(user_id)
        if user is None:
            continue  # another process is claiming for this person
        handled += 1
        # A savepoint keeps one person's failure from undoing the others' (PostgreSQL; on
        # SQLite a savepoint would pin a read snapshot that another slot's commit spoils).
        savepoint = not uow.reminders.on_sqlite
        try:
            if savepoint:
                async with uow.savepoint():
                    message = await _claim_for(uow, user, now, worker, policy, default_timezone)
            else:
                message = await _claim_for(uow, user, now, worker, policy, default_timezone)
        except DatabaseFailed:
            raise  # the database's trouble (a deadlock, a lost connection): the tick retries
        except Exception:  # one person's bad data must not stop everyone's reminders
            log.exception("reminders of user %s could not be claimed; marked failed", user_id)
            if not savepoint:
                await uow.rollback()
            await uow.reminders.fail_due_of(user_id, now=now, reason="could not be prepared")
            continue
        if message is not None:
            return Claim(message, handled)
    return Claim(None, handled)


async def _claim_for(uow, user, now, worker, policy, default_timezone) -> ReminderMessage | None:
    reminders = uow.reminders
    rows = await reminders.lock_due_of(user.id, now=now)
    if not rows:
        return None
    if user.deleted_at is not None or not user.reminders_enabled or user.unreachable_at:
        reason = "unreachable" if user.unreachable_at else "reminders off"
        await reminders.close_pending(
            [row.id for row in rows], status=ReminderStatus.CANCELLED, reason=reason
        )
        return None
    tz = time_zone(user.timezone, default_timezone)
    if not in_window(now, tz, policy):
        await reminders.postpone_pending(
            [row.id for row in rows], until=next_window(now, tz, policy)
        )
        return None
    current = []
    for row in rows:
        reason = _why_not(row)
        if reason:
            await reminders.close_pending([row.id], status=ReminderStatus.CANCELLED, reason=reason)
        else:
            current.append(row)
    latest: dict[int, object] = {}
    for row in current:
        kept = latest.get(row.installment_id)
        if kept is None or offset_of(row.kind) > offset_of(kept.kind):
            latest[row.installment_id] = row
    superseded = [row.id for row in current if latest[row.installment_id] is not row]
    await reminders.close_pending(superseded, status=ReminderStatus.SKIPPED, reason="superseded")
    if not latest:
        return None
    today = local_today(now, tz)
    day_start = start_of_day(today, tz)
    if not await reminders.take_todays_message(user.id, now=now, day_start=day_start):
        await reminders.postpone_pending(
            [row.id for row in latest.values()], until=next_window(now, tz, policy)
        )
        return None
    chosen = sorted(latest.values(), key=lambda r: (r.due_date, r.debt_id))
    await reminders.postpone_pending(
        [row.id for row in chosen[MAX_LINES:]], until=next_window(now, tz, policy)
    )
    claimed = await reminders.claim_pending(
        [row.id for row in chosen[:MAX_LINES]], now=now, worker=worker
    )
    chosen = [row for row in chosen[:MAX_LINES] if row.id in claimed]
    if not chosen:  # paid or cancelled meanwhile: today's message stays free
        await reminders.free_todays_message(user.id)
        return None
    ids = [row.id for row in chosen]
    lines = await message_lines(uow, chosen)
    return ReminderMessage(
        user_id=user.id,
        telegram_id=user.telegram_id,
        language=user.language,
        timezone=tz.key,
        today=today,
        lines=lines,
        reminder_ids=tuple(ids),
    )


def _why_not(row) -> str | None:
    if row.installment_status == InstallmentStatus.PAID:
        return "paid"
    if row.installment_status == InstallmentStatus.REPORTED_PAID:
        return "reported paid"
    if row.installment_status != InstallmentStatus.OPEN or row.plan_status != PlanStatus.ACTIVE:
        return "plan ended"
    if not row.reminders_enabled:
        return "debt reminders off"
    return None
