"""/plan over the fake Bot API: a debt's plan by months or by amount, held to the
operator's policy, confirmed once, replaced by the next, taken away as a calendar; and
all the debts at once, avalanche against snowball."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import icalendar
from sqlalchemy import select

from db.models import AuditLogEntry, Debt, DebtKind, User
from tests.support.builders import add_debtor, add_operator_debt
from tests.support.chat import answer, forged_press, sent_document
from tests.support.people import register, registered_with
from tests.support.plans import CARD, LOAN, choose, confirm, debt_id, plans_of, proposal

NBSP = "\u00a0"


async def test_a_plan_within_the_policy_becomes_a_binding_agreement(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    months = await choose(lucia, None, "📅 En un número de meses")  # her only debt
    assert "hasta 24" in months.plain_text
    assert months.buttons == ["6 meses", "12 meses", "18 meses", "24 meses"]
    await lucia.press("24 meses")
    chart, shown = await proposal(lucia)
    assert chart.media["photo"][-1]["width"] == 800
    text = shown.plain_text
    assert "Banco Meridiano acepta planes de hasta 24 meses" in text
    assert "24 cuotas mensuales" in text
    assert f"1. 24 dic 2026: 219,24{NBSP}€" in text and "3. 24 feb 2027" in text
    assert "\n…\n24. 24 nov 2028: " in text and "4. 24 mar 2027" not in text
    assert f"Total a pagar: 5.261,79{NBSP}€" in text and "Meses: 24" in text
    assert "acuerdo vinculante con Banco Meridiano" in text

    agreed = await confirm(lucia, shown)
    assert "es ya un acuerdo vinculante" in agreed.plain_text
    assert "la primera de 219,24" in agreed.plain_text and "24 dic 2026" in agreed.plain_text
    assert agreed.buttons == ["📅 Calendario", "📄 PDF", "📊 Hoja de cálculo (CSV)"]
    assert shown.buttons == [] and "» ✅ Confirmar" in shown.plain_text

    loan = await debt_id(session_factory, LOAN["reference"])
    [(plan, installments)] = await plans_of(session_factory, loan)
    assert plan.status == "active" and plan.kind == "installments" and plan.agreed_at
    assert len(installments) == 24
    assert sum(i.principal for i in installments) == LOAN["balance"]
    assert sum(i.amount for i in installments) == plan.total == Decimal("5261.79")
    async with session_factory() as session:
        assert (await session.get(Debt, loan)).status == "in_plan"
        entry = await session.scalar(
            select(AuditLogEntry).where(AuditLogEntry.action == "plan.agreed")
        )
    assert entry.entity_id == plan.id
    assert entry.details["months"] == "24" and entry.details["total"] == "5261.79"
    assert entry.details["first_due"] == "2026-12-24"


async def test_confirming_twice_agrees_once(finbot, fake_telegram, session_factory):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    await choose(lucia, None, "📅 En un número de meses")
    await lucia.press("12 meses")
    _, shown = await proposal(lucia)
    confirm_data = shown.callback_data["✅ Confirmar"]
    await confirm(lucia, shown)
    again = await forged_press(fake_telegram, lucia, shown, confirm_data)
    assert "ya no está activo" in again.answer["text"]
    loan = await debt_id(session_factory, LOAN["reference"])
    assert len(await plans_of(session_factory, loan)) == 1


async def test_months_beyond_the_policy_offer_the_longest_plan_that_fits(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    await choose(lucia, None, "📅 En un número de meses")
    await lucia.send("36 meses")
    _, shown = await proposal(lucia)
    assert "es de 24 meses, así que no puedo ofrecerte 36" in shown.plain_text
    assert "24 cuotas mensuales" in shown.plain_text
    await confirm(lucia, shown)
    [(_, installments)] = await plans_of(
        session_factory, await debt_id(session_factory, LOAN["reference"])
    )
    assert len(installments) == 24


async def test_an_installment_below_the_minimum_offers_the_smallest_allowed(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, {**LOAN, "max_months": 240})
    await choose(lucia, None, "💶 Una cantidad al mes")
    await lucia.send("45")
    _, shown = await proposal(lucia)
    assert "acepta cuotas de al menos 60,00" in shown.plain_text
    assert f"1. 24 dic 2026: 60,00{NBSP}€" in shown.plain_text


async def test_a_monthly_amount_typed_with_a_comma_and_a_euro_sign(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    asked = await choose(lucia, None, "💶 Una cantidad al mes")
    assert "al menos" in asked.plain_text and len(asked.buttons) >= 2
    await lucia.send("300,50 €")
    _, shown = await proposal(lucia)
    assert f"1. 24 dic 2026: 300,50{NBSP}€" in shown.plain_text
    await confirm(lucia, shown)
    [(_, installments)] = await plans_of(
        session_factory, await debt_id(session_factory, LOAN["reference"])
    )
    assert {i.amount for i in installments[:-1]} == {Decimal("300.50")}
    assert installments[-1].amount <= Decimal("300.50")
    assert sum(i.principal for i in installments) == LOAN["balance"]


async def test_nonsense_amounts_are_asked_again_and_nothing_is_lost(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    await choose(lucia, None, "💶 Una cantidad al mes")
    for typed, hint in [
        ("mucho", "No he entendido esa cantidad"),
        ("-20", "mayor que cero"),
        ("0", "mayor que cero"),
        ("99999999999", "demasiado grande"),
    ]:
        again = await answer(lucia, typed)
        assert hint in again and "¿Cuánto puedes pagar cada mes?" in again, typed
        assert lucia.last_message.buttons  # the quick choices again
    await lucia.send("250")
    _, shown = await proposal(lucia)
    assert f"250,00{NBSP}€" in shown.plain_text


async def test_a_second_plan_replaces_the_first(finbot, fake_telegram, session_factory):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    await choose(lucia, None, "📅 En un número de meses")
    await lucia.press("12 meses")
    await confirm(lucia, (await proposal(lucia))[1])
    await choose(lucia, None, "📅 En un número de meses")
    await lucia.press("24 meses")
    agreed = await confirm(lucia, (await proposal(lucia))[1])
    assert "Sustituye a tu plan anterior" in agreed.plain_text
    (old, old_rows), (new, new_rows) = await plans_of(
        session_factory, await debt_id(session_factory, LOAN["reference"])
    )
    assert (old.status, new.status) == ("cancelled", "active")
    assert {i.status for i in old_rows} == {"cancelled"} and len(new_rows) == 24


async def test_change_goes_back_to_how_to_pay(finbot, fake_telegram, session_factory):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    await choose(lucia, None, "📅 En un número de meses")
    await lucia.press("6 meses")
    _, shown = await proposal(lucia)
    await lucia.press("✏️ Cambiar", message=shown)
    await lucia.wait_for(lambda m: "¿Cómo prefieres pagarla?" in (m.plain_text or ""))
    await lucia.press("💶 Una cantidad al mes")
    await lucia.wait_for(lambda m: "¿Cuánto puedes pagar" in (m.plain_text or ""))
    await lucia.send("500")
    _, shown = await proposal(lucia)
    assert f"500,00{NBSP}€" in shown.plain_text


async def test_the_schedule_goes_to_the_calendar_with_one_event_per_installment(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    await choose(lucia, None, "📅 En un número de meses")
    await lucia.press("12 meses")
    agreed = await confirm(lucia, (await proposal(lucia))[1])
    await lucia.press("📅 Calendario", message=agreed)
    sent = await lucia.wait_for(lambda m: "document" in m.media)
    assert sent.media["document"]["file_name"] == "plan-BMR-PL-2023-0418.ics"
    calendar = icalendar.Calendar.from_ical(sent_document(fake_telegram, sent))
    events = calendar.walk("VEVENT")
    assert len(events) == 12
    assert [event.decoded("dtstart") for event in events][:2] == [
        date(2026, 12, 24),
        date(2027, 1, 24),
    ]
    assert all(event.walk("VALARM") for event in events)

    await lucia.press("📄 PDF", message=agreed)
    pdf = await lucia.wait_for(lambda m: "document" in m.media)
    assert sent_document(fake_telegram, pdf).startswith(b"%PDF")
    await lucia.press("📊 Hoja de cálculo (CSV)", message=agreed)
    table = await lucia.wait_for(lambda m: "document" in m.media)
    rows = list(csv.reader(io.StringIO(sent_document(fake_telegram, table).decode("utf-8-sig"))))
    assert len(rows) == 1 + 12 + 1  # header, installments, totals


async def test_all_my_debts_compares_avalanche_and_snowball(finbot, fake_telegram, session_factory):
    lucia = await registered_with(fake_telegram, session_factory, LOAN, CARD)
    async with session_factory() as session:
        user_id = await session.scalar(select(User.id).where(User.telegram_id == lucia.id))
        session.add(
            Debt(
                kind=DebtKind.PERSONAL,
                owner_user_id=user_id,
                creditor="Tarjeta Visa",
                balance=Decimal("900.00"),
                currency="EUR",
                annual_rate=Decimal("19.9"),
                minimum_payment=Decimal("40.00"),
                due_day=5,
            )
        )
        await session.commit()
    await lucia.send("/plan")
    picker = await lucia.wait_for(lambda m: "¿Qué deuda" in (m.plain_text or ""))
    assert "Tarjeta Visa (tuya)" in picker.plain_text
    await lucia.press("📊 Todas mis deudas")
    asked = await lucia.wait_for(lambda m: "¿Cuánto puedes dedicar" in (m.plain_text or ""))
    assert f"suman 140,00{NBSP}€" in asked.plain_text  # 60 + 40 + 40 (the Visa's own)
    refused = await answer(lucia, "100")
    assert f"te faltarían 40,00{NBSP}€" in refused and "¿Cuánto puedes dedicar" in refused
    await lucia.send("450")
    chart = await lucia.wait_for(lambda m: "photo" in m.media)
    assert "Avalancha" in chart.plain_caption or "Bola de nieve" in chart.plain_caption
    comparison = (await lucia.wait_for_reply()).plain_text
    assert "Pagar tus deudas con 450,00" in comparison
    assert "Avalancha" in comparison and "Bola de nieve" in comparison
    for name in ("Banco Meridiano", "CaixaNorte", "Tarjeta Visa"):
        assert comparison.count(name) == 2, name  # its payoff date in each strategy
    assert "Avalancha sale más barata" in comparison


async def test_a_personal_plan_starts_on_its_due_day_and_binds_nobody(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory)
    async with session_factory() as session:
        user_id = await session.scalar(select(User.id).where(User.telegram_id == lucia.id))
        session.add(
            Debt(
                kind=DebtKind.PERSONAL,
                owner_user_id=user_id,
                creditor="Tarjeta Visa",
                balance=Decimal("900.00"),
                currency="EUR",
                annual_rate=Decimal("0"),
                minimum_payment=Decimal("40.00"),
                due_day=5,
            )
        )
        await session.commit()
    asked = await choose(lucia, None, "📅 En un número de meses")
    assert "hasta" not in asked.plain_text  # no creditor's limits on a debt of one's own
    await lucia.send("36")
    _, shown = await proposal(lucia)
    assert "1. 5 dic 2026: 25,00" in shown.plain_text and "36 cuotas" in shown.plain_text
    assert "vinculante" not in shown.plain_text and "plan tuyo" in shown.plain_text
    agreed = await confirm(lucia, shown)
    assert "Plan guardado" in agreed.plain_text and "vinculante" not in agreed.plain_text


async def test_another_persons_debt_or_plan_in_callback_data_is_refused(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    await choose(lucia, None, "📅 En un número de meses")
    await lucia.press("12 meses")
    agreed = await confirm(lucia, (await proposal(lucia))[1])
    lucias_loan = await debt_id(session_factory, LOAN["reference"])
    lucias_plan = agreed.callback_data["📅 Calendario"].rsplit(":", 1)[1]

    async with session_factory() as session:
        debtor = await add_debtor(session, phone="+34699000111")
        await add_operator_debt(session, debtor, creditor="Movistel", reference="MOV-1")
        await session.commit()
    javier = fake_telegram.user(first_name="Javier", language_code="es")
    await register(javier, phone="+34699000111")
    await javier.send("/plan")
    asked = await javier.wait_for(lambda m: "¿Cómo prefieres pagarla?" in (m.plain_text or ""))

    forged = await forged_press(fake_telegram, javier, asked, f"plan:debt:{lucias_loan}")
    assert "No encuentro esa deuda" in forged.answer["text"]
    forged = await forged_press(fake_telegram, javier, asked, f"plan:file:ics:{lucias_plan}")
    assert "No encuentro ese plan" in forged.answer["text"]
    await javier.assert_no_reply()
    assert len(await plans_of(session_factory, lucias_loan)) == 1


async def test_someone_not_registered_is_pointed_to_register(finbot, fake_telegram):
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    await sam.send("/plan")
    reply = await sam.wait_for_reply()
    assert "/register" in reply.plain_text and reply.buttons == ["📝 Register"]
