"""Paying while the assistant is still writing an answer: Telegram waits at most 10
seconds for the answer to its pre-checkout query, and an assistant turn can take longer,
so payments do not wait for the chat's turn, by long polling or by webhook."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from pydantic import SecretStr

from bot.app import build_application
from bot.runtime.lifecycle import Webhook, running
from db.models import Payment
from tests.support.chat import said
from tests.support.invoices import DUE, NEXT_DUE, PROVIDER_TOKEN, invoice_from_debts
from tests.support.processes import free_port
from tests.support.reminders import seed_plan
from tests.support.rows import all_rows

TURN_SECONDS = 20.0
"""How long the model takes to answer: longer than Telegram waits for a pre-checkout."""
TELEGRAM_WAITS = 10.0
WEBHOOK_SECRET = "webhook-secret-0123456789_abc"


@pytest.fixture(params=["polling", "webhook"])
async def paying_bot(request, fake_telegram, assistant_settings, clock):
    settings = assistant_settings.model_copy(
        update={
            "payment_provider_token": SecretStr(PROVIDER_TOKEN),
            "assistant_timeout_seconds": TURN_SECONDS + 10,
            "reminder_check_seconds": 3600,
        }
    )
    webhook = None
    if request.param == "webhook":
        settings = settings.model_copy(
            update={
                "webhook_url": "https://finbot.example/telegram",
                "webhook_secret": SecretStr(WEBHOOK_SECRET),
                "webhook_listen": "127.0.0.1",
                "webhook_port": free_port(),
            }
        )
        webhook = Webhook.from_settings(settings)
        fake_telegram.route_webhook(f"http://127.0.0.1:{settings.webhook_port}/telegram")
    application = build_application(settings, clock=clock)
    async with running(application, poll_timeout=1, webhook=webhook):
        yield application


async def test_a_payment_goes_through_while_a_20_second_answer_is_being_written(
    paying_bot, fake_telegram, fake_openai, session_factory
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE, NEXT_DUE])
    await invoice_from_debts(ana)
    release = fake_openai.stall_next(TURN_SECONDS)
    fake_openai.script.reply_text("Te quedan dos cuotas de 100 €.")
    await ana.send("¿Cuánto me queda por pagar?")
    await fake_telegram.wait_until(lambda: fake_openai.requests, 5, "the assistant's turn")
    loop = asyncio.get_running_loop()
    try:
        paying_from = loop.time()
        checkout = await ana.pay(timeout=TELEGRAM_WAITS)
        answered_in = loop.time() - paying_from
        receipt = await ana.wait_for(said("Pago recibido"), timeout=5)
        recorded_in = loop.time() - paying_from
        assert not any(said("Te quedan dos cuotas")(m) for m in ana.messages)  # in flight
    finally:
        release.set()

    assert checkout.answer == {"ok": True, "error_message": None}
    assert answered_in < 3, f"answerPreCheckoutQuery came after {answered_in:.1f} s"
    assert recorded_in < 5, f"the receipt came after {recorded_in:.1f} s"
    assert "Has pagado 100,00 € a Banco 1" in receipt.plain_text.replace("\xa0", " ")
    [payment] = await all_rows(session_factory, Payment)
    assert (payment.amount, payment.source) == (Decimal("100.00"), "telegram")
    await ana.wait_for(said("Te quedan dos cuotas"), timeout=5)  # the turn ends as it would
