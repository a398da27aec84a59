"""Charts of one debt's schedule and of a payoff plan, as PNG bytes.

Pure functions: plain values in, PNG bytes out, nothing written anywhere. Matplotlib is
used through `Figure` and the Agg canvas directly, never `pyplot`, so a render keeps no
global state and is safe in a worker thread. Every chart is 800 × 500 px.

The words (titles, axis labels, legend entries) come from the caller's text catalogue
through the label dataclasses; amounts are formatted with `format_money` and months with
Babel in the reader's language.

Matplotlib takes about a second to import, so the functions that draw import it when the
first chart is drawn, not when finbot starts.

Amounts stay `Decimal` until the very call that plots them, where they become floats:
a chart is a picture, not money. The money ticks are chosen in `Decimal` and labelled
from those `Decimal`s, so no label ever shows a float's rounding.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from babel.dates import format_skeleton

from services.plans.payoff import PayoffPlan, StrategyComparison
from services.plans.schedules import Installment, Schedule, add_months
from services.shared.money import CENT, ZERO, format_money, locale_for

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

WIDTH_PX, HEIGHT_PX, DPI = 800, 500, 100
EDGE_PX, TOP_PX, BOTTOM_PX = 10, 34, 48
LEFT_EXTRA_PX = 40
"""Beside the money tick labels: the ticks, the axis label and the edge."""
TITLE_SIZE, TICK_SIZE, LEGEND_SIZE = 13, 8, 8
MAX_SEPARATE_BARS = 60

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
    from matplotlib.patches import Patch

    figure = _figure()
    balance_axes, installment_axes = figure.subplots(
        2, 1, sharex=True, gridspec_kw={"height_ratios": (3, 2), "hspace": 0.08}
    )
    installments = schedule.installments
    positions = _balance_positions(len(installments))
    balances = _floats([schedule.principal, *(i.balance_after for i in installments)])
    balance_axes.fill_between(positions, balances, color=BALANCE_COLOUR, alpha=0.2, lw=0)
    balance_axes.plot(positions, balances, color=BALANCE_COLOUR, linewidth=2)
    balance_axes.set_title(_plain(labels.title), fontsize=TITLE_SIZE)
    balance_axes.set_ylabel(_plain(labels.balance))
    _installment_bars(installment_axes, installments)
    if schedule.total_interest:
        balance_axes.legend(
            handles=[
                Patch(color=PRINCIPAL_COLOUR, label=_plain(labels.principal)),
                Patch(color=INTEREST_COLOUR, label=_plain(labels.interest)),
            ],
            loc="upper right",
            fontsize=LEGEND_SIZE,
            frameon=False,
        )
    installment_axes.set_ylabel(_plain(labels.installment))
    installment_axes.set_xlabel(_plain(labels.month))
    _month_axis(installment_axes, [i.due_date for i in installments], language)
    tick_labels = [
        *_money_axis(balance_axes, schedule.principal, currency, language),
        *_money_axis(installment_axes, max(i.amount for i in installments), currency, language, 4),
    ]
    _fit_margins(figure, tick_labels)
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
    figure = _figure()
    axes = figure.subplots()
    bands, starting_total = _debt_bands(axes, plan, debt_names, language)
    strategy_labels = {
        "avalanche": labels.avalanche,
        "snowball": labels.snowball,
        "custom": labels.custom,
    }
    lines = [
        axes.plot(
            _balance_positions(len(compared.months)),
            _floats([starting_total, *(month.balance_after for month in compared.months)]),
            STRATEGY_STYLES[compared.strategy],
            color="#222222",
            linewidth=1.6,
            label=_plain(strategy_labels[compared.strategy]),
        )[0]
        for compared in plans
    ]
    span = max(len(compared.months) for compared in (plan, *plans))
    first_month = plan.months[0].month
    _month_axis(axes, [add_months(first_month, index) for index in range(span)], language)
    axes.set_title(_plain(labels.title), fontsize=TITLE_SIZE)
    axes.set_xlabel(_plain(labels.month))
    axes.set_ylabel(_plain(labels.balance))
    handles = [*reversed(bands), *lines]  # the top band first, as they are stacked
    legend = figure.legend(
        handles=handles,
        loc="upper right",
        bbox_to_anchor=(1 - EDGE_PX / WIDTH_PX, 1 - TOP_PX / HEIGHT_PX),
        fontsize=LEGEND_SIZE if len(handles) <= 12 else LEGEND_SIZE - 1,
        frameon=False,
    )
    legend_width = legend.get_window_extent(figure.canvas.get_renderer()).width
    tick_labels = _money_axis(axes, starting_total, currency, language)
    _fit_margins(figure, tick_labels, right_px=legend_width + 2 * EDGE_PX)
    return _png(figure)


def _installment_bars(axes: Axes, installments: Sequence[Installment]) -> None:
    """Each installment as a bar: principal below, interest on top."""
    count = len(installments)
    principals = _floats(i.principal for i in installments)
    amounts = _floats(i.amount for i in installments)
    if count <= MAX_SEPARATE_BARS:
        axes.bar(range(count), principals, 0.8, color=PRINCIPAL_COLOUR, lw=0)
        interests = [amount - part for amount, part in zip(amounts, principals, strict=True)]
        axes.bar(range(count), interests, 0.8, bottom=principals, color=INTEREST_COLOUR, lw=0)
    else:  # one shape per part: hundreds of bars draw slowly and too thin to see
        edges = [index - 0.5 for index in range(count + 1)]
        axes.stairs(principals, edges, fill=True, color=PRINCIPAL_COLOUR)
        axes.stairs(amounts, edges, baseline=principals, fill=True, color=INTEREST_COLOUR)


def _debt_bands(
    axes: Axes, plan: PayoffPlan, names: Mapping[int, str], language: str
) -> tuple[list[Patch], Decimal]:
    """The debts' balances stacked, the one cleared last at the bottom so that every band
    pinches out at its own payoff, marked with a dot. Returns the legend handles (bottom
    band first) and the total balance at the start."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    balances = _balances_by_debt(plan)
    bottom_up = tuple(reversed(plan.payoffs))
    colours = _debt_colours(len(bottom_up))
    positions = _balance_positions(len(plan.months))
    edges = [[ZERO] * len(positions)]  # each band's lower edge, then the top of the stack
    for payoff in bottom_up:
        below = zip(edges[-1], balances[payoff.debt_id], strict=True)
        edges.append([low + part for low, part in below])
    heights = [_floats(edge) for edge in edges]
    outlines = [
        [*zip(positions, low, strict=True), *zip(positions[::-1], high[::-1], strict=True)]
        for low, high in itertools.pairwise(heights)
    ]
    # One artist for all the bands: much quicker to draw than one per debt.
    axes.add_collection(PolyCollection(outlines, facecolors=colours, alpha=0.85, linewidths=0))
    axes.scatter(
        [payoff.months - 0.5 for payoff in bottom_up],
        [low[payoff.months] for payoff, low in zip(bottom_up, heights[:-1], strict=True)],
        s=50,
        c=colours,
        edgecolors="white",
        linewidths=1.5,
        zorder=4,
        clip_on=False,
    )
    return [
        Patch(color=colour, alpha=0.85, label=_legend_name(names[p.debt_id], p.month, language))
        for p, colour in zip(bottom_up, colours, strict=True)
    ], edges[-1][0]


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
    from matplotlib import colormaps

    if count <= 10:
        palette = [colormaps["tab10"](index) for index in range(10)]
    else:
        tab20 = [colormaps["tab20"](index) for index in range(20)]
        palette = tab20[0::2] + tab20[1::2]
    return [palette[index % len(palette)] for index in range(count)]


