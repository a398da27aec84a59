"""The invoice payload: which installment an invoice pays, for how much, signed.

Telegram hands the payload back untouched in the pre-checkout query and the successful
payment, but it is the bot's own text: anyone who can call the Bot API with our token,
or a bug, could put anything there. So the payload carries an HMAC-SHA256 of its terms
under a key derived from SECRET_KEY (HKDF, its own label), and nothing in it is trusted
before the signature is checked with ``hmac.compare_digest``.

The payload reads ``v1:<installment id>:<amount in minor units>:<currency>:<signature>``
(ASCII, well under Telegram's 128 bytes), e.g. ``v1:42:10000:EUR:Jt3...``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import get_currency_precision
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from services.shared.money import to_cents

KEY_DERIVATION_LABEL = b"finbot payment payloads"
VERSION = "v1"
SIGNATURE_LENGTH = 22
"""Characters of the URL-safe base64 signature kept: 132 bits of the HMAC."""
MAX_PAYLOAD_BYTES = 128
_TERMS = re.compile(r"v1:([1-9][0-9]{0,18}):(0|[1-9][0-9]{0,17}):([A-Z]{3})")


@dataclass(frozen=True, kw_only=True)
class InvoiceTerms:
    """What one invoice charges: ``minor_units`` of ``currency`` for one installment."""

    installment_id: int
    minor_units: int
    currency: str

    @property
    def amount(self) -> Decimal:
        return from_minor_units(self.minor_units, self.currency)


def to_minor_units(amount: Decimal, currency: str) -> int:
    """``amount`` in the currency's smallest unit, as Telegram counts prices (1.45 EUR is
    145). ValueError when the amount has more decimals than the currency."""
    scaled = to_cents(amount).scaleb(get_currency_precision(currency.upper()))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} {currency} is not a whole number of minor units")
    return int(scaled)


def from_minor_units(minor_units: int, currency: str) -> Decimal:
    return to_cents(Decimal(minor_units).scaleb(-get_currency_precision(currency.upper())))


def sign_payload(terms: InvoiceTerms, *, secret_key: str) -> str:
    body = f"{VERSION}:{terms.installment_id}:{terms.minor_units}:{terms.currency}"
    if not _TERMS.fullmatch(body):
        raise ValueError(f"these invoice terms cannot be signed: {terms}")
    payload = f"{body}:{_signature(body, secret_key)}"
    assert len(payload.encode()) <= MAX_PAYLOAD_BYTES
    return payload


def read_payload(payload: str, *, secret_key: str) -> InvoiceTerms | None:
    """The terms of a payload this bot signed; None for anything else (forged, altered,
    signed under another SECRET_KEY, or not a payload at all)."""
    if not payload.isascii() or len(payload) > MAX_PAYLOAD_BYTES:
        return None
    body, _, signature = payload.rpartition(":")
    expected = _signature(body, secret_key)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        return None
    match = _TERMS.fullmatch(body)
    if match is None:
        return None
    installment_id, minor_units, currency = match.groups()
    return InvoiceTerms(
        installment_id=int(installment_id), minor_units=int(minor_units), currency=currency
    )


def _signature(body: str, secret_key: str) -> str:
    digest = hmac.new(_key(secret_key), body.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()[:SIGNATURE_LENGTH]


def _key(secret_key: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=KEY_DERIVATION_LABEL, info=KEY_DERIVATION_LABEL
    ).derive(secret_key.encode())
