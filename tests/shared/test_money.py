"""Money rounding and how amounts and rates read in Spanish and English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.shared.money import format_money, format_percent, locale_for, to_cents

NBSP = "\u00a0"  # Babel keeps the number and a trailing symbol on one line


@pytest.mark.parametrize(
    ("value", "cents"),
    [
        (Decimal("1.005"), Decimal("1.01")),
        (Decimal("1.004"), Decimal("1.00")),
        (Decimal("-1.005"), Decimal("-1.01")),
        (Decimal("2.675"), Decimal("2.68")),
        (300, Decimal("300.00")),
        ("12.3", Decimal("12.30")),
        (" 7 ", Decimal("7.00")),
        (Decimal("-0.001"), Decimal("0.00")),
    ],
)
def test_amounts_round_half_up_to_cents(value, cents):
    result = to_cents(value)
    assert result == cents
    assert result.as_tuple().exponent == -2
    assert str(result) == str(cents)


def test_a_float_is_refused_as_money():
    with pytest.raises(TypeError):
        to_cents(0.1)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity", "1e40"])
def test_text_that_is_no_amount_is_refused(value):
    with pytest.raises(ValueError):
        to_cents(value)


def test_spanish_reads_euros_with_dot_thousands_and_comma_decimals():
    assert format_money(Decimal("1234.56"), "EUR", "es") == f"1.234,56{NBSP}€"


def test_english_reads_euros_with_the_symbol_first():
    assert format_money(Decimal("1234.56"), "EUR", "en") == "€1,234.56"


def test_spanish_groups_four_digit_amounts_too():
    assert format_money(Decimal("1234"), "EUR", "es") == f"1.234,00{NBSP}€"


def test_dollars_read_as_dollars_in_english_and_us_dollars_in_spanish():
    assert format_money(Decimal("1234.56"), "USD", "en") == "$1,234.56"
    assert format_money(Decimal("1234.56"), "USD", "es") == f"1.234,56{NBSP}US$"


def test_large_amounts_group_every_thousand():
    assert format_money(Decimal("1234567.8"), "EUR", "es") == f"1.234.567,80{NBSP}€"
    assert format_money(Decimal("1234567.8"), "EUR", "en") == "€1,234,567.80"


def test_formatting_rounds_to_cents_first():
    assert format_money("0.005", "EUR", "en") == "€0.01"


def test_a_float_cannot_be_formatted_as_money():
    with pytest.raises(TypeError):
        format_money(12.5, "EUR", "es")  # type: ignore[arg-type]


def test_telegram_language_codes_with_a_region_are_understood():
    assert locale_for("es-ES") == "es_ES"
    assert locale_for("en") == "en_US"


def test_an_unsupported_language_is_a_programming_error():
    with pytest.raises(ValueError):
        format_money(Decimal(1), "EUR", "fr")


@pytest.mark.parametrize(
    ("rate", "spanish", "english"),
    [
        (Decimal("7.25"), f"7,25{NBSP}%", "7.25%"),
        (Decimal("7.10"), f"7,1{NBSP}%", "7.1%"),
        (Decimal("12"), f"12{NBSP}%", "12%"),
        (Decimal("0"), f"0{NBSP}%", "0%"),
        (Decimal("7.1250"), f"7,13{NBSP}%", "7.13%"),
    ],
)
def test_rates_read_as_percentages_with_up_to_two_decimals(rate, spanish, english):
    assert format_percent(rate, "es") == spanish
    assert format_percent(rate, "en") == english
