"""Paying an installment inside Telegram, end to end over the fake Bot API: "Pay now"
sends an invoice for what is due, the bot says yes or no before Telegram charges, and a
successful payment is recorded once, with a receipt."""

from __future__ import annotations

import logging
from decimal import Decimal

import pytest
from pydantic import SecretStr
from sqlalchemy import select, update

from db.models import Debt, Installment, InstallmentStatus, Payment, PaymentPlan
from tests.support.chat import said
from tests.support.invoices import (
    DUE,
    NEXT_DUE,
    PROVIDER_TOKEN,
    invoice_from_debts,
    is_invoice,
    plain,
)
from tests.support.reminders import reminders_of, seed_plan, tick
from tests.support.rows import all_rows


@pytest.fixture
def bot_settings(bot_settings):
    return bot_settings.model_copy(
        update={
            "payment_provider_token": SecretStr(PROVIDER_TOKEN),
            "reminder_check_seconds": 3600,  # the reminder job runs only when a test says
        }
    )


async def ana_with_a_plan(fake_telegram, session_factory, *, language: str = "es"):
    """Ana, whose operator debt with Banco 1 has a plan of two installments of 100,00 €."""
    ana = fake_telegram.user(first_name="Ana", language_code=language)
    seeded = await seed_plan(
        session_factory, telegram_id=ana.id, due_dates=[DUE, NEXT_DUE], language=language
    )
    return ana, seeded


async def test_pay_now_in_debts_sends_an_invoice_for_exactly_the_installment_due(
    finbot, fake_telegram, session_factory
):
    ana, seeded = await ana_with_a_plan(fake_telegram, session_factory)
    await ana.send("/debts")
    listing = await ana.wait_for(said("Tus deudas"))
    assert listing.buttons[:2] == ["💳 Pagar 1", "📅 Plan 1"]

    await ana.press("💳 Pagar 1", message=listing)
    invoice = await ana.wait_for(is_invoice)

    assert invoice.media["invoice"]["currency"] == "EUR"
    assert invoice.media["invoice"]["total_amount"] == 10000  # 100,00 € in cents
    assert invoice.media["invoice"]["title"] == "Cuota 1 · Banco 1"
    description = invoice.media["invoice"]["description"]
    assert "Cuota 1 de 2" in description and "100,00" in description
    [request] = fake_telegram.requests("sendInvoice")
    assert request.params["provider_token"] == PROVIDER_TOKEN
    payload = request.params["payload"]
    assert payload.startswith(f"v1:{seeded['installment_ids'][0]}:10000:EUR:")


async def test_a_payment_is_accepted_recorded_and_answered_with_a_receipt(
    finbot, fake_telegram, session_factory, clock
):
    ana, seeded = await ana_with_a_plan(fake_telegram, session_factory)
    await tick(finbot)  # the plan's reminders are created
    await invoice_from_debts(ana)

    checkout = await ana.pay()
    receipt = await ana.wait_for(said("Pago recibido"))

    assert checkout.answer == {"ok": True, "error_message": None}
    text = plain(receipt)
    assert "Has pagado 100,00 € a Banco 1 (cuota 1)" in text
    assert "Te queda una cuota de 100,00 €" in text
    assert "fake_tg_charge_" in text and "/paysupport" in text
    [payment] = await all_rows(session_factory, Payment)
    assert (payment.amount, payment.currency, payment.source) == (
        Decimal("100.00"),
        "EUR",
        "telegram",
    )
    assert payment.installment_id == seeded["installment_ids"][0]
    assert payment.telegram_payment_charge_id.startswith("fake_tg_charge_")
    assert payment.provider_payment_charge_id.startswith("fake_provider_charge_")
    first, second = sorted(await all_rows(session_factory, Installment), key=lambda i: i.number)
    assert (first.status, first.paid_at, second.status) == ("paid", clock(), "open")
    reminders = await reminders_of(session_factory, seeded["user_id"])
    assert {r.status for r in reminders if r.installment_id == first.id} == {"cancelled"}
    assert {r.status for r in reminders if r.installment_id == second.id} == {"pending"}
    [debt] = await all_rows(session_factory, Debt)
    assert debt.balance == Decimal("100.00")


async def test_a_successful_payment_delivered_twice_is_recorded_once(
    finbot, fake_telegram, session_factory, caplog
):
    caplog.set_level(logging.INFO, logger="bot.handlers.payments.checkout")
    ana, _ = await ana_with_a_plan(fake_telegram, session_factory)
    await invoice_from_debts(ana)
    await ana.pay()
    await ana.wait_for(said("Pago recibido"))
    [paid] = [m for m in ana.history if "successful_payment" in m.media]

    fake_telegram.push_update("message", paid.wire())  # Telegram delivers it again
    # (payments skip the chat's queue, so the bot's log tells when it was handled)
    await fake_telegram.wait_until(
        lambda: any("was recorded before" in r.getMessage() for r in caplog.records),
        5,
        "the repeated payment handled",
    )

    assert len([m for m in ana.messages if "Pago recibido" in plain(m)]) == 1
    [payment] = await all_rows(session_factory, Payment)
    assert payment.amount == Decimal("100.00")
    [debt] = await all_rows(session_factory, Debt)
    assert debt.balance == Decimal("100.00")


