"""Amounts and months the way people type them, in Spanish and English."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.shared.amounts import (
    AmountNotPositive,
    AmountTooLarge,
    InvalidAmount,
    InvalidMonths,
    MonthsNotPositive,
    MonthsTooMany,
    parse_amount,
    parse_months,
)

READ_THE_SAME_IN_BOTH = [
    ("300", "300.00"),
    ("300,50", "300.50"),
    ("300.50", "300.50"),
    ("300,5", "300.50"),
    ("300.5", "300.50"),
    ("0,50", "0.50"),
    ("1.234,56", "1234.56"),
    ("1,234.56", "1234.56"),
    ("1.234.567", "1234567.00"),
    ("1,234,567", "1234567.00"),
    ("1.234.567,89", "1234567.89"),
    ("€300", "300.00"),
    ("€ 300", "300.00"),
    ("300€", "300.00"),
    ("300 €", "300.00"),
    ("300 euros", "300.00"),
    ("300 Euros", "300.00"),
    ("300 EUR", "300.00"),
    ("300 eur", "300.00"),
    ("$20", "20.00"),
    ("20 dólares", "20.00"),
    ("20 USD", "20.00"),
    ("  1 234,56 ", "1234.56"),
    ("1 234.56", "1234.56"),
    ("1\u00a0234,56\u00a0€", "1234.56"),  # pasted back from finbot's own message
    ("+300", "300.00"),
]


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize(("text", "amount"), READ_THE_SAME_IN_BOTH)
def test_amounts_read_the_same_in_both_languages(text, amount, language):
    assert parse_amount(text, language) == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "language", "amount"),
    [
        ("1.234", "es", "1234.00"),
        ("1,234", "en", "1234.00"),
        ("12.500", "es", "12500.00"),
        ("12,500", "en", "12500.00"),
        ("1.234 €", "es", "1234.00"),
    ],
)
def test_a_thousands_separator_of_the_language_is_read_as_thousands(text, language, amount):
    assert parse_amount(text, language) == Decimal(amount)


@pytest.mark.parametrize(("text", "language"), [("1,234", "es"), ("1.234", "en")])
def test_three_decimals_in_the_language_are_refused_rather_than_guessed(text, language):
    with pytest.raises(InvalidAmount) as raised:
        parse_amount(text, language)
    assert raised.value.code == "invalid_amount"
    assert raised.value.values == {"text": text}


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "three hundred",
        "3OO",
        "1.2.3",
        "1,23,456",
        "12 34",
        "300.",
        "1.234,567",
        "0.500",
        "1,234.5.6",
        "300 €€",
        "--300",
        "300-",
        "1e5",
        "0,001",
        "１２",
    ],
)
@pytest.mark.parametrize("language", ["es", "en"])
def test_nonsense_is_an_invalid_amount(text, language):
    with pytest.raises(InvalidAmount):
        parse_amount(text, language)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("0", "0.00"),
        ("0,00", "0.00"),
        ("-300", "-300.00"),
        ("€-300", "-300.00"),
        ("-€300", "-300.00"),
    ],
)
def test_zero_and_negative_amounts_are_not_positive(text, amount):
    with pytest.raises(AmountNotPositive) as raised:
        parse_amount(text, "es")
    assert raised.value.code == "amount_not_positive"
    assert raised.value.values["amount"] == Decimal(amount)


def test_a_cent_is_the_smallest_amount():
    assert parse_amount("0,01", "es") == Decimal("0.01")


def test_amounts_above_ten_million_are_too_large():
    assert parse_amount("10.000.000", "es") == Decimal("10000000.00")
    with pytest.raises(AmountTooLarge) as raised:
        parse_amount("10.000.000,01", "es")
    assert raised.value.code == "amount_too_large"
    assert raised.value.values == {
        "amount": Decimal("10000000.01"),
        "limit": Decimal("10000000.00"),
    }


def test_the_limit_can_be_lowered():
    with pytest.raises(AmountTooLarge):
        parse_amount("501", "en", limit=Decimal(500))


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("12", 12),
        (" 12 ", 12),
        ("12 meses", 12),
        ("1 mes", 1),
        ("12 months", 12),
        ("1 month", 1),
        ("12 Meses", 12),
        ("24m", 24),
        ("600", 600),
    ],
)
def test_months_read_with_or_without_the_word(text, months):
    assert parse_months(text) == months


@pytest.mark.parametrize("text", ["0", "0 meses", "-3", "-3 months"])
def test_zero_or_negative_months_are_not_positive(text):
    with pytest.raises(MonthsNotPositive) as raised:
        parse_months(text)
    assert raised.value.code == "months_not_positive"


def test_more_than_fifty_years_of_months_is_too_many():
    with pytest.raises(MonthsTooMany) as raised:
        parse_months("601")
    assert raised.value.code == "months_too_many"
    assert raised.value.values == {"months": 601, "limit": 600}


@pytest.mark.parametrize("text", ["", "doce", "12.5", "12,5", "12 años", "1e2", "meses"])
def test_nonsense_is_invalid_months(text):
    with pytest.raises(InvalidMonths) as raised:
        parse_months(text)
    assert raised.value.code == "invalid_months"


@pytest.mark.parametrize(
    ("typed", "rate"),
    [("7", "7"), ("7,5", "7.5"), ("7.25 %", "7.25"), ("0", "0"), ("19,99%", "19.99")],
)
def test_rates_are_read_as_people_type_them(typed, rate):
    from services.shared.amounts import parse_rate

    assert parse_rate(typed) == Decimal(rate)


@pytest.mark.parametrize("typed", ["abc", "-3", "101", "7,12345", ""])
def test_nonsense_rates_are_refused(typed):
    from services.shared.amounts import InvalidRate, parse_rate

    with pytest.raises(InvalidRate):
        parse_rate(typed)


@pytest.mark.parametrize(("typed", "day"), [("5", 5), ("día 31", 31), ("Day 1", 1)])
def test_days_of_month_are_read(typed, day):
    from services.shared.amounts import parse_day_of_month

    assert parse_day_of_month(typed) == day


@pytest.mark.parametrize("typed", ["0", "32", "mañana", "-1"])
def test_impossible_days_are_refused(typed):
    from services.shared.amounts import InvalidDayOfMonth, parse_day_of_month

    with pytest.raises(InvalidDayOfMonth):
        parse_day_of_month(typed)
