"""Without a payment provider: "Pay now" opens the operator's own payment page
(PAYMENT_URL_TEMPLATE), and with neither setting there is no button. Also how a
reminder message carries its Pay buttons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.handlers.payments.buttons import PayOptions
from bot.handlers.reminders.render import render_reminder
from services.reminders.message import ReminderLine, ReminderMessage
from tests.support.chat import said
from tests.support.reminders import at, reminder_messages, schedule_on_the_23rd, seed_plan, tick

LINK = "https://pay.example.com/{reference}/{installment}?amount={amount}"
DUE = date(2026, 11, 27)


@pytest.fixture
def payment_settings() -> dict:
    return {"payment_url_template": LINK}


@pytest.fixture
def bot_settings(bot_settings, payment_settings):
    return bot_settings.model_copy(update=payment_settings)


def buttons_of(message) -> dict[str, dict]:
    return {button["text"]: button for row in message.inline_keyboard for button in row}


async def test_pay_now_opens_the_operators_payment_page(finbot, fake_telegram, session_factory):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE, date(2026, 12, 27)])

    await ana.send("/debts")
    listing = await ana.wait_for(said("Tus deudas"))

    pay = buttons_of(listing)["💳 Pagar 1"]
    assert pay == {
        "text": "💳 Pagar 1",
        "url": f"https://pay.example.com/R-{ana.id}-Banco%201/1?amount=100.00",
    }
    assert fake_telegram.requests("sendInvoice") == []


@pytest.mark.parametrize("payment_settings", [{}])
async def test_without_payment_settings_there_is_no_pay_button(
    finbot, fake_telegram, session_factory
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE])

    await ana.send("/debts")
    listing = await ana.wait_for(said("Tus deudas"))

    assert listing.buttons == ["📅 Plan 1", "🤝 Negociar 1", "ℹ️ Detalles 1"]


@pytest.mark.parametrize(
    "payment_settings", [{"payment_url_template": "https://pay.example.com/{debt}"}]
)
async def test_a_template_with_an_unknown_placeholder_gives_no_button(
    finbot, fake_telegram, session_factory
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE])

    await ana.send("/debts")
    listing = await ana.wait_for(said("Tus deudas"))

    assert listing.buttons == ["📅 Plan 1", "🤝 Negociar 1", "ℹ️ Detalles 1"]


# --- the reminder message's buttons ---------------------------------------------------------
def reminder(*kinds: str) -> ReminderMessage:
    lines = tuple(
        ReminderLine(
            installment_id=10 + number,
            debt_id=20 + number,
            debt_kind=kind,
            creditor=f"Banco {number}",
            currency="EUR",
            number=2,
            installments_in_plan=3,
            due_date=DUE,
            amount=Decimal("150.00"),
            left_count=2,
            left_amount=Decimal("300.00"),
            reference=f"REF-{number}" if kind == "operator" else None,
        )
        for number, kind in enumerate(kinds, start=1)
    )
    return ReminderMessage(
        user_id=1,
        telegram_id=1,
        language="es",
        timezone="Europe/Madrid",
        today=date(2026, 11, 24),
        lines=lines,
        reminder_ids=(1,),
    )


def keyboard(markup) -> list[list[tuple[str, str]]]:
    return [[(b.text, b.callback_data or b.url) for b in row] for row in markup.inline_keyboard]


def test_a_reminder_offers_an_invoice_for_each_operator_installment():
    invoices = PayOptions(provider_token="token", url_template=None)

    _, markup = render_reminder(reminder("operator", "personal"), "es", pay=invoices)

    assert keyboard(markup) == [
        [("💳 Pagar: Banco 1", "pay:inv:11")],
        [("✅ Pagado: Banco 1", "rem:paid:11"), ("😟 No puedo: Banco 1", "neg:hardship:21")],
        [("✅ Pagado: Banco 2", "rem:paid:12"), ("😟 No puedo: Banco 2", "rem:cantpay:12")],
        [("🔕 Parar recordatorios", "rem:stop:all")],
    ]


def test_a_reminder_links_to_the_payment_page_or_has_no_pay_button():
    link = PayOptions(provider_token=None, url_template=LINK)

    _, with_link = render_reminder(reminder("operator"), "en", pay=link)
    _, without = render_reminder(reminder("operator"), "en")

    assert keyboard(with_link)[0] == [
        ("💳 Pay now", "https://pay.example.com/REF-1/2?amount=150.00")
    ]
    assert [label for row in keyboard(without) for label, _ in row] == [
        "✅ I've paid",
        "😟 Can't pay this time",
        "🔕 Stop reminders",
    ]


async def test_a_sent_reminder_carries_the_pay_link(finbot, fake_telegram, session_factory, clock):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await seed_plan(session_factory, telegram_id=ana.id, due_dates=[DUE])
    await schedule_on_the_23rd(finbot, clock)
    at(clock, 2026, 11, 24, 9, 0)
    await tick(finbot)
    [sent] = reminder_messages(ana)
    links = [b["url"] for b in buttons_of(sent).values() if "url" in b]
    assert links == [f"https://pay.example.com/R-{ana.id}-Banco%201/1?amount=100.00"]
