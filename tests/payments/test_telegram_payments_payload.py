"""The invoice payload: genuine ones read back as their terms, and any change to one, a
single byte, a cut or an addition, or another SECRET_KEY, makes it forged."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.payments.payload import (
    InvoiceTerms,
    from_minor_units,
    read_payload,
    sign_payload,
    to_minor_units,
)

D = Decimal
SECRET = "a-secret-key-of-at-least-32-characters!"
CURRENCIES = ("EUR", "USD", "GBP", "JPY", "BHD", "MXN")

terms_strategy = st.builds(
    InvoiceTerms,
    installment_id=st.integers(min_value=1, max_value=10**18),
    minor_units=st.integers(min_value=0, max_value=10**15),
    currency=st.sampled_from(CURRENCIES),
)


@given(terms=terms_strategy)
def test_a_genuine_payload_reads_back_as_its_terms(terms):
    payload = sign_payload(terms, secret_key=SECRET)

    assert len(payload.encode()) <= 128
    assert read_payload(payload, secret_key=SECRET) == terms


@given(terms=terms_strategy, data=st.data())
def test_changing_any_byte_of_a_payload_makes_it_forged(terms, data):
    payload = bytearray(sign_payload(terms, secret_key=SECRET).encode())
    position = data.draw(st.integers(min_value=0, max_value=len(payload) - 1))
    value = data.draw(
        st.integers(min_value=0, max_value=255).filter(lambda b: b != payload[position])
    )
    payload[position] = value

    assert read_payload(payload.decode("latin-1"), secret_key=SECRET) is None


@given(terms=terms_strategy, data=st.data())
def test_cutting_or_extending_a_payload_makes_it_forged(terms, data):
    payload = sign_payload(terms, secret_key=SECRET)
    cut = data.draw(st.integers(min_value=0, max_value=len(payload) - 1))
    extra = data.draw(st.text(min_size=1, max_size=8))

    assert read_payload(payload[:cut], secret_key=SECRET) is None
    assert read_payload(payload + extra, secret_key=SECRET) is None


def test_a_payload_signed_with_another_secret_key_is_forged():
    terms = InvoiceTerms(installment_id=7, minor_units=10000, currency="EUR")
    payload = sign_payload(terms, secret_key="another-secret-key-of-32-characters!!")

    assert read_payload(payload, secret_key=SECRET) is None
    assert read_payload("", secret_key=SECRET) is None
    assert read_payload("v1:7:10000:EUR:", secret_key=SECRET) is None


def test_amounts_become_telegram_minor_units_per_currency():
    assert to_minor_units(D("145.50"), "EUR") == 14550
    assert to_minor_units(D("1500"), "JPY") == 1500
    assert to_minor_units(D("1.25"), "BHD") == 1250
    assert from_minor_units(14550, "EUR") == D("145.50")
    with pytest.raises(ValueError):
        to_minor_units(D("10.50"), "JPY")  # a yen has no cents
