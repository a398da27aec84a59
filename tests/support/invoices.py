"""Paying in Telegram end to end: the test provider's token, due dates, an invoice from /debts."""

from __future__ import annotations

from datetime import date

from tests.support.chat import said

PROVIDER_TOKEN = "284685063:TEST:fake-provider-token"
DUE = date(2026, 11, 27)
NEXT_DUE = date(2026, 12, 27)


def plain(message) -> str:
    return (message.plain_text or "").replace("\xa0", " ")


def is_invoice(message) -> bool:
    return "invoice" in message.media


async def invoice_from_debts(ana, label: str = "💳 Pagar 1"):
    await ana.send("/debts")
    listing = await ana.wait_for(said("Tus deudas"))
    await ana.press(label, message=listing)
    return await ana.wait_for(is_invoice)