async def test_paying_the_last_installment_completes_the_agreement(
    finbot, fake_telegram, session_factory
):
    ana = fake_telegram.user(first_name="Sam", language_code="en")
    await seed_plan(
        session_factory, telegram_id=ana.id, due_dates=[DUE], language="en", creditor="Acme"
    )
    await ana.send("/debts")
    listing = await ana.wait_for(said("Your debts"))
    await ana.press("💳 Pay 1", message=listing)
    invoice = await ana.wait_for(is_invoice)
    assert invoice.media["invoice"]["title"] == "Installment 1 · Acme"

    await ana.pay()
    receipt = await ana.wait_for(said("Payment received"))

    assert "You paid €100.00 to Acme (installment 1)" in plain(receipt)
    assert "completed your agreement with Acme" in plain(receipt)
    [plan] = await all_rows(session_factory, PaymentPlan)
    [debt] = await all_rows(session_factory, Debt)
    assert (plan.status, debt.status, debt.balance) == ("completed", "paid", Decimal("0.00"))


async def test_an_installment_paid_meanwhile_is_refused_before_charging(
    finbot, fake_telegram, session_factory
):
    ana, seeded = await ana_with_a_plan(fake_telegram, session_factory)
    await invoice_from_debts(ana)
    async with session_factory() as session:  # e.g. the operator's import got there first
        await session.execute(
            update(Installment)
            .where(Installment.id == seeded["installment_ids"][0])
            .values(status=InstallmentStatus.PAID)
        )
        await session.commit()

    checkout = await ana.pay()

    assert checkout.answer["ok"] is False
    assert "ya no está pendiente" in checkout.answer["error_message"]
    assert "No se te ha cobrado nada" in checkout.answer["error_message"]
    await ana.assert_no_reply()
    assert await all_rows(session_factory, Payment) == []


async def test_a_changed_amount_is_refused_before_charging(finbot, fake_telegram, session_factory):
    ana, seeded = await ana_with_a_plan(fake_telegram, session_factory)
    await invoice_from_debts(ana)
    async with session_factory() as session:
        await session.execute(
            update(Installment)
            .where(Installment.id == seeded["installment_ids"][0])
            .values(amount=Decimal("80.00"))
        )
        await session.commit()

    checkout = await ana.pay()

    assert checkout.answer["ok"] is False
    assert "El importe de esta cuota ha cambiado" in checkout.answer["error_message"]
    assert await all_rows(session_factory, Payment) == []


async def test_a_forged_payload_is_refused_before_charging(finbot, fake_telegram, session_factory):
    ana, seeded = await ana_with_a_plan(fake_telegram, session_factory)
    invoice = await invoice_from_debts(ana)
    genuine = invoice.params["payload"]
    cheaper = genuine.replace(":10000:", ":100:")  # pay 1,00 € for a 100,00 € installment
    invoice.params["payload"] = cheaper
    invoice.media["invoice"]["total_amount"] = 100

    checkout = await ana.pay(invoice)

    assert checkout.answer["ok"] is False
    assert "no la he emitido yo" in checkout.answer["error_message"]
    assert await all_rows(session_factory, Payment) == []
    async with session_factory() as session:
        status = await session.scalar(
            select(Installment.status).where(Installment.id == seeded["installment_ids"][0])
        )
    assert status == "open"


async def test_someone_else_paying_anas_invoice_is_refused(finbot, fake_telegram, session_factory):
    ana, _ = await ana_with_a_plan(fake_telegram, session_factory)
    invoice = await invoice_from_debts(ana)
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    await seed_plan(session_factory, telegram_id=sam.id, due_dates=[DUE], language="en")

    checkout = await sam.pay(invoice)

    assert checkout.answer["ok"] is False
    assert "not of a debt of yours" in checkout.answer["error_message"]
    assert await all_rows(session_factory, Payment) == []


async def test_pay_now_on_an_installment_no_longer_due_says_so(
    finbot, fake_telegram, session_factory
):
    ana, seeded = await ana_with_a_plan(fake_telegram, session_factory)
    await ana.send("/debts")
    listing = await ana.wait_for(said("Tus deudas"))
    async with session_factory() as session:
        await session.execute(
            update(PaymentPlan)
            .where(PaymentPlan.id == seeded["plan_id"])
            .values(status="cancelled")
        )
        await session.commit()

    record = await ana.press("💳 Pagar 1", message=listing)
    await fake_telegram.wait_until(lambda: record.answered, 5.0, "the answer to Pay")

    assert record.answer["show_alert"] is True
    assert "ya no está pendiente" in record.answer["text"]
    assert fake_telegram.requests("sendInvoice") == []


async def test_a_personal_debt_has_no_pay_button(finbot, fake_telegram, session_factory):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE], personal=True)

    await ana.send("/debts")
    listing = await ana.wait_for(said("Tus deudas"))

    assert not any(label.startswith("💳") for label in listing.buttons)


async def test_paysupport_says_how_to_reach_the_operator(finbot, fake_telegram, bot_settings):
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    await sam.send("/paysupport")
    reply = await sam.wait_for_reply()
    assert "Help with payments" in reply.plain_text
    assert bot_settings.operator_contact in reply.plain_text
    assert bot_settings.operator_name in reply.plain_text
