"""Payment reminders end to end: the real bot's reminder job (run by hand with the test's
clock) sends through the fake Bot API, and the person answers with its buttons."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal

import pytest

from bot.cli.payments import add_payment_commands, run_payment_command
from db.models import Installment, InstallmentStatus, PaymentPlan, User
from tests.support.chat import said
from tests.support.reminders import (
    at,
    reminder_messages,
    reminders_of,
    schedule_on_the_23rd,
    seed_plan,
    tick,
)
from tests.support.rows import all_rows

DUE = date(2026, 11, 27)  # a Friday; "before_3" goes on Tuesday 24th


@pytest.fixture
def bot_settings(bot_settings):
    # The job's own timer stays out of the way: each test runs the looks itself.
    return bot_settings.model_copy(update={"send_reminders": False})


def plain(message) -> str:
    """The message as read (Babel puts a no-break space between amount and symbol)."""
    return message.plain_text.replace("\xa0", " ")


async def test_reminders_wait_for_local_hours_in_two_time_zones(
    finbot, fake_telegram, session_factory, clock
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE, date(2026, 12, 27)])
    await seed_plan(
        session_factory,
        telegram_id=sam.id,
        due_dates=[DUE],
        language="en",
        timezone="America/Bogota",
        creditor="Acme Bank",
    )

    at(clock, 2026, 11, 23, 12, 0)  # the plans were agreed on Monday
    report = await tick(finbot)
    assert report.scheduled == 12  # before_3, due, after_1 and after_7 of three installments
    at(clock, 2026, 11, 24, 7, 0)  # Tuesday: Madrid 08:00, Bogotá 02:00
    await tick(finbot)
    assert reminder_messages(ana) == [] and reminder_messages(sam) == []

    at(clock, 2026, 11, 24, 8, 30)  # Madrid 09:30, Bogotá 03:30
    await tick(finbot)
    [to_ana] = reminder_messages(ana)
    assert "Banco 1: 100,00 € vence el 27 nov 2026 (dentro de 3 días)" in plain(to_ana)
    assert "Cuota 1 de 2. Quedan 2 cuotas, 200,00 € en total." in plain(to_ana)
    assert to_ana.buttons == [
        "✅ Ya he pagado",
        "😟 No puedo pagar esta vez",
        "🔕 Parar recordatorios",
    ]
    assert reminder_messages(sam) == []

    at(clock, 2026, 11, 24, 14, 30)  # Bogotá 09:30
    await tick(finbot)
    [to_sam] = reminder_messages(sam)
    assert "Acme Bank: €100.00 is due on Nov 27, 2026 (in 3 days)." in plain(to_sam)
    assert "It is the last installment of your plan." in plain(to_sam)
    assert len(reminder_messages(ana)) == 1  # once a day


async def test_reminders_due_the_same_day_are_merged_into_one_message(
    finbot, fake_telegram, session_factory, clock
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE], creditor="Banco 1")
    await seed_plan(
        session_factory,
        telegram_id=ana.id,
        due_dates=[DUE],
        creditor="Banco 2",
        amount=Decimal("55.50"),
        personal=True,
    )
    at(clock, 2026, 11, 23, 9, 0)
    await tick(finbot)
    at(clock, 2026, 11, 24, 9, 0)
    await tick(finbot)
    [message] = reminder_messages(ana)
    assert "Banco 1: 100,00 €" in plain(message) and "Banco 2: 55,50 €" in plain(message)
    assert message.buttons == [
        "✅ Pagado: Banco 1",
        "😟 No puedo: Banco 1",
        "✅ Pagado: Banco 2",
        "😟 No puedo: Banco 2",
        "🔕 Parar recordatorios",
    ]


async def test_after_downtime_one_overdue_notice_goes_not_one_per_missed_day(
    finbot, fake_telegram, session_factory, clock
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    seeded = await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE])
    at(clock, 2026, 11, 23, 9, 0)
    await tick(finbot)  # schedules; nothing due yet (before_3 is on the 24th)
    assert reminder_messages(ana) == []

    at(clock, 2026, 11, 29, 10, 0)  # the bot was down from the 23rd to the 29th
    await tick(finbot)
    await tick(finbot)
    [message] = reminder_messages(ana)
    assert "⚠️ Tienes un pago pendiente" in plain(message)
    assert "venció el 27 nov 2026 (hace 2 días) y sigue pendiente" in plain(message)
    statuses = {r.kind: r.status for r in await reminders_of(session_factory, seeded["user_id"])}
    assert statuses == {
        "before_3": "skipped",
        "due": "skipped",
        "after_1": "sent",
        "after_7": "pending",
    }


async def test_stop_reminders_button_and_stop_word_opt_out(
    finbot, fake_telegram, session_factory, clock
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    seeded = await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE])
    await schedule_on_the_23rd(finbot, clock)
    at(clock, 2026, 11, 24, 9, 0)
    await tick(finbot)
    [message] = reminder_messages(ana)
    await ana.press("🔕 Parar recordatorios", message=message)
    await ana.wait_for(said("no te enviaré más recordatorios de Banco 1"))

    at(clock, 2026, 11, 27, 9, 0)
    await tick(finbot)
    assert len(reminder_messages(ana)) == 1
    assert {r.status for r in await reminders_of(session_factory, seeded["user_id"])} >= {
        "cancelled"
    }

    sam = fake_telegram.user(first_name="Sam", language_code="en")
    await seed_plan(
        session_factory, telegram_id=sam.id, due_dates=[date(2026, 12, 1)], language="en"
    )
    await sam.send("STOP")
    await sam.wait_for(said("I won't send you any more reminders"))
    at(clock, 2026, 12, 1, 9, 0)
    await tick(finbot)
    assert reminder_messages(sam) == []


async def test_a_person_who_blocked_the_bot_is_not_retried(
    finbot, fake_telegram, session_factory, clock
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    seeded = await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE])
    await schedule_on_the_23rd(finbot, clock)
    fake_telegram.fail_next(
        "sendMessage", 403, description="Forbidden: bot was blocked by the user"
    )
    at(clock, 2026, 11, 24, 9, 0)
    await tick(finbot)
    [user] = await all_rows(session_factory, User, User.id == seeded["user_id"])
    assert user.unreachable_at is not None
    tries = len(fake_telegram.requests("sendMessage"))

    for day in (25, 26, 27, 28):
        at(clock, 2026, 11, day, 12, 0)
        await tick(finbot)
    assert len(fake_telegram.requests("sendMessage")) == tries  # never tried again
    statuses = [r.status for r in await reminders_of(session_factory, seeded["user_id"])]
    assert statuses.count("failed") == 1 and "pending" not in statuses[:3]


async def test_a_429_is_waited_out_and_the_reminder_arrives_once(
    finbot, fake_telegram, session_factory, clock
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE])
    await schedule_on_the_23rd(finbot, clock)
    fake_telegram.fail_next("sendMessage", 429, retry_after=1)
    at(clock, 2026, 11, 24, 9, 0)
    await tick(finbot)
    assert len(reminder_messages(ana)) == 1


@pytest.mark.parametrize(
    ("personal", "status", "answer"),
    [
        (True, InstallmentStatus.PAID, "está pagada"),
        (False, InstallmentStatus.REPORTED_PAID, "lo confirmará cuando reciba el pago"),
    ],
)
async def test_ive_paid_stops_that_installments_reminders(
    finbot, fake_telegram, session_factory, clock, personal, status, answer
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    seeded = await seed_plan(
        session_factory, telegram_id=ana.id, due_dates=[DUE], personal=personal
    )
    await schedule_on_the_23rd(finbot, clock)
    at(clock, 2026, 11, 24, 9, 0)
    await tick(finbot)
    [message] = reminder_messages(ana)
    await ana.press("✅ Ya he pagado", message=message)
    await ana.wait_for(said(answer))
    [installment] = await all_rows(session_factory, Installment)
    assert installment.status == status
    [plan] = await all_rows(session_factory, PaymentPlan)
    assert plan.status == ("completed" if personal else "active")  # its only installment
    at(clock, 2026, 11, 27, 9, 0)
    await tick(finbot)
    assert len(reminder_messages(ana)) == 1
    kinds = {r.kind: r.status for r in await reminders_of(session_factory, seeded["user_id"])}
    assert kinds["due"] == "cancelled"


async def test_cant_pay_on_an_operator_debt_starts_the_hardship_path(
    finbot, fake_telegram, session_factory, clock
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    seeded = await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE])
    await schedule_on_the_23rd(finbot, clock)
    at(clock, 2026, 11, 24, 9, 0)
    await tick(finbot)
    [message] = reminder_messages(ana)
    assert (
        message.callback_data["😟 No puedo pagar esta vez"] == f"neg:hardship:{seeded['debt_id']}"
    )


async def test_reminders_lists_the_next_ones_and_turns_them_off_and_on(
    finbot, fake_telegram, session_factory, clock
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE])
    at(clock, 2026, 11, 23, 9, 0)
    await tick(finbot)
    await ana.send("/reminders")
    shown = await ana.wait_for(said("Tus recordatorios"))
    assert "Están activados" in plain(shown)
    assert "24 nov 2026: Banco 1, cuota de 100,00 € (vence el 27 nov 2026)" in plain(shown)
    await ana.press("🔕 Desactivar todos", message=shown)
    edited = await fake_telegram.wait_for_request("editMessageText")
    assert "Están <b>desactivados</b>" in edited.params["text"]
    at(clock, 2026, 11, 24, 9, 0)
    await tick(finbot)
    assert reminder_messages(ana) == []


async def test_a_payment_imported_by_the_operator_cancels_the_installments_reminders(
    finbot, bot_settings, fake_telegram, session_factory, clock, tmp_path
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    seeded = await seed_plan(
        session_factory, telegram_id=ana.id, due_dates=[DUE, date(2026, 12, 27)]
    )
    await schedule_on_the_23rd(finbot, clock)
    payments = tmp_path / "payments.csv"
    payments.write_text(f"reference,amount,paid_at\nR-{ana.id}-Banco 1,100.00,2026-11-23\n")
    parser = argparse.ArgumentParser(prog="finbot")
    add_payment_commands(parser.add_subparsers(dest="command"))
    arguments = parser.parse_args(["import-payments", str(payments)])
    assert await run_payment_command(bot_settings, arguments) == 0

    for day in (24, 27, 28):
        at(clock, 2026, 11, day, 9, 0)
        await tick(finbot)
    assert reminder_messages(ana) == []  # the first installment is paid: nothing about it
    first, second = seeded["installment_ids"]
    by_installment = {}
    for reminder in await reminders_of(session_factory, seeded["user_id"]):
        by_installment.setdefault(reminder.installment_id, set()).add(reminder.status)
    assert by_installment[first] == {"cancelled"}
    assert by_installment[second] == {"pending"}
