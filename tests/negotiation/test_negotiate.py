"""Negotiating from /debts: every amount within the operator's limits, agreed only by a press."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from db.models import Debt, Installment, PaymentPlan
from db.unit_of_work import UnitOfWork
from services.negotiation import list_agreements_and_hardship
from tests.support.chat import answer, said
from tests.support.negotiation import open_negotiation
from tests.support.people import register, seed_debtor


async def plans_of(session_factory) -> list[PaymentPlan]:
    async with session_factory() as session:
        return list(await session.scalars(select(PaymentPlan)))


async def test_a_full_negotiation_ends_in_a_settlement(finbot, fake_telegram, session_factory):
    ana = await open_negotiation(finbot, fake_telegram, session_factory)
    await ana.press("💶 Pagar de una vez con descuento")
    first = await ana.wait_for(said("Esta es mi propuesta"))
    assert "1.140,00" in first.plain_text and "5\u00a0% de descuento" in first.plain_text
    await ana.press("🔽 Pedir una propuesta mejor")
    better = await ana.wait_for(said("He mejorado la propuesta"))
    assert "1.080,00" in better.plain_text
    assert await plans_of(session_factory) == []  # nothing agreed without the press
    await ana.press("✅ Aceptar esta propuesta", message=better)
    agreed = await ana.wait_for(said("Acuerdo cerrado"))
    assert "1.080,00" in agreed.plain_text and "vinculante" in agreed.plain_text
    [plan] = await plans_of(session_factory)
    assert plan.kind == "settlement" and plan.total == Decimal("1080.00")
    async with session_factory() as session:
        assert (await session.get(Debt, plan.debt_id)).status == "in_plan"


async def test_a_counteroffer_below_the_floor_is_refused(finbot, fake_telegram, session_factory):
    ana = await open_negotiation(finbot, fake_telegram, session_factory)
    await ana.press("✍️ Proponer una cantidad")
    await ana.wait_for(said("¿Cuánto podrías pagar"))
    refused = await answer(ana, "500")
    assert "por debajo de lo que puedo aceptar" in refused
    assert "1.140,00" in refused  # the current offer, repeated
    assert await plans_of(session_factory) == []


async def test_a_counteroffer_above_the_floor_becomes_an_offer_to_confirm(
    finbot, fake_telegram, session_factory
):
    ana = await open_negotiation(finbot, fake_telegram, session_factory)
    await ana.press("✍️ Proponer una cantidad")
    await ana.wait_for(said("¿Cuánto podrías pagar"))
    reply = await answer(ana, "1.150")
    assert "ya es más baja" in reply or "es aceptable" in reply


async def test_after_the_round_limit_the_final_offer_is_only_repeated(
    finbot, fake_telegram, session_factory
):
    ana = await open_negotiation(finbot, fake_telegram, session_factory)
    await ana.press("💶 Pagar de una vez con descuento")
    await ana.wait_for(said("Esta es mi propuesta"))
    for _ in range(3):  # 5 % → 10 % → 15 % → 20 %, the debt's maximum
        await ana.press("🔽 Pedir una propuesta mejor")
        await ana.wait_for(said("He mejorado la propuesta"))
    final = ana.last_message
    assert "960,00" in final.plain_text and "última propuesta" in final.plain_text
    assert "🔽 Pedir una propuesta mejor" not in final.buttons
    await ana.press("✍️ Proponer una cantidad")
    await ana.wait_for(said("¿Cuánto podrías pagar"))
    repeated = await answer(ana, "900")
    assert "960,00" in repeated and "por debajo" in repeated


async def test_paying_part_now_makes_a_plan_for_the_rest(finbot, fake_telegram, session_factory):
    ana = await open_negotiation(finbot, fake_telegram, session_factory)
    await ana.press("🧩 Pagar una parte ahora")
    asked = await ana.wait_for(said("¿Cuánto puedes pagar ahora?"))
    assert "600,00" in asked.plain_text and "900,00" in asked.plain_text  # the 50 % and 75 % tiers
    offer = await answer(ana, "900")
    assert "15\u00a0% de" in offer and "Pagas 900,00" in offer
    await ana.press("✅ Aceptar esta propuesta")
    await ana.wait_for(said("Acuerdo cerrado"))
    [plan] = await plans_of(session_factory)
    assert plan.kind == "partial"
    async with session_factory() as session:
        installments = list(
            await session.scalars(select(Installment).where(Installment.plan_id == plan.id))
        )
    assert installments[0].amount == Decimal("900.00")
    assert sum(i.amount for i in installments) == plan.total


async def test_a_hardship_request_pauses_the_negotiation(finbot, fake_telegram, session_factory):
    ana = await open_negotiation(finbot, fake_telegram, session_factory)
    await ana.press("🆘 Ahora no puedo pagar")
    reply = await ana.wait_for(said("He pausado la negociación"))
    assert "se pondrá en contacto contigo" in reply.plain_text
    await answer(ana, "/debts")
    await ana.press("🤝 Negociar 1")
    await ana.wait_for(said("¿Cómo te gustaría resolverla?"))
    await ana.press("💶 Pagar de una vez con descuento")
    paused = await ana.wait_for(said("en pausa"))
    assert "revisa tu situación" in paused.plain_text
    async with UnitOfWork(session_factory) as uow:
        cases = await list_agreements_and_hardship(uow)
    assert [case.case for case in cases] == ["hardship"]  # flagged for the operator


async def test_two_users_negotiating_never_see_each_others_offers(
    finbot, fake_telegram, session_factory
):
    await seed_debtor(session_factory, phone="+34611222333", debts=1)
    await seed_debtor(session_factory, phone="+34622333444", debts=1)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    luis = fake_telegram.user(first_name="Luis", language_code="es")
    await register(ana, phone="+34611222333")
    await register(luis, phone="+34622333444")
    for person in (ana, luis):
        await answer(person, "/debts")
        await person.press("🤝 Negociar 1")
        await person.wait_for(said("¿Cómo te gustaría resolverla?"))
        await person.press("💶 Pagar de una vez con descuento")
        await person.wait_for(said("Esta es mi propuesta"))
    for _ in range(2):
        await ana.press("🔽 Pedir una propuesta mejor")
        await ana.wait_for(said("He mejorado la propuesta"))
    assert "1.020,00" in ana.last_message.plain_text  # Ana is at 15 %
    assert "1.140,00" in luis.last_message.plain_text  # Luis is still at his first 5 %
    await luis.press("🔽 Pedir una propuesta mejor")
    assert "1.080,00" in (await luis.wait_for(said("He mejorado"))).plain_text


async def test_the_round_limit_brings_the_final_offer_before_the_maximum_discount(
    fake_telegram, bot_settings, clock, session_factory
):
    from bot.app import build_application
    from bot.runtime.lifecycle import running

    settings = bot_settings.model_copy(update={"negotiation_round_limit": 2})
    async with running(build_application(settings, clock=clock), poll_timeout=1):
        ana = await open_negotiation(None, fake_telegram, session_factory)
        await ana.press("💶 Pagar de una vez con descuento")
        await ana.wait_for(said("Esta es mi propuesta"))  # round 1: 5 %
        await ana.press("🔽 Pedir una propuesta mejor")
        final = await ana.wait_for(said("He mejorado la propuesta"))  # round 2: 10 %, the last
        assert "1.080,00" in final.plain_text and "última propuesta" in final.plain_text
        assert "🔽 Pedir una propuesta mejor" not in final.buttons
        await ana.press("✍️ Proponer una cantidad")
        await ana.wait_for(said("¿Cuánto podrías pagar"))
        repeated = await answer(ana, "1.000")  # above the floor, but no concession is left
        assert "1.080,00" in repeated
