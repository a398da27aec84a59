"""/debts shows exactly the user's debts; /adddebt tracks their own; nobody reaches another's."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from db.models import Debt
from tests.support.chat import answer
from tests.support.debts import add_personal_debt
from tests.support.people import register, seed_debtor


async def test_debts_lists_exactly_the_users_debts(finbot, fake_telegram, session_factory):
    await seed_debtor(session_factory, phone="+34611222333", debts=2)
    async with session_factory() as session:
        from tests.support.builders import add_debtor, add_operator_debt

        stranger = await add_debtor(session, phone="+34699000111")
        await add_operator_debt(session, stranger, creditor="Otro Acreedor SA")
        await session.commit()
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await register(ana, phone="+34611222333")
    listing = await answer(ana, "/debts")
    assert "Banco 1" in listing and "Banco 2" in listing
    assert "Otro Acreedor" not in listing
    assert "Saldo: 1.200,00\u00a0€" in listing
    assert "Sin plan de pagos" in listing
    assert ana.last_message.buttons == [
        "📅 Plan 1",
        "🤝 Negociar 1",
        "ℹ️ Detalles 1",
        "📅 Plan 2",
        "🤝 Negociar 2",
        "ℹ️ Detalles 2",
    ]


async def test_a_person_without_debts_is_told_what_to_do(finbot, fake_telegram):
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    reply = await answer(sam, "/debts")
    assert "no debts in your name" in reply and "/register" in reply


async def test_adddebt_saves_a_personal_debt_marked_as_the_users_own(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await register(ana, phone="+34611000999")
    confirm = await add_personal_debt(ana)
    assert "Saldo: 2.500,00\u00a0€" in confirm and "19,9\u00a0%" in confirm
    await ana.wait_for(lambda m: "Deuda guardada" in (m.plain_text or ""))
    listing = await answer(ana, "/debts")
    assert "Tarjeta Visa</b> (deuda tuya)" in ana.last_message.text
    assert "2.500,00" in listing


async def test_a_nonsense_amount_is_asked_again_and_nothing_is_lost(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await register(ana, phone="+34611000999")
    await answer(ana, "/adddebt")
    await answer(ana, "Préstamo de mi hermana")
    reply = await answer(ana, "mucho dinero")
    assert "No he entendido esa cantidad" in reply and "¿Cuánto debes" in reply
    assert "mayor que cero" in await answer(ana, "-50")
    assert "interés" in await answer(ana, "1.500")
    await answer(ana, "0")
    await answer(ana, "100")
    confirm = await answer(ana, "10")
    assert "Préstamo de mi hermana" in confirm and "1.500,00" in confirm


async def test_adddebt_needs_registration(finbot, fake_telegram):
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    assert "register" in await answer(sam, "/adddebt")


async def test_a_personal_debt_can_be_edited_and_deleted(finbot, fake_telegram, session_factory):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await register(ana, phone="+34611000999")
    await add_personal_debt(ana)
    await ana.wait_for(lambda m: "Deuda guardada" in (m.plain_text or ""))
    await answer(ana, "/debts")
    await ana.press("ℹ️ Detalles 1")
    await ana.wait_for(lambda m: "Pago mínimo mensual" in (m.plain_text or ""))
    await ana.press("✏️ Editar")
    await ana.wait_for(lambda m: "¿Qué quieres cambiar?" in (m.plain_text or ""))
    await ana.press("Saldo")
    await ana.wait_for(lambda m: "¿Cuánto debes" in (m.plain_text or ""))
    assert "Guardado" in await answer(ana, "2.100,50")
    async with session_factory() as session:
        debt = await session.scalar(select(Debt).where(Debt.creditor == "Tarjeta Visa"))
    assert debt.balance == Decimal("2100.50")
    await answer(ana, "/debts")
    await ana.press("ℹ️ Detalles 1")
    await ana.wait_for(lambda m: "Pago mínimo mensual" in (m.plain_text or ""))
    await ana.press("🗑 Borrar")
    await ana.wait_for(lambda m: "¿Borrar la deuda" in (m.plain_text or ""))
    await ana.press("Sí, borrarla")
    await ana.wait_for(lambda m: "Deuda borrada" in (m.plain_text or ""))
    assert "No tengo deudas" in await answer(ana, "/debts")


async def test_nobody_reaches_another_users_debt_by_its_id(finbot, fake_telegram, session_factory):
    await seed_debtor(session_factory, phone="+34611222333", debts=1)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await register(ana, phone="+34611222333")
    async with session_factory() as session:
        anas_debt = await session.scalar(select(Debt.id).where(Debt.creditor == "Banco 1"))
    luis = fake_telegram.user(first_name="Luis", language_code="es")
    await register(luis, phone="+34622000111")
    await add_personal_debt(luis)
    await luis.wait_for(lambda m: "Deuda guardada" in (m.plain_text or ""))
    await answer(luis, "/debts")
    listing = luis.last_message
    for forged in (f"debt:info:{anas_debt}", f"debt:edit:{anas_debt}", f"debt:del:{anas_debt}"):
        listing.reply_markup["inline_keyboard"][0][1]["callback_data"] = forged
        record = await luis.press("ℹ️ Detalles 1", message=listing)
        await fake_telegram.wait_until(lambda r=record: r.answer is not None)
        assert "No encuentro esa deuda" in record.answer["text"]
    assert all("Banco 1" not in (m.plain_text or "") for m in luis.messages)
