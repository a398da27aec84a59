"""/timezone against the fake Telegram: the zone in force, picking another from the list or by
name, and kind answers for names finbot doesn't know. The clock reads Tuesday 24 November
2026, 10:00 UTC (11:00 in Madrid)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select

from db.models import Installment, Reminder, User
from db.unit_of_work import UnitOfWork
from tests.support.builders import add_debtor, add_operator_debt, add_plan
from tests.support.chat import answer


def _spaces(text: str) -> str:
    """Babel writes "9:00 AM" with a narrow no-break space; compare with a plain one."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


async def stored_zone(session_factory, telegram_id: int) -> str | None:
    async with UnitOfWork(session_factory) as uow:
        return await uow.session.scalar(
            select(User.timezone).where(User.telegram_id == telegram_id)
        )


async def pending_reminder_for(session_factory, telegram_id: int, due: date) -> int:
    """A pending "due" reminder of an installment due on `due`, at a time that's wrong."""
    async with UnitOfWork(session_factory) as uow:
        user = await uow.session.scalar(select(User).where(User.telegram_id == telegram_id))
        debt = await add_operator_debt(uow.session, await add_debtor(uow.session, user_id=user.id))
        plan = await add_plan(uow.session, debt, user_id=user.id)
        installment = Installment(
            plan_id=plan.id,
            number=1,
            due_date=due,
            amount=Decimal("100.00"),
            principal=Decimal("100.00"),
            interest=Decimal("0.00"),
        )
        uow.session.add(installment)
        await uow.session.flush()
        reminder = Reminder(
            installment_id=installment.id,
            user_id=user.id,
            kind="due",
            due_at=datetime(2026, 12, 1, 0, 0, tzinfo=UTC),
        )
        uow.session.add(reminder)
        await uow.commit()
        return reminder.id


async def test_timezone_shows_the_default_zone_its_time_and_the_zones_to_pick(
    finbot, fake_telegram
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    shown = await answer(ana, "/timezone")
    assert "Tu zona horaria: Europe/Madrid" in shown
    assert "Hora local ahora: 11:00, 24 nov 2026." in shown
    assert "uso la predeterminada" in shown
    assert "entre las 9:00 y las 20:00" in shown
    assert "/timezone Europe/Paris" in shown
    rows = ana.last_message.button_rows
    assert rows[0] == ["✓ Madrid", "Canarias"]
    assert all(len(row) == 2 for row in rows[:-1])
    assert {"Ciudad de México", "Bogotá", "Buenos Aires", "Nueva York"} <= set(
        ana.last_message.buttons
    )


async def test_pressing_a_zone_sets_it_and_moves_pending_reminders(
    finbot, fake_telegram, session_factory
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/timezone")
    reminder_id = await pending_reminder_for(session_factory, ana.id, date(2026, 12, 10))
    await ana.press("Buenos Aires")
    done = (await ana.wait_for_edit()).plain_text
    assert "Hecho: tu zona horaria es ahora America/Argentina/Buenos_Aires" in done
    assert "Hora local ahora: 7:00, 24 nov 2026." in done
    assert "entre las 9:00 y las 20:00" in done
    assert not ana.last_message.inline_keyboard
    assert await stored_zone(session_factory, ana.id) == "America/Argentina/Buenos_Aires"
    async with UnitOfWork(session_factory) as uow:
        due_at = await uow.session.scalar(select(Reminder.due_at).where(Reminder.id == reminder_id))
    assert due_at == datetime(2026, 12, 10, 12, 0, tzinfo=UTC)  # 09:00 in Buenos Aires
    again = await answer(ana, "/timezone")
    assert "Tu zona horaria: America/Argentina/Buenos_Aires" in again
    assert "predeterminada" not in again
    assert "✓ Buenos Aires" in ana.last_message.buttons


async def test_a_zone_typed_after_the_command_is_set_in_english(
    finbot, fake_telegram, session_factory
):
    john = fake_telegram.user(first_name="John", language_code="en")
    done = _spaces(await answer(john, "/timezone america/bogota"))
    assert "Done: your time zone is now America/Bogota" in done
    assert "Local time now: 5:00 AM, Nov 24, 2026." in done
    assert "between 9:00 AM and 8:00 PM" in done
    assert await stored_zone(session_factory, john.id) == "America/Bogota"
    shown = await answer(john, "/timezone")
    assert "Your time zone: America/Bogota" in shown
    assert {"✓ Bogotá", "Canary Islands", "New York"} <= set(john.last_message.buttons)


async def test_an_unknown_zone_is_answered_kindly_and_changes_nothing(
    finbot, fake_telegram, session_factory
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/timezone Europe/Madrid")
    refused = await answer(ana, "/timezone Marte <Base>")
    assert "No encuentro la zona horaria «Marte <Base>», así que no he cambiado nada" in refused
    assert "/timezone America/Bogota" in refused
    assert await stored_zone(session_factory, ana.id) == "Europe/Madrid"

    john = fake_telegram.user(first_name="John", language_code="en")
    refused = await answer(john, "/timezone Narnia")
    assert "I can't find the time zone “Narnia”, so I haven't changed anything" in refused
    assert "Your time zone: Europe/Madrid" in await answer(john, "/timezone")
    assert await stored_zone(session_factory, john.id) is None


async def test_a_zone_button_that_no_longer_exists_is_answered_as_stale(
    finbot, fake_telegram, session_factory
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/timezone")
    listing = ana.last_message
    listing.reply_markup["inline_keyboard"][0][1]["callback_data"] = "tz:set:99"
    record = await ana.press("Canarias", message=listing)
    await fake_telegram.wait_until(lambda: record.answer is not None)
    assert record.answer["show_alert"]
    assert "Este botón ya no está activo" in record.answer["text"]
    assert await stored_zone(session_factory, ana.id) is None
