"""Charts of a schedule and of a payoff plan: PNGs of a fixed size for any plan."""

from __future__ import annotations

import itertools
import struct
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.plans.charts import (
    BalanceChartLabels,
    PayoffChartLabels,
    balance_chart_png,
    money_ticks,
    payoff_chart_png,
)
from services.plans.payoff import PayoffDebt, compare_strategies, plan_payoff
from services.plans.schedules import schedule_by_months

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BALANCE_LABELS = BalanceChartLabels(
    title="Plan de pagos · Banco X",
    month="Mes",
    balance="Saldo pendiente",
    installment="Cuota",
    principal="Capital",
    interest="Intereses",
)
PAYOFF_LABELS = PayoffChartLabels(
    title="Tu plan para salir de deudas",
    month="Mes",
    balance="Saldo pendiente",
    avalanche="Total (avalancha)",
    snowball="Total (bola de nieve)",
    custom="Total (tu orden)",
)
START = date(2025, 3, 15)
CARD = PayoffDebt(1, "Card", Decimal(3000), Decimal("22.9"), Decimal(90))
CAR = PayoffDebt(2, "Car", Decimal(12000), Decimal("6.5"), Decimal(250))
FRIEND = PayoffDebt(3, "Friend", Decimal(500), Decimal(0), Decimal(50))


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always comes first."""
    assert png.startswith(PNG_SIGNATURE)
    length, chunk_type, width, height = struct.unpack(">I4sII", png[8:24])
    assert (length, chunk_type) == (13, b"IHDR")
    return width, height


def twenty_debts() -> list[PayoffDebt]:
    return [
        PayoffDebt(
            number,
            f"Préstamo número {number} de un acreedor con nombre largo",
            Decimal(400 + 371 * number),
            Decimal(number % 7 * 4),
            Decimal(15 + number),
        )
        for number in range(1, 21)
    ]


@pytest.mark.parametrize("months", [1, 12, 360])
@pytest.mark.parametrize("language", ["es", "en"])
def test_the_balance_chart_is_an_800_by_500_png_for_any_term(months, language):
    schedule = schedule_by_months(Decimal("12500.00"), Decimal("7.9"), months, date(2025, 1, 31))
    png = balance_chart_png(schedule, currency="EUR", language=language, labels=BALANCE_LABELS)
    assert png_size(png) == (800, 500)


def test_an_interest_free_schedule_is_charted_too():
    schedule = schedule_by_months(Decimal(1000), 0, 3, date(2025, 1, 31))
    png = balance_chart_png(schedule, currency="USD", language="en", labels=BALANCE_LABELS)
    assert png_size(png) == (800, 500)


def test_the_same_schedule_always_draws_the_same_picture():
    schedule = schedule_by_months(Decimal(5000), Decimal(5), 24, date(2025, 1, 31))
    first = balance_chart_png(schedule, currency="EUR", language="es", labels=BALANCE_LABELS)
    again = balance_chart_png(schedule, currency="EUR", language="es", labels=BALANCE_LABELS)
    assert first == again


def test_the_payoff_chart_draws_twenty_debts():
    plan = plan_payoff(twenty_debts(), budget=Decimal(1500), strategy="avalanche", start=START)
    png = payoff_chart_png(plan, currency="EUR", language="es", labels=PAYOFF_LABELS)
    assert png_size(png) == (800, 500)


def test_the_payoff_chart_compares_every_strategy_including_a_custom_order():
    comparison = compare_strategies(
        [CARD, CAR, FRIEND], budget=Decimal(700), start=START, order=[2, 3, 1]
    )
    png = payoff_chart_png(comparison, currency="EUR", language="en", labels=PAYOFF_LABELS)
    assert png_size(png) == (800, 500)


def test_the_payoff_chart_shows_the_names_it_is_given():
    plan = plan_payoff([CARD, CAR], budget=Decimal(600), strategy="snowball", start=START)
    plain = payoff_chart_png(plan, currency="EUR", language="es", labels=PAYOFF_LABELS)
    renamed = payoff_chart_png(
        plan, currency="EUR", language="es", labels=PAYOFF_LABELS, names={1: "Visa Oro"}
    )
    assert plain != renamed


def test_dollar_signs_in_names_and_amounts_are_drawn_as_text_not_as_math():
    odd = PayoffDebt(1, r"Loan $\frac{ from $am", Decimal(900), Decimal(12), Decimal(30))
    plan = plan_payoff([odd, CAR], budget=Decimal(400), strategy="avalanche", start=START)
    labels = PayoffChartLabels("$$ plan", "Month", "Balance $", "A", "S", "C")
    png = payoff_chart_png(plan, currency="USD", language="en", labels=labels)
    assert png_size(png) == (800, 500)


def test_a_single_debt_paid_off_in_one_month_is_charted():
    small = PayoffDebt(1, "Phone", Decimal(80), Decimal(0), Decimal(10))
    plan = plan_payoff([small], budget=Decimal(100), strategy="avalanche", start=START)
    png = payoff_chart_png(plan, currency="EUR", language="es", labels=PAYOFF_LABELS)
    assert png_size(png) == (800, 500)


def test_money_ticks_are_round_amounts_from_zero_past_the_highest():
    assert money_ticks(Decimal("9800")) == [Decimal(n) for n in (0, 2000, 4000, 6000, 8000, 10000)]
    assert money_ticks(Decimal("12500")) == [Decimal(n) * 2500 for n in range(6)]
    assert money_ticks(Decimal("0.07"), 4) == [Decimal(n) / 100 for n in (0, 2, 4, 6, 8)]


@given(
    highest=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10_000_000), places=2),
    most=st.integers(min_value=2, max_value=8),
)
def test_money_ticks_always_reach_the_highest_amount_in_at_most_so_many_steps(highest, most):
    ticks = money_ticks(highest, most)
    assert ticks[0] == 0
    assert ticks[-2] < highest <= ticks[-1]
    assert len(ticks) - 1 <= most
    steps = {later - earlier for earlier, later in itertools.pairwise(ticks)}
    assert len(steps) == 1
    assert steps.pop() >= Decimal("0.01")
