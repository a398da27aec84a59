"""One CSV record's cells, each turned into its value or a reason why it is wrong."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache

from babel.numbers import list_currencies

from services.shared.phones import InvalidPhone, normalise_phone

MAX_MONTHS_LIMIT = 360
MONEY_MAX = Decimal("999999999999.99")
"""The largest amount the ``Money`` column (``NUMERIC(14, 2)``) holds."""
PERCENT_MAX = Decimal(100)

_NUMBER = re.compile(r"-?[0-9]+(?:\.([0-9]+))?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_LENGTHS = {"reference": 128, "full_name": 255, "email": 320, "creditor": 255, "concept": 255}


class Cells:
    """Reads one record's cells, adding a reason for each bad one."""

    def __init__(self, record: Mapping[str, str], reasons: list[str]) -> None:
        self.record = record
        self.reasons = reasons

    def raw(self, name: str) -> str:
        return (self.record.get(name) or "").strip()

    def optional_text(self, name: str, *, collapse: bool = True) -> str | None:
        value = self.raw(name)
        if collapse:
            value = " ".join(value.split())
        if len(value) > _LENGTHS[name]:
            self.reasons.append(f"{name} is longer than {_LENGTHS[name]} characters")
        return value or None

    def required_text(self, name: str, *, collapse: bool = True) -> str:
        value = self.optional_text(name, collapse=collapse)
        if value is None:
            self.reasons.append(f"{name} is empty")
            return ""
        return value

    def email(self) -> str | None:
        value = self.optional_text("email")
        if value is not None and not _EMAIL.fullmatch(value):
            self.reasons.append(f"email {value!r} is not an address like name@example.com")
        return value

    def phone(self) -> str:
        value = self.raw("phone")
        if not value:
            self.reasons.append("phone is empty")
            return ""
        try:
            return normalise_phone(value, require_plus=True)
        except InvalidPhone:
            self.reasons.append(
                f"phone {value!r} is not in E.164 form, + and 8 to 15 digits (+34600000000)"
            )
            return ""

    def optional_decimal(self, name: str, *, places: int, maximum: Decimal) -> Decimal | None:
        value = self.raw(name)
        if not value:
            return None
        match = _NUMBER.fullmatch(value)
        if match is None:
            self.reasons.append(f"{name} {value!r} is not a number like 1234.56")
            return None
        if match.group(1) is not None and len(match.group(1)) > places:
            self.reasons.append(f"{name} {value!r} has more than {places} decimals")
            return None
        number = Decimal(value)
        if number < 0:
            self.reasons.append(f"{name} {value!r} is negative")
        elif number > maximum:
            self.reasons.append(f"{name} {value!r} is more than {maximum}")
        return number.quantize(Decimal(1).scaleb(-places))

    def required_decimal(self, name: str, *, places: int, maximum: Decimal) -> Decimal:
        if not self.raw(name):
            self.reasons.append(f"{name} is empty")
            return Decimal(0)
        number = self.optional_decimal(name, places=places, maximum=maximum)
        return Decimal(0) if number is None else number

    def currency(self, default: str) -> str:
        value = self.raw("currency").upper() or default
        if value not in _iso_currencies():
            self.reasons.append(f"currency {value!r} is not an ISO 4217 code such as EUR")
        return value

    def months(self) -> int | None:
        value = self.raw("max_months")
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_MONTHS_LIMIT:
            self.reasons.append(
                f"max_months {value!r} is not a whole number from 1 to {MAX_MONTHS_LIMIT}"
            )
            return None
        return int(value)


@cache
def _iso_currencies() -> frozenset[str]:
    return frozenset(code for code in list_currencies() if len(code) == 3)
