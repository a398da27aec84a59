"""Money: the one place that rounds amounts to cents and formats them for people.

Amounts are `Decimal` quantized to cents (ROUND_CEILING, ROUND_HALF_UP) and never pass through
`float`, not even for formatting. Formatting follows the user's language with Babel:
Spanish reads "1.234,56 €", English "€1,234.56".
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency
from babel.numbers import format_percent as babel_format_percent

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

LOCALES = {"es": "es_ES", "en": "en_US"}
"""The Babel locale for each language finbot speaks. en_US so that dollars read "$1,234.56"
(en_IE and en_GB print "US$"); euros read "€1,234.56" in all of them."""

MoneyInput = Decimal | int | str


def to_cents(value: MoneyInput) -> Decimal:
    """`value` as a Decimal rounded half-up to cents. Floats are refused with TypeError."""
    if isinstance(value, float | bool) or not isinstance(value, Decimal | int | str):
        raise TypeError(f"money must be Decimal, int or str, not {type(value).__name__}")
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
        if not amount.is_finite():
            raise ValueError(f"{value!r} is not a finite amount")
        cents = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount of money") from None
    return cents if cents else ZERO  # no "-0.00"


def cents_up(amount: Decimal) -> Decimal:
    """`amount` rounded up to the cent: a price or a floor the operator never loses a cent on."""
    return to_cents(amount.quantize(CENT, rounding=ROUND_CEILING))


def locale_for(language: str) -> str:
    """The Babel locale for a language code such as 'es', 'en' or 'es-ES'."""
    code = language.replace("-", "_").split("_")[0].lower()
    try:
        return LOCALES[code]
    except KeyError:
        raise ValueError(f"finbot does not format numbers for language {language!r}") from None


def format_money(amount: MoneyInput, currency: str, language: str) -> str:
    """`amount` in `currency` the way a reader of `language` expects it.

    Babel puts a no-break space (U+00A0) between the number and a trailing symbol, so
    "1.234,56 €" never wraps between the two.
    """
    return format_currency(to_cents(amount), currency.upper(), locale=locale_for(language))


def format_percent(rate_pct: Decimal | int | str, language: str) -> str:
    """A percentage given as a number of percent (Decimal("7.25") → "7,25 %" / "7.25%").

    Shows up to two decimals, without trailing zeros.
    """
    if isinstance(rate_pct, float | bool):
        raise TypeError("a percentage must be Decimal, int or str, not float")
    percent = Decimal(rate_pct).quantize(CENT, rounding=ROUND_HALF_UP)
    return babel_format_percent(
        percent.scaleb(-2), locale=locale_for(language), decimal_quantization=False
    )