def _legend_name(name: str, month: date, language: str) -> str:
    if len(name) > LEGEND_NAME_LENGTH:
        name = name[: LEGEND_NAME_LENGTH - 1].rstrip() + "…"
    return _plain(f"{name} · {_month_label(month, language)}")


def _month_label(month: date, language: str) -> str:
    return format_skeleton("yMMM", month, locale=locale_for(language))


def _month_axis(axes: Axes, months: Sequence[date], language: str) -> None:
    """At most MAX_MONTH_TICKS month labels, a whole number of months apart."""
    from matplotlib.ticker import FixedFormatter, FixedLocator

    step = next(
        (step for step in MONTH_STEPS if len(months) <= step * MAX_MONTH_TICKS), MONTH_STEPS[-1]
    )
    positions = list(range(0, len(months), step))
    axes.set_xlim(-0.6, len(months) - 0.4)
    axes.xaxis.set_major_locator(FixedLocator(positions))
    axes.xaxis.set_major_formatter(
        FixedFormatter([_plain(_month_label(months[index], language)) for index in positions])
    )
    axes.tick_params(axis="x", labelsize=TICK_SIZE)


def _money_axis(
    axes: Axes, highest: Decimal, currency: str, language: str, most: int = 6
) -> list[str]:
    """Money ticks from zero to above `highest`; returns their labels."""
    from matplotlib.ticker import FixedFormatter, FixedLocator

    ticks = money_ticks(highest, most)
    tick_labels = [format_money(tick, currency, language) for tick in ticks]
    axes.yaxis.set_major_locator(FixedLocator(_floats(ticks)))
    axes.yaxis.set_major_formatter(FixedFormatter([_plain(label) for label in tick_labels]))
    axes.set_ylim(0, float(ticks[-1]))
    axes.tick_params(axis="y", labelsize=TICK_SIZE)
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    return tick_labels


