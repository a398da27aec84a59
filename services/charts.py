"""Charts of one debt's schedule and of a payoff plan, as PNG bytes.

Pure functions: plain values in, PNG bytes out, nothing written anywhere. Matplotlib is
used through `Figure` and the Agg canvas directly, never `pyplot`, so a render keeps no
global state and is safe in a worker thread. Every chart is 800 × 500 px.

The words (titles, axis labels, legend entries) come from the caller's text catalogue
through the label dataclasses; amounts are formatted with `format_money` and months with
Babel in the reader's language.

Amounts stay `Decimal` until the very call that plots them, where they become floats:
a chart is a picture, not money. The money ticks are chosen in `Decimal` and labelled
from those `Decimal`s, so no label ever shows a float's rounding.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_skeleton
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedFormatter, FixedLocator

from services.money import ZERO, format_money, locale_for
from services.payoff import PayoffPlan, StrategyComparison
from services.schedules import Schedule, add_months

WIDTH_INCHES, HEIGHT_INCHES, DPI = 8, 5, 100
"""800 × 500 px."""

BALANCE_COLOUR = "#1f77b4"
PRINCIPAL_COLOUR = "#2ca02c"
INTEREST_COLOUR = "#ff7f0e"
STRATEGY_STYLES = {"avalanche": "--", "snowball": ":", "custom": "-."}
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 36, 60, 120)
MAX_MONTH_TICKS = 8
LEGEND_NAME_LENGTH = 22


@dataclass(frozen=True, slots=True)
class BalanceChartLabels:
    title: str
    month: str
    """The x axis."""
    balance: str
    """The y axis of the upper panel: what is still owed."""
    installment: str
    """The y axis of the lower panel: each installment's amount."""
    principal: str
    """Legend: the part of an installment that repays the debt (shown when there is interest)."""
    interest: str
    """Legend: the part of an installment that pays interest (shown when there is interest)."""


@dataclass(frozen=True, slots=True)
class PayoffChartLabels:
    title: str
    month: str
    """The x axis."""
    balance: str
    """The y axis: what is still owed."""
    avalanche: str
    """Legend of the avalanche plan's total balance line (only with a comparison)."""
    snowball: str
    """Legend of the snowball plan's total balance line (only with a comparison)."""
    custom: str
    """Legend of the custom plan's total balance line (only with a comparison)."""


def balance_chart_png(
    schedule: Schedule, *, currency: str, language: str, labels: BalanceChartLabels
) -> bytes:
    """What is left to pay after each installment (above) and each installment (below)."""
    figure = _figure()
    balance_axes, installment_axes = figure.subplots(
        2, 1, sharex=True, gridspec_kw={"height_ratios": (3, 2)}
    )
    installments = schedule.installments
    count = len(installments)
    balance_positions = _balance_positions(count)
    balances = _floats([schedule.principal, *(i.balance_after for i in installments)])
    balance_axes.fill_between(balance_positions, balances, color=BALANCE_COLOUR, alpha=0.2, lw=0)
    balance_axes.plot(balance_positions, balances, color=BALANCE_COLOUR, linewidth=2)
    balance_axes.set_title(labels.title, fontsize=13)
    balance_axes.set_ylabel(labels.balance)
    _money_axis(balance_axes, schedule.principal, currency, language)

    positions = range(count)
    width = 0.8 if count <= 60 else 1.0
    principals = _floats(i.principal for i in installments)
    if schedule.total_interest:
        installment_axes.bar(
            positions, principals, width, color=PRINCIPAL_COLOUR, label=labels.principal, lw=0
        )
        interests = _floats(i.interest for i in installments)
        installment_axes.bar(
            positions,
            interests,
            width,
            bottom=principals,
            color=INTEREST_COLOUR,
            label=labels.interest,
            lw=0,
        )
        installment_axes.legend(loc="lower left", fontsize=8, framealpha=0.9)
    else:
        installment_axes.bar(positions, principals, width, color=PRINCIPAL_COLOUR, lw=0)
    installment_axes.set_ylabel(labels.installment)
    installment_axes.set_xlabel(labels.month)
    _money_axis(installment_axes, max(i.amount for i in installments), currency, language)
    _month_axis(installment_axes, [i.due_date for i in installments], language)
    installment_axes.set_xlim(-0.6, count - 0.4)
    figure.align_ylabels((balance_axes, installment_axes))
    return _png(figure)


