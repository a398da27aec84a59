"""Right after an agreement (a negotiated settlement, a plan confirmed with /plan) the
person can pay its first installment in Telegram, and paying a settlement's lump sum
settles the debt."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import SecretStr
from sqlalchemy import select

from db.models import Debt, Installment, Payment, PaymentPlan
from tests.support.chat import said
from tests.support.invoices import PROVIDER_TOKEN, is_invoice, plain
from tests.support.negotiation import open_negotiation
from tests.support.people import registered_with
from tests.support.plans import LOAN, choose, confirm, proposal
from tests.support.rows import all_rows


@pytest.fixture
def bot_settings(bot_settings):
    return bot_settings.model_copy(update={"payment_provider_token": SecretStr(PROVIDER_TOKEN)})


async def test_a_settlement_agreed_is_paid_in_telegram_and_settles_the_debt(
    finbot, fake_telegram, session_factory
):
    ana = await open_negotiation(finbot, fake_telegram, session_factory)
    await ana.press("💶 Pagar de una vez con descuento")
    offer = await ana.wait_for(said("Esta es mi propuesta"))
    await ana.press("✅ Aceptar esta propuesta", message=offer)
    agreed = await ana.wait_for(said("Acuerdo cerrado"))
    assert agreed.buttons == ["💳 Pagar 1.140,00\xa0€ ahora"]

    await ana.press("💳 Pagar 1.140,00\xa0€ ahora", message=agreed)
    invoice = await ana.wait_for(is_invoice)
    assert invoice.media["invoice"]["total_amount"] == 114000
    await ana.pay()
    receipt = await ana.wait_for(said("Pago recibido"))

    assert "Has pagado 1.140,00 € a Banco 1 (cuota 1)" in plain(receipt)
    assert "has terminado tu acuerdo con Banco 1" in plain(receipt)
    [plan] = await all_rows(session_factory, PaymentPlan)
    [debt] = await all_rows(session_factory, Debt)
    assert (plan.kind, plan.status) == ("settlement", "completed")
    assert (debt.status, debt.balance) == ("settled", Decimal("60.00"))
    [payment] = await all_rows(session_factory, Payment)
    assert payment.amount == Decimal("1140.00") and payment.source == "telegram"


async def test_a_plan_confirmed_offers_to_pay_its_first_installment(
    finbot, fake_telegram, session_factory
):
    lucia = await registered_with(fake_telegram, session_factory, LOAN)
    await choose(lucia, None, "📅 En un número de meses")
    await lucia.press("12 meses")
    _, shown = await proposal(lucia)

    agreed = await confirm(lucia, shown)

    async with session_factory() as session:
        first = await session.scalar(select(Installment).where(Installment.number == 1))
    pay, *files = agreed.buttons
    assert pay.startswith("💳 Pagar ") and pay.endswith(" ahora")
    assert files == ["📅 Calendario", "📄 PDF", "📊 Hoja de cálculo (CSV)"]
    await lucia.press(pay, message=agreed)
    invoice = await lucia.wait_for(is_invoice)
    assert invoice.media["invoice"]["total_amount"] == int(first.amount * 100)
    assert invoice.media["invoice"]["description"].startswith("Cuota 1 de 12")
