"""People with active plans, and the reminder job's look run by hand at the test clock's time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from bot.context import DEPS_KEY
from bot.handlers.reminders.sender import Pacer, run_tick
from db.models import Debt, DebtKind, Installment, PaymentPlan, PlanKind, PlanStatus, Reminder, User
from tests.support.builders import add_debtor

FAST = Pacer(1000)


async def seed_plan(
    session_factory,
    *,
    telegram_id: int,
    due_dates: list[date],
    creditor: str = "Banco 1",
    amount: Decimal = Decimal("100.00"),
    language: str = "es",
    timezone: str | None = "Europe/Madrid",
    personal: bool = False,
) -> dict[str, object]:
    """A person (created once per Telegram id) with an active plan of `due_dates`."""
    async with session_factory() as session:
        user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
        if user is None:
            user = User(
                telegram_id=telegram_id,
                first_name="Ana",
                language=language,
                timezone=timezone,
                reminders_enabled=True,
            )
            session.add(user)
            await session.flush()
        total = amount * len(due_dates)
        if personal:
            debt = Debt(
                kind=DebtKind.PERSONAL,
                owner_user_id=user.id,
                creditor=creditor,
                balance=total,
                currency="EUR",
            )
        else:
            debtor = await add_debtor(session, user_id=user.id)
            debt = Debt(
                kind=DebtKind.OPERATOR,
                reference=f"R-{telegram_id}-{creditor}",
                debtor_id=debtor.id,
                creditor=creditor,
                balance=total,
                currency="EUR",
            )
        session.add(debt)
        await session.flush()
        plan = PaymentPlan(
            debt_id=debt.id,
            user_id=user.id,
            kind=PlanKind.INSTALLMENTS,
            status=PlanStatus.ACTIVE,
            principal=total,
            total=total,
        )
        session.add(plan)
        await session.flush()
        installments = [
            Installment(
                plan_id=plan.id,
                number=number,
                due_date=due,
                amount=amount,
                principal=amount,
                interest=Decimal("0.00"),
            )
            for number, due in enumerate(due_dates, start=1)
        ]
        session.add_all(installments)
        await session.commit()
        return {
            "user_id": user.id,
            "debt_id": debt.id,
            "plan_id": plan.id,
            "installment_ids": [i.id for i in installments],
        }


async def tick(application):
    """One look of the reminder job, now (by the test's clock)."""
    deps = application.bot_data[DEPS_KEY]
    return await run_tick(deps, application.bot, worker="test", pacer=FAST, budget=10)


async def reminders_of(session_factory, user_id: int) -> list[Reminder]:
    async with session_factory() as session:
        return list(
            await session.scalars(
                select(Reminder).where(Reminder.user_id == user_id).order_by(Reminder.id)
            )
        )


def at(clock, *args: int) -> None:
    clock.now = datetime(*args, tzinfo=UTC)


async def schedule_on_the_23rd(finbot, clock) -> None:
    """The plans were agreed on Monday the 23rd: the job created their reminders then."""
    at(clock, 2026, 11, 23, 12, 0)
    await tick(finbot)


def reminder_messages(person) -> list:
    return [m for m in person.messages if "rem:paid:" in str(m.callback_data)]
