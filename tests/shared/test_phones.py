"""Phone numbers as Telegram contacts and the operator's CSV write them."""

from __future__ import annotations

import pytest

from services.shared.phones import InvalidPhone, normalise_phone


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("+34600000000", "+34600000000"),
        ("34600000000", "+34600000000"),  # Telegram's contact format
        ("+34 600 00 00 00", "+34600000000"),
        ("+1 (415) 555-0100", "+14155550100"),
        ("0034600000000", "+34600000000"),
        (" +447700900123 ", "+447700900123"),
        ("+12345678", "+12345678"),
        ("+123456789012345", "+123456789012345"),
    ],
)
def test_a_phone_is_normalised_to_e164(text, phone):
    assert normalise_phone(text) == phone


@pytest.mark.parametrize(
    "text",
    ["", "+", "+1234567", "+1234567890123456", "+0600000000", "+34 600 abc", "+34٦٠٠٠٠٠٠٠٠"],
)
def test_what_is_not_a_phone_is_refused(text):
    with pytest.raises(InvalidPhone) as error:
        normalise_phone(text)

    assert error.value.code == "invalid_phone"
    assert error.value.values == {"phone": text}


def test_the_csv_requires_the_plus_so_a_national_number_is_not_taken_as_international():
    assert normalise_phone("+34600000000", require_plus=True) == "+34600000000"
    with pytest.raises(InvalidPhone):
        normalise_phone("600000000", require_plus=True)
