"""Phone numbers in E.164 form (``+`` and 8 to 15 digits), the way debtors are matched."""

from __future__ import annotations

import re

from services.shared.errors import DomainError

_SEPARATORS = re.compile(r"[\s\-().]")
_E164_DIGITS = re.compile(r"[1-9][0-9]{7,14}")


class InvalidPhone(DomainError):
    code = "invalid_phone"


def normalise_phone(text: str, *, require_plus: bool = False) -> str:
    """``text`` as E.164, e.g. ``'+34 600-000-000'`` → ``'+34600000000'``.

    Spaces, dashes, dots and parentheses are dropped and ``00`` counts as ``+``.
    Telegram's shared contacts carry the number without ``+`` (``'34600000000'``),
    so a bare run of digits is taken as international unless ``require_plus``
    (the operator's CSV, where ``600000000`` is more likely a national number).
    Raises ``InvalidPhone`` (values: ``phone``) otherwise.
    """
    compact = _SEPARATORS.sub("", text)
    if compact.startswith("+"):
        digits = compact[1:]
    elif compact.startswith("00"):
        digits = compact[2:]
    elif require_plus:
        raise InvalidPhone(phone=text)
    else:
        digits = compact
    if not _E164_DIGITS.fullmatch(digits):
        raise InvalidPhone(phone=text)
    return "+" + digits
