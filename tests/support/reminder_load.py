"""Many people with one due reminder each, seeded in bulk, and what became of them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select

from db.models import Debt, Installment, PaymentPlan, Reminder, User

FIRST_TELEGRAM_ID = 7_000_000


async def seed_due_reminders(session_factory, count: int) -> list[int]:
    """`count` people, each with a plan whose "before_3" reminder is due now; returns
    their Telegram ids (user, debt, plan, installment and reminder ids are 1..count)."""
    now = datetime.now(UTC)
    due = (now + timedelta(days=3)).date()
    ids = range(1, count + 1)
    amount = Decimal("50.00")
    async with session_factory() as session:
        for table, rows in (
            (
                User,
                [
                    {
                        "id": i,
                        "telegram_id": FIRST_TELEGRAM_ID + i,
                        "first_name": f"P{i}",
                        "language": "es",
                        "timezone": "UTC",
                    }
                    for i in ids
                ],
            ),
            (
                Debt,
                [
                    {
                        "id": i,
                        "kind": "personal",
                        "owner_user_id": i,
                        "creditor": "Banco",
                        "balance": amount,
                        "currency": "EUR",
                        "status": "in_plan",
                    }
                    for i in ids
                ],
            ),
            (
                PaymentPlan,
                [
                    {
                        "id": i,
                        "debt_id": i,
                        "user_id": i,
                        "kind": "installments",
                        "status": "active",
                        "principal": amount,
                        "total": amount,
                        "reminders_scheduled_at": now,
                    }
                    for i in ids
                ],
            ),
            (
                Installment,
                [
                    {
                        "id": i,
                        "plan_id": i,
                        "number": 1,
                        "due_date": due,
                        "amount": amount,
                        "principal": amount,
                        "interest": Decimal(0),
                    }
                    for i in ids
                ],
            ),
            (
                Reminder,
                [
                    {
                        "id": i,
                        "installment_id": i,
                        "user_id": i,
                        "kind": "before_3",
                        "due_at": now - timedelta(minutes=1),
                    }
                    for i in ids
                ],
            ),
        ):
            for start in range(0, count, 2000):
                await session.execute(insert(table), rows[start : start + 2000])
        await session.commit()
    return [FIRST_TELEGRAM_ID + i for i in ids]


async def unsettled(session_factory) -> int:
    """Reminders still pending or claimed."""
    async with session_factory() as session:
        return await session.scalar(
            select(func.count()).where(Reminder.status.in_(["pending", "claimed"]))
        )


async def statuses(session_factory) -> dict[int, tuple[str, str | None, int | None]]:
    """Reminder id -> (status, last_error, telegram message id)."""
    async with session_factory() as session:
        rows = await session.execute(
            select(Reminder.id, Reminder.status, Reminder.last_error, Reminder.telegram_message_id)
        )
        return {id_: (status, error, message) for id_, status, error, message in rows}


def delivered_per_chat(fake_telegram) -> dict[int, list[int]]:
    """Chat id -> message ids of the reminders Telegram accepted (sendMessage with 200)."""
    delivered: dict[int, list[int]] = {}
    for request in fake_telegram.requests("sendMessage"):
        if request.status == 200:
            chat = int(request.params["chat_id"])
            delivered.setdefault(chat, []).append(request.response["result"]["message_id"])
    return delivered
