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

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import DBAPIError

from db.models import Debt, Installment, PaymentPlan, Reminder, User
from db.models.enums import InstallmentStatus, PlanStatus, ReminderStatus
from db.unit_of_work import UnitOfWork
from services.reminders.message import ReminderMessage, message_lines
from services.reminders.times import (
    ReminderPolicy,
    in_window,
    local_today,
    next_window,
    offset_of,
    start_of_day,
    zone,
)

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
    session = uow.session
    candidates = (
        await session.scalars(
            select(Reminder.user_id)
            .where(Reminder.status == ReminderStatus.PENDING, Reminder.due_at <= now)
            .order_by(Reminder.due_at, Reminder.id)
            .limit(CANDIDATES)
        )
    ).all()
    if not candidates:
        return Claim(None, 0, due=False)
    handled = 0
    for user_id in dict.fromkeys(candidates):
        user = await _lock_user(uow, user_id)
        if user is None:
            continue  # another process is claiming for this person
        handled += 1
        # A savepoint keeps one person's failure from undoing the others' (PostgreSQL; on
        # SQLite a savepoint would pin a read snapshot that another slot's commit spoils).
        savepoint = session.bind.dialect.name != "sqlite"
        try:
            if savepoint:
                async with session.begin_nested():
                    message = await _claim_for(uow, user, now, worker, policy, default_timezone)
            else:
                message = await _claim_for(uow, user, now, worker, policy, default_timezone)
        except DBAPIError:
            raise  # the database's trouble (a deadlock, a lost connection): the tick retries
        except Exception:  # one person's bad data must not stop everyone's reminders
            log.exception("reminders of user %s could not be claimed; marked failed", user_id)
            if not savepoint:
                await session.rollback()
            await _fail_due(uow, user_id, now)
            continue
        if message is not None:
            return Claim(message, handled)
    return Claim(None, handled)


async def _fail_due(uow: UnitOfWork, user_id: int, now: datetime) -> None:
    await uow.session.execute(
        update(Reminder)
        .where(
            Reminder.user_id == user_id,
            Reminder.status == ReminderStatus.PENDING,
            Reminder.due_at <= now,
        )
        .values(status=ReminderStatus.FAILED, last_error="could not be prepared")
    )


async def _lock_user(uow: UnitOfWork, user_id: int):
    statement = select(
        User.id,
        User.telegram_id,
        User.language,
        User.timezone,
        User.reminders_enabled,
        User.deleted_at,
        User.unreachable_at,
    ).where(User.id == user_id)
    # SKIP LOCKED: a person another process is claiming for is left to it. (SQLite renders
    # no FOR UPDATE: it has one writer at a time, and `_take_todays_message` is atomic.)
    statement = statement.with_for_update(skip_locked=True, of=User)
    return (await uow.session.execute(statement)).first()


async def _claim_for(uow, user, now, worker, policy, default_timezone) -> ReminderMessage | None:
    rows = (
        await uow.session.execute(
            select(
                Reminder.id,
                Reminder.kind,
                Installment.id.label("installment_id"),
                Installment.status.label("installment_status"),
                Installment.number,
                Installment.due_date,
                Installment.amount,
                PaymentPlan.id.label("plan_id"),
                PaymentPlan.status.label("plan_status"),
                Debt.id.label("debt_id"),
                Debt.kind.label("debt_kind"),
                Debt.reference,
                Debt.creditor,
                Debt.currency,
                Debt.reminders_enabled,
            )
            .join(Installment, Installment.id == Reminder.installment_id)
            .join(PaymentPlan, PaymentPlan.id == Installment.plan_id)
            .join(Debt, Debt.id == PaymentPlan.debt_id)
            .where(
                Reminder.user_id == user.id,
                Reminder.status == ReminderStatus.PENDING,
                Reminder.due_at <= now,
            )
            .order_by(Reminder.id)  # locked in one order, as every writer of reminders does
            .with_for_update(of=Reminder)
        )
    ).all()
    if not rows:
        return None
    if user.deleted_at is not None or not user.reminders_enabled or user.unreachable_at:
        reason = "unreachable" if user.unreachable_at else "reminders off"
        await _close(uow, [row.id for row in rows], ReminderStatus.CANCELLED, reason)
        return None
    tz = zone(user.timezone, default_timezone)
    if not in_window(now, tz, policy):
        await _postpone(uow, [row.id for row in rows], next_window(now, tz, policy))
        return None
    current = []
    for row in rows:
        reason = _why_not(row)
        if reason:
            await _close(uow, [row.id], ReminderStatus.CANCELLED, reason)
        else:
            current.append(row)
    latest: dict[int, object] = {}
    for row in current:
        kept = latest.get(row.installment_id)
        if kept is None or offset_of(row.kind) > offset_of(kept.kind):
            latest[row.installment_id] = row
    superseded = [row.id for row in current if latest[row.installment_id] is not row]
    await _close(uow, superseded, ReminderStatus.SKIPPED, "superseded")
    if not latest:
        return None
    today = local_today(now, tz)
    if not await _take_todays_message(uow, user.id, now, start_of_day(today, tz)):
        await _postpone(uow, [row.id for row in latest.values()], next_window(now, tz, policy))
        return None
    chosen = sorted(latest.values(), key=lambda r: (r.due_date, r.debt_id))
    await _postpone(uow, [row.id for row in chosen[MAX_LINES:]], next_window(now, tz, policy))
    claimed = set(
        (
            await uow.session.scalars(
                update(Reminder)
                .where(
                    Reminder.id.in_([row.id for row in chosen[:MAX_LINES]]),
                    Reminder.status == ReminderStatus.PENDING,
                )
                .values(
                    status=ReminderStatus.CLAIMED,
                    claimed_at=now,
                    claimed_by=worker,
                    attempts=Reminder.attempts + 1,
                )
                .returning(Reminder.id)
            )
        ).all()
    )
    chosen = [row for row in chosen[:MAX_LINES] if row.id in claimed]
    if not chosen:  # paid or cancelled meanwhile: today's message stays free
        await uow.session.execute(
            update(User).where(User.id == user.id).values(last_reminded_at=None)
        )
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


async def _take_todays_message(uow, user_id: int, now: datetime, day_start: datetime) -> bool:
    """Mark today's message as taken; False when the person already had one today."""
    result = await uow.session.execute(
        update(User)
        .where(
            User.id == user_id,
            or_(User.last_reminded_at.is_(None), User.last_reminded_at < day_start),
        )
        .values(last_reminded_at=now)
    )
    return result.rowcount == 1


async def _close(uow: UnitOfWork, ids: list[int], status: str, reason: str) -> None:
    if ids:
        await uow.session.execute(
            update(Reminder)
            .where(Reminder.id.in_(ids), Reminder.status == ReminderStatus.PENDING)
            .values(status=status, last_error=reason)
        )


async def _postpone(uow: UnitOfWork, ids: list[int], until: datetime) -> None:
    if ids:
        await uow.session.execute(
            update(Reminder)
            .where(and_(Reminder.id.in_(ids), Reminder.status == ReminderStatus.PENDING))
            .values(due_at=until)
        )
