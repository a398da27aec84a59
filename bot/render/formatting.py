"""Numbers and dates as each language writes them ("1.234,56 €" / "€1,234.56")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.dates import format_date

from services.shared import format_money, format_percent, locale_for


def money(amount: Decimal, currency: str, language: str) -> str:
    return format_money(amount, currency, language)


def percent(rate: Decimal, language: str) -> str:
    return format_percent(rate, language)


def day(value: date, language: str) -> str:
    """A date such as "24 dic 2026" or "Dec 24, 2026"."""
    return format_date(value, format="medium", locale=locale_for(language))
