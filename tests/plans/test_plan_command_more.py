"""/plan: restarts, the /debts entry, English, small debts and debts that change underway."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from sqlalchemy import select

from db.models import Debt, User
from tests.support.chat import answer
from tests.support.people import registered_with
from tests.support.plans import CARD, LOAN, choose, confirm, debt_id, plans_of, proposal


async def test_a_plan_survives_a_restart_of_the_bot(
    fake_telegram, bot_settings, clock, session_factory
):
    from bot.app import build_application
    from bot.runtime.lifecycle import running

    async with running(build_application(bot_settings, clock=clock), poll_timeout=1):
        lucia = await registered_with(fake_telegram, session_factory, LOAN)
        await choose(lucia, None, "📅 En un número de meses")
    async with running(build_application(bot_settings, clock=clock), poll_timeout=1):
        await lucia.send("18")
        _, shown = await proposal(lucia)
        await confirm(lucia, shown)
    await asyncio.sleep(0)
    [(plan, installments)] = await plans_of(
        session_factory, await debt_id(session_factory, LOAN["reference"])
    )
    assert plan.status == "active" and len(installments) == 18


async def test_the_plan_button_of_debts_starts_the_plan_for_that_debt(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, LOAN, CARD)
    await answer(lucia, "/debts")
    await lucia.press("📅 Plan 2")
    asked = await lucia.wait_for(lambda m: "¿Cómo prefieres pagarla?" in (m.plain_text or ""))
    assert "CaixaNorte · Tarjeta revolving" in asked.plain_text
    assert "hasta 18 meses" in asked.plain_text


async def test_the_plan_reads_in_english_for_an_english_speaker(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    async with session_factory() as session:
        user = await session.scalar(select(User).where(User.telegram_id == lucia.id))
        user.language = "en"
        await session.commit()
    await lucia.send("/plan")
    await lucia.wait_for(lambda m: "How would you like to pay it?" in (m.plain_text or ""))
    await lucia.press("💶 A monthly amount")
    asked = await lucia.wait_for(lambda m: "How much can you pay" in (m.plain_text or ""))
    assert "at least €219.25" in asked.plain_text  # the least that repays it in 24 months
    await lucia.send("1,000")
    await lucia.wait_for(lambda m: "photo" in m.media)
    shown = await lucia.wait_for(lambda m: "Shall I confirm it?" in (m.plain_text or ""))
    assert "1. Dec 24, 2026: €1,000.00" in shown.plain_text
    assert "binding agreement with Banco Meridiano" in shown.plain_text
    await lucia.press("✅ Confirm", message=shown)
    agreed = await lucia.wait_for(lambda m: "✅ Agreed" in (m.plain_text or ""))
    assert agreed.buttons == ["📅 Calendar", "📄 PDF", "📊 Spreadsheet (CSV)"]


async def test_a_small_debt_explains_that_the_smallest_installment_shortens_it(
    finbot, fake_telegram, session_factory
):
    bill = {"creditor": "Movistel", "reference": "MOV-7", "balance": Decimal("186.40")}
    lucia = await registered_with(fake_telegram, session_factory, bill)  # 24 months, 20.00
    asked = await choose(lucia, None, "📅 En un número de meses")
    assert "hasta 9" in asked.plain_text and asked.buttons == ["3 meses", "6 meses", "9 meses"]
    await lucia.send("30")
    _, shown = await proposal(lucia)
    assert "cada cuota debe ser de al menos 20,00" in shown.plain_text
    assert "el plan más cercano es de 9 meses" in shown.plain_text


async def test_an_amount_that_takes_too_long_offers_a_larger_one(
    finbot, fake_telegram, session_factory
):
    bill = {"creditor": "Movistel", "reference": "MOV-7", "balance": Decimal("186.40")}
    lucia = await registered_with(fake_telegram, session_factory, bill)
    await choose(lucia, None, "💶 Una cantidad al mes")
    await lucia.send("5")
    _, shown = await proposal(lucia)
    assert "Con 5,00\u00a0€ al mes tardarías 38 meses" in shown.plain_text
    assert "El plan más cercano es de 20,00\u00a0€ al mes" in shown.plain_text


async def set_debt(session_factory, reference: str, **values) -> None:
    async with session_factory() as session:
        debt = await session.scalar(select(Debt).where(Debt.reference == reference))
        for name, value in values.items():
            setattr(debt, name, value)
        await session.commit()


async def test_a_debt_that_changed_before_confirming_is_not_agreed(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    await choose(lucia, None, "📅 En un número de meses")
    await lucia.press("12 meses")
    _, shown = await proposal(lucia)
    await set_debt(session_factory, LOAN["reference"], balance=Decimal("4000.00"))
    await lucia.press("✅ Confirmar", message=shown)
    refused = await lucia.wait_for(lambda m: "ha cambiado" in (m.plain_text or ""))
    assert "/plan" in refused.plain_text
    assert await plans_of(session_factory, await debt_id(session_factory, LOAN["reference"])) == []


async def test_a_debt_closed_while_choosing_ends_the_plan_kindly(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    await choose(lucia, None, "📅 En un número de meses")
    await set_debt(session_factory, LOAN["reference"], status="paid")
    await lucia.press("12 meses")
    closed = await lucia.wait_for(lambda m: "ya está cerrada" in (m.plain_text or ""))
    assert "/plan" in closed.plain_text
    assert "/help" in await answer(lucia, "12")  # the flow is over
