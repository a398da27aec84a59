"""What became of a claimed reminder message, recorded in its own short unit of work.

Sent: the reminders are `sent` with Telegram's message id. Blocked (403): the person is
marked unreachable and their reminders are not retried. Telegram asked to wait (429)
after every retry, or refused before handling it: the reminders go back to `pending`
(nothing was delivered). The request timed out or the connection broke after it left:
Telegram may have delivered it, so the reminders are `failed` as *unconfirmed* and never
sent again: a debtor is reminded at most once per reminder, and the next kind (due
today, overdue) still comes. A claim whose process died is found the same way by
`recover_stale_claims`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from db.models import Reminder, User
from db.models.enums import ReminderStatus
from db.unit_of_work import UnitOfWork

UNCONFIRMED = "unconfirmed"


async def record_sent(
    uow: UnitOfWork, *, reminder_ids: tuple[int, ...], message_id: int, now: datetime
) -> None:
    await uow.session.execute(
        update(Reminder)
        .where(
            Reminder.id.in_(reminder_ids),
            Reminder.status.in_([ReminderStatus.CLAIMED, ReminderStatus.FAILED]),
        )
        .values(
            status=ReminderStatus.SENT, sent_at=now, telegram_message_id=message_id, last_error=None
        )
    )


async def record_unreachable(
    uow: UnitOfWork, *, user_id: int, reminder_ids: tuple[int, ...], now: datetime, reason: str
) -> None:
    await uow.session.execute(update(User).where(User.id == user_id).values(unreachable_at=now))
    await _mark(uow, reminder_ids, ReminderStatus.FAILED, reason)


async def release(
    uow: UnitOfWork,
    *,
    user_id: int,
    reminder_ids: tuple[int, ...],
    reason: str,
    retry_at: datetime,
) -> None:
    """Nothing was delivered: the reminders wait until `retry_at`, and the person's
    message of the day is free again."""
    await uow.session.execute(
        update(Reminder)
        .where(Reminder.id.in_(reminder_ids), Reminder.status == ReminderStatus.CLAIMED)
        .values(
            status=ReminderStatus.PENDING,
            due_at=retry_at,
            claimed_at=None,
            claimed_by=None,
            last_error=reason,
        )
    )
    await uow.session.execute(update(User).where(User.id == user_id).values(last_reminded_at=None))


async def record_unconfirmed(
    uow: UnitOfWork, *, reminder_ids: tuple[int, ...], reason: str
) -> None:
    await _mark(uow, reminder_ids, ReminderStatus.FAILED, f"{UNCONFIRMED}: {reason}")


async def recover_stale_claims(uow: UnitOfWork, *, now: datetime, older_than: timedelta) -> int:
    """Claims older than `older_than` belong to a process that stopped between claiming and
    recording: the message may have gone, so it is never sent again. Returns how many."""
    result = await uow.session.execute(
        update(Reminder)
        .where(Reminder.status == ReminderStatus.CLAIMED, Reminder.claimed_at < now - older_than)
        .values(
            status=ReminderStatus.FAILED,
            last_error=f"{UNCONFIRMED}: the process stopped while sending",
        )
    )
    return result.rowcount or 0


async def _mark(uow: UnitOfWork, ids: tuple[int, ...], status: str, reason: str) -> None:
    await uow.session.execute(
        update(Reminder)
        .where(Reminder.id.in_(ids), Reminder.status == ReminderStatus.CLAIMED)
        .values(status=status, last_error=reason)
    )


async def count_waiting(uow: UnitOfWork, *, now: datetime) -> int:
    """Reminders due and not yet sent (or being sent)."""
    return await uow.session.scalar(
        select(func.count()).where(
            Reminder.status.in_([ReminderStatus.PENDING, ReminderStatus.CLAIMED]),
            Reminder.due_at <= now,
        )
    )
