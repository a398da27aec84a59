"""Spanish texts: the general ones and one module per feature. Keys and placeholders match
the other language's exactly (tests/runtime/test_texts.py checks it)."""

from bot.texts.es import (
    account,
    assistant,
    debts,
    documents,
    general,
    negotiation,
    payments,
    plans,
    reminders,
    timezone,
)

MODULES = (
    general,
    debts,
    plans,
    negotiation,
    assistant,
    account,
    documents,
    reminders,
    timezone,
    payments,
)
