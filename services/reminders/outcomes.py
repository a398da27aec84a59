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

from db.unit_of_work import UnitOfWork

UNCONFIRMED = "unconfirmed"


async def record_sent(
    uow: UnitOfWork, *, reminder_ids: tuple[int, ...], message_id: int, now: datetime
) -> None:
    await uow.reminders.mark_sent(reminder_ids, message_id=message_id, now=now)


async def record_unreachable(
    uow: UnitOfWork, *, user_id: int, reminder_ids: tuple[int, ...], now: datetime, reason: str
) -> None:
    await uow.reminders.mark_unreachable(user_id, now=now)
    await uow.reminders.fail_claimed(reminder_ids, reason=reason)


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
    await uow.reminders.release_claimed(reminder_ids, reason=reason, retry_at=retry_at)
    await uow.reminders.free_todays_message(user_id)


async def record_unconfirmed(
    uow: UnitOfWork, *, reminder_ids: tuple[int, ...], reason: str
) -> None:
    await uow.reminders.fail_claimed(reminder_ids, reason=f"{UNCONFIRMED}: {reason}")


async def recover_stale_claims(uow: UnitOfWork, *, now: datetime, older_than: timedelta) -> int:
    """Claims older than `older_than` belong to a process that stopped between claiming and
    recording: the message may have gone, so it is never sent again. Returns how many."""
    return await uow.reminders.fail_claimed_before(
        now - older_than, reason=f"{UNCONFIRMED}: the process stopped while sending"
    )


async def count_waiting(uow: UnitOfWork, *, now: datetime) -> int:
    """Reminders due and not yet sent (or being sent)."""
    return await uow.reminders.count_waiting(now=now)