def payoff_chart_png(
    plan_or_comparison: PayoffPlan | StrategyComparison,
    *,
    currency: str,
    language: str,
    labels: PayoffChartLabels,
    names: Mapping[int, str] | None = None,
) -> bytes:
    """Each debt's balance month by month, stacked, with a dot where each one is paid off.

    Given a comparison, the stacked bands show its cheapest plan and a line shows the
    total balance of every plan. `names` maps debt ids to the names to show; it defaults
    to the names the plan carries. The legend gives each debt's payoff month.
    """
    if isinstance(plan_or_comparison, StrategyComparison):
        plan, plans = plan_or_comparison.cheapest, plan_or_comparison.plans
    else:
        plan, plans = plan_or_comparison, ()
    debt_names = {payoff.debt_id: payoff.name for payoff in plan.payoffs} | dict(names or {})
    balances = _balances_by_debt(plan)
    # The debt cleared last lies at the bottom, so every band pinches out at its own payoff.
    bottom_up = tuple(reversed(plan.payoffs))
    colours = _debt_colours(len(bottom_up))
    figure = _figure()
    axes = figure.subplots()
    positions = _balance_positions(len(plan.months))
    bands = axes.stackplot(
        positions,
        *(_floats(balances[payoff.debt_id]) for payoff in bottom_up),
        colors=colours,
        labels=[_legend_name(debt_names[p.debt_id], p.month, language) for p in bottom_up],
        alpha=0.85,
    )
    below = [ZERO] * len(positions)  # the bands stacked so far
    for payoff, colour in zip(bottom_up, colours, strict=True):
        payoff_point = (payoff.months - 0.5, float(below[payoff.months]))
        axes.plot(*payoff_point, "o", color=colour, ms=7, mec="white", mew=1.5, zorder=4)
        below = [total + part for total, part in zip(below, balances[payoff.debt_id], strict=True)]
    strategy_labels = {
        "avalanche": labels.avalanche,
        "snowball": labels.snowball,
        "custom": labels.custom,
    }
    lines = []
    for compared in plans:
        totals = [below[0], *(month.balance_after for month in compared.months)]
        (line,) = axes.plot(
            _balance_positions(len(compared.months)),
            _floats(totals),
            STRATEGY_STYLES[compared.strategy],
            color="#222222",
            linewidth=1.6,
            label=strategy_labels[compared.strategy],
        )
        lines.append(line)
    span = max((len(compared.months) for compared in plans), default=len(plan.months))
    first_month = plan.months[0].month
    _month_axis(axes, [add_months(first_month, index) for index in range(span)], language)
    axes.set_xlim(-0.6, span - 0.4)
    _money_axis(axes, below[0], currency, language)
    axes.set_title(labels.title, fontsize=13)
    axes.set_xlabel(labels.month)
    axes.set_ylabel(labels.balance)
    handles = [*reversed(bands), *lines]  # top band first, as they are stacked
    axes.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8 if len(handles) <= 12 else 7,
        frameon=False,
    )
    return _png(figure)


def _balance_positions(months: int) -> list[float]:
    """Where balances go on a month axis: the start half a month before the first month's
    tick, then what is left after each month half a month after its tick."""
    return [-0.5, *(number - 0.5 for number in range(1, months + 1))]


def _balances_by_debt(plan: PayoffPlan) -> dict[int, list[Decimal]]:
    """Each debt's balance at the start, then after every month (zero once it is paid off)."""
    balances = {}
    for line in plan.months[0].debts:
        balances[line.debt_id] = [line.balance_after + line.payment - line.interest]
    for month in plan.months:
        after = {line.debt_id: line.balance_after for line in month.debts}
        for debt_id, history in balances.items():
            history.append(after.get(debt_id, ZERO))
    return balances


def _debt_colours(count: int) -> list[str]:
    """Distinct colours: tab10 up to ten debts, else tab20's dark hues then its light ones."""
    if count <= 10:
        palette = [colormaps["tab10"](index) for index in range(10)]
    else:
        tab20 = [colormaps["tab20"](index) for index in range(20)]
        palette = tab20[0::2] + tab20[1::2]
    return [palette[index % len(palette)] for index in range(count)]


def _legend_name(name: str, month: date, language: str) -> str:
    if len(name) > LEGEND_NAME_LENGTH:
        name = name[: LEGEND_NAME_LENGTH - 1].rstrip() + "…"
    return f"{name} · {_month_label(month, language)}"


def _month_label(month: date, language: str) -> str:
    return format_skeleton("yMMM", month, locale=locale_for(language))


def _month_axis(axes: Axes, months: Sequence[date], language: str) -> None:
    """At most MAX_MONTH_TICKS month labels, a whole number of months apart."""
    step = next(
        (step for step in MONTH_STEPS if len(months) <= step * MAX_MONTH_TICKS), MONTH_STEPS[-1]
    )
    positions = list(range(0, len(months), step))
    axes.xaxis.set_major_locator(FixedLocator(positions))
    axes.xaxis.set_major_formatter(
        FixedFormatter([_month_label(months[index], language) for index in positions])
    )
    axes.tick_params(axis="x", labelsize=8)


def _money_axis(axes: Axes, highest: Decimal, currency: str, language: str) -> None:
    ticks = money_ticks(highest)
    axes.yaxis.set_major_locator(FixedLocator(_floats(ticks)))
    axes.yaxis.set_major_formatter(
        FixedFormatter([format_money(tick, currency, language) for tick in ticks])
    )
    axes.set_ylim(0, float(ticks[-1]))
    axes.tick_params(axis="y", labelsize=8)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)


def money_ticks(highest: Decimal, most: int = 5) -> list[Decimal]:
    """Round ticks from zero to at least `highest`: steps of 1, 2, 2.5 or 5 times a power of ten.

    At most `most` steps, never finer than a cent: money_ticks(Decimal("9800")) is
    0, 2000, 4000, 6000, 8000, 10000.
    """
    highest = max(highest, Decimal("0.01"))
    rough = highest / most
    power = Decimal(1).scaleb(rough.adjusted())
    step = next(
        power * factor for factor in (1, 2, Decimal("2.5"), 5, 10) if power * factor >= rough
    )
    step = max(step, Decimal("0.01"))
    count = -(-highest // step)  # ceiling
    return [step * index for index in range(int(count) + 1)]


def _floats(amounts: Iterable[Decimal]) -> list[float]:
    """Plot positions only: a chart is a picture, not money, so float is fine here."""
    return [float(amount) for amount in amounts]


def _figure() -> Figure:
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
