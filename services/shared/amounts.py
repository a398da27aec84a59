"""Reading amounts and numbers of months the way people type them in a chat.

`parse_amount` accepts "300", "300,50", "300.50", "1.234,56", "1,234.56", "€300",
"300€", "300 euros", "300 EUR" and "1 234,56". A lone separator followed by exactly
three digits ("1.234", "1,234") is read by the language: it is a thousands separator
when it is the language's own (Spanish '.', English ','); when it is the language's
decimal mark the amount would have three decimals, which is no amount of money, so it
is refused rather than guessed. One or two digits after a lone separator are always
decimals: "300,5" and "300.5" are both 300.50.
"""

from __future__ import annotations

import re
from decimal import Decimal

from services.shared.errors import DomainError
from services.shared.money import to_cents

MAX_AMOUNT = Decimal("10000000")

THOUSANDS_SEPARATOR = {"es": ".", "en": ","}

_SPACE = re.compile(r"[\s\u00a0\u202f\u2009]+")
_MINUS = ("-", "−", "–")
_CURRENCY = r"(?:€|us\$|\$|£|eur|euros?|usd|d[oó]lar(?:es)?|dollars?|gbp|pounds?|libras?)"
_AMOUNT = re.compile(
    rf"^(?P<sign>[-+−–]?)\s*(?:{_CURRENCY}\s*)?(?P<inner_sign>[-+−–]?)\s*"
    rf"(?P<number>[0-9.,][0-9., ]*?)\s*(?:{_CURRENCY})?$",
    re.IGNORECASE,
)
_MONTHS = re.compile(
    r"^(?P<sign>[-+−–]?)\s*(?P<count>[0-9]+)\s*(?:m|mes|meses|month|months)?\.?$",
    re.IGNORECASE,
)

MAX_MONTHS = 600
"""No schedule or payoff plan runs longer than 50 years; nobody can ask for more months."""


class InvalidAmount(DomainError):
    code = "invalid_amount"


class AmountNotPositive(DomainError):
    code = "amount_not_positive"


class AmountTooLarge(DomainError):
    code = "amount_too_large"


class InvalidMonths(DomainError):
    code = "invalid_months"


class MonthsNotPositive(DomainError):
    code = "months_not_positive"


class MonthsTooMany(DomainError):
    code = "months_too_many"


def parse_amount(text: str, language: str, *, limit: Decimal = MAX_AMOUNT) -> Decimal:
    """The amount of money in `text`, in cents, read as a `language` speaker writes it.

    Raises `InvalidAmount` (values: text) for anything that is not an amount,
    `AmountNotPositive` (amount) for zero or less and `AmountTooLarge` (amount, limit)
    above `limit`.
    """
    match = _AMOUNT.match(_SPACE.sub(" ", text).strip())
    if match is None or (match["sign"] and match["inner_sign"]):
        raise InvalidAmount(text=text)
    plain = _plain_number(match["number"], language)
    if plain is None:
        raise InvalidAmount(text=text)
    try:
        amount = to_cents(plain)
    except ValueError:  # more digits than a Decimal keeps: no amount anyone owes
        raise InvalidAmount(text=text) from None
    if match["sign"] in _MINUS or match["inner_sign"] in _MINUS:
        raise AmountNotPositive(amount=-amount if amount else amount)
    if amount == 0:
        raise AmountNotPositive(amount=amount)
    if amount > limit:
        raise AmountTooLarge(amount=amount, limit=to_cents(limit))
    return amount


def _plain_number(number: str, language: str) -> str | None:
    """A typed number as "1234.56", or None when it cannot be read as an amount."""
    marks = [char for char in number if char in ".,"]
    if not marks:
        return _whole_number(number)
    last = marks[-1]
    head, _, tail = number.rpartition(last)
    if not tail.isdigit():
        return None
    if marks.count(last) == 1 and len(tail) <= 2:
        whole = _whole_number(head) if head else "0"
        return f"{whole}.{tail}" if whole is not None else None
    only_one_kind = set(marks) == {last}
    thousands = THOUSANDS_SEPARATOR.get(language[:2].lower(), ",")
    if len(tail) == 3 and only_one_kind and (len(marks) > 1 or last == thousands):
        return _whole_number(number)
    return None


def _whole_number(text: str) -> str | None:
    """Digits, maybe grouped by thousands with one separator ("1.234.567", "1 234")."""
    if text.isdigit():
        return text
    separators = {char for char in text if not char.isdigit()}
    if len(separators) != 1:
        return None
    first, *rest = text.split(separators.pop())
    if not (first.isdigit() and len(first) <= 3 and not first.startswith("0")):
        return None
    if not all(group.isdigit() and len(group) == 3 for group in rest):
        return None
    return first + "".join(rest)


def parse_months(text: str) -> int:
    """A number of months typed as "12", "12 meses" or "12 months" (1 to 600).

    Raises `InvalidMonths` (text), `MonthsNotPositive` (months) and `MonthsTooMany`
    (months, limit).
    """
    match = _MONTHS.match(_SPACE.sub(" ", text).strip())
    if match is None:
        raise InvalidMonths(text=text)
    months = int(match["count"])
    if match["sign"] in _MINUS:
        raise MonthsNotPositive(months=-months)
    if months == 0:
        raise MonthsNotPositive(months=0)
    if months > MAX_MONTHS:
        raise MonthsTooMany(months=months, limit=MAX_MONTHS)
    return months


class InvalidRate(DomainError):
    code = "invalid_rate"


class InvalidDayOfMonth(DomainError):
    code = "invalid_day_of_month"


_RATE = re.compile(r"^(?P<number>[0-9]+(?:[.,][0-9]{1,4})?)\s*%?$")
_DAY = re.compile(r"^(?:d[ií]a\s*|day\s*)?(?P<day>[0-9]{1,2})$", re.IGNORECASE)


def parse_rate(text: str) -> Decimal:
    """An annual interest rate in percent: "7", "7,5", "7.5 %", "0" (0 to 100)."""
    match = _RATE.match(_SPACE.sub(" ", text).strip())
    if match is None:
        raise InvalidRate(text=text)
    rate = Decimal(match["number"].replace(",", "."))
    if rate > 100:
        raise InvalidRate(text=text)
    return rate


def parse_day_of_month(text: str) -> int:
    """A day of the month from 1 to 31: "5", "día 5", "day 5"."""
    match = _DAY.match(_SPACE.sub(" ", text).strip())
    if match is None or not 1 <= int(match["day"]) <= 31:
        raise InvalidDayOfMonth(text=text)
    return int(match["day"])
