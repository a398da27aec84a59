"""Claiming reminders, at service level on both databases: quiet hours, one message a
day, what no longer applies, release, stale claims, and one bad row among many."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from db.models import Debt, Installment, PaymentPlan, Reminder, User
from services.reminders.claim import MAX_LINES, claim_next
from services.reminders.outcomes import record_sent, recover_stale_claims, release
from services.reminders.times import ReminderPolicy

POLICY = ReminderPolicy()
TUESDAY_0930_MADRID = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)


async def person(
    uow,
    telegram_id: int,
    *,
    due_dates: list[date],
    kind: str = "due",
    due_at: datetime | None = None,
    **user_fields,
) -> int:
    """A person with one plan per due date, each with one reminder of `kind` due now."""
    session = uow.session
    user = User(telegram_id=telegram_id, first_name="Ana", timezone="Europe/Madrid", **user_fields)
    session.add(user)
    await session.flush()
    for number, due in enumerate(due_dates, start=1):
        debt = Debt(
            kind="personal",
            owner_user_id=user.id,
            creditor=f"Banco {number}",
            balance=Decimal(100),
            currency="EUR",
        )
        session.add(debt)
        await session.flush()
        plan = PaymentPlan(
            debt_id=debt.id,
            user_id=user.id,
            kind="installments",
            status="active",
            principal=Decimal(100),
            total=Decimal(100),
        )
        session.add(plan)
        await session.flush()
        installment = Installment(
            plan_id=plan.id,
            number=1,
            due_date=due,
            amount=Decimal(100),
            principal=Decimal(100),
            interest=Decimal(0),
        )
        session.add(installment)
        await session.flush()
        session.add(
            Reminder(
                installment_id=installment.id,
                user_id=user.id,
                kind=kind,
                due_at=due_at or TUESDAY_0930_MADRID - timedelta(minutes=30),
            )
        )
    await session.flush()
    return user.id


async def claim(uow, now=TUESDAY_0930_MADRID):
    return await claim_next(
        uow, now=now, worker="w1", policy=POLICY, default_timezone="Europe/Madrid"
    )


async def reminders(uow, user_id: int) -> list[Reminder]:
    uow.session.expire_all()
    return list(
        await uow.session.scalars(
            select(Reminder).where(Reminder.user_id == user_id).order_by(Reminder.id)
        )
    )


async def test_outside_local_hours_the_reminder_waits_for_the_next_window(uow):
    ana = await person(uow, 1, due_dates=[date(2026, 11, 24)])
    night = datetime(2026, 11, 24, 21, 0, tzinfo=UTC)  # 22:00 in Madrid
    result = await claim(uow, night)
    assert result.message is None and result.handled == 1
    [reminder] = await reminders(uow, ana)
    assert reminder.status == "pending"
    assert reminder.due_at == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)  # 09:00 in Madrid


async def test_one_message_a_day_the_next_reminder_waits_for_tomorrow(uow):
    ana = await person(uow, 1, due_dates=[date(2026, 11, 24)])
    first = await claim(uow)
    assert first.message is not None
    await record_sent(
        uow, reminder_ids=first.message.reminder_ids, message_id=7, now=TUESDAY_0930_MADRID
    )
    later = TUESDAY_0930_MADRID + timedelta(hours=3)
    installment = Installment(
        plan_id=(await uow.session.scalar(select(PaymentPlan.id))),
        number=2,
        due_date=date(2026, 11, 24),
        amount=Decimal(5),
        principal=Decimal(5),
        interest=Decimal(0),
    )
    uow.session.add(installment)
    await uow.session.flush()
    uow.session.add(
        Reminder(
            installment_id=installment.id,
            user_id=ana,
            kind="due",
            due_at=later - timedelta(minutes=1),
        )
    )
    await uow.session.flush()
    second = await claim(uow, later)
    assert second.message is None
    waiting = [r for r in await reminders(uow, ana) if r.status == "pending"]
    assert [r.due_at for r in waiting] == [datetime(2026, 11, 25, 8, 0, tzinfo=UTC)]


async def test_reminders_that_no_longer_apply_are_cancelled_not_sent(uow):
    off = await person(uow, 1, due_dates=[date(2026, 11, 24)], reminders_enabled=False)
    gone = await person(uow, 2, due_dates=[date(2026, 11, 24)], unreachable_at=TUESDAY_0930_MADRID)
    people = ((off, "reminders off"), (gone, "unreachable"))
    assert (await claim(uow)).message is None
    assert (await claim(uow)).due is False
    for user, reason in people:
        [reminder] = await reminders(uow, user)
        assert (reminder.status, reminder.last_error) == ("cancelled", reason)


async def test_a_released_message_waits_and_frees_the_day(uow):
    ana = await person(uow, 1, due_dates=[date(2026, 11, 24)])
    claimed = (await claim(uow)).message
    retry_at = TUESDAY_0930_MADRID + timedelta(minutes=1)
    await release(
        uow,
        user_id=ana,
        reminder_ids=claimed.reminder_ids,
        reason="flood control",
        retry_at=retry_at,
    )
    [reminder] = await reminders(uow, ana)
    assert (reminder.status, reminder.due_at) == ("pending", retry_at)
    assert (await claim(uow, retry_at)).message is not None  # the same day, again


async def test_a_claim_left_by_a_dead_process_becomes_unconfirmed_never_resent(uow):
    ana = await person(uow, 1, due_dates=[date(2026, 11, 24)])
    assert (await claim(uow)).message is not None
    later = TUESDAY_0930_MADRID + timedelta(minutes=11)
    assert await recover_stale_claims(uow, now=later, older_than=timedelta(minutes=10)) == 1
    [reminder] = await reminders(uow, ana)
    assert reminder.status == "failed" and reminder.last_error.startswith("unconfirmed")
    assert (await claim(uow, later)).due is False


async def test_a_long_list_is_cut_to_ten_lines_and_the_rest_waits(uow):
    ana = await person(uow, 1, due_dates=[date(2026, 11, 24)] * (MAX_LINES + 2))
    message = (await claim(uow)).message
    assert len(message.lines) == MAX_LINES
    statuses = sorted(r.status for r in await reminders(uow, ana))
    assert statuses == ["claimed"] * MAX_LINES + ["pending"] * 2


async def test_one_persons_broken_row_does_not_stop_the_others(uow):
    broken = await person(uow, 1, due_dates=[date(2026, 11, 24)], kind="someday")
    [odd] = await reminders(uow, broken)
    uow.session.add(
        Reminder(
            installment_id=odd.installment_id, user_id=odd.user_id, kind="due", due_at=odd.due_at
        )
    )
    ana = await person(uow, 2, due_dates=[date(2026, 11, 24)])
    await uow.commit()  # (on SQLite the failed person's claim is rolled back whole)
    message = (await claim(uow)).message
    assert message is not None and message.user_id == ana
    uow.session.expire_all()
    statuses = await uow.session.scalars(select(Reminder.status).where(Reminder.user_id == broken))
    assert set(statuses) == {"failed"}