def money_ticks(highest: Decimal, most: int = 6) -> list[Decimal]:
    """Round ticks from zero to at least `highest`, at most `most` steps apart from zero.

    A step is 1, 2, 2.5 or 5 times a power of ten, never less than a cent, and the
    smallest that fits: money_ticks(Decimal("9800")) is 0, 2000, 4000, … 10000.
    """
    highest = max(highest, CENT)
    power = Decimal(1).scaleb((highest / most).adjusted())
    for step in (power * factor for factor in (1, 2, Decimal("2.5"), 5, 10)):
        step = max(step, CENT)
        if step % CENT:  # 2.5 cents is no step between amounts of money
            continue
        steps = int((highest / step).to_integral_value(rounding=ROUND_CEILING))
        if steps <= most:
            return [(step * index).quantize(CENT) for index in range(steps + 1)]
    raise AssertionError("ten times a power of ten always fits")  # pragma: no cover


def _plain(text: str) -> str:
    """`text` shown as written: a pair of "$" would otherwise start Matplotlib's math mode."""
    return text.replace("$", r"\$")


def _floats(amounts: Iterable[Decimal]) -> list[float]:
    """Plot positions only: a chart is a picture, not money, so float is fine here."""
    return [float(amount) for amount in amounts]


def _figure() -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    return figure


def _fit_margins(figure: Figure, tick_labels: Iterable[str], right_px: float = EDGE_PX) -> None:
    """Room on the left for the widest money label and the axis label, fixed elsewhere.

    Measured rather than left to a layout engine, which would draw every chart twice.
    """
    from matplotlib.font_manager import FontProperties

    renderer = figure.canvas.get_renderer()
    font = FontProperties(size=TICK_SIZE)
    widest = max(
        renderer.get_text_width_height_descent(label, font, ismath=False)[0]
        for label in tick_labels
    )
    figure.subplots_adjust(
        left=(widest + LEFT_EXTRA_PX) / WIDTH_PX,
        right=1 - right_px / WIDTH_PX,
        top=1 - TOP_PX / HEIGHT_PX,
        bottom=BOTTOM_PX / HEIGHT_PX,
    )


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()
