"""Paying off several debts from one monthly budget: avalanche, snowball or one's own order.

Each month, interest accrues on every open balance (rounded to cents); every open debt
gets its minimum payment (or what is left of it); the rest of the budget goes to the
debts in priority order, so money freed by a paid-off debt rolls on to the next one.
The priority order is fixed at the start:

* avalanche: highest rate first, ties by the smaller balance;
* snowball: smallest balance first, ties by the higher rate;
* custom: the order of debt ids the person chose.

No plan runs longer than MAX_MONTHS; a budget that does not get there raises an error
instead of looping.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

from services.plans.schedule_rows import PRECISION, monthly_rate
from services.plans.schedules import MAX_MONTHS, add_months, annual_rate_of
from services.shared.errors import DomainError
from services.shared.money import CENT, ZERO, MoneyInput, to_cents


class PayoffStrategy(StrEnum):
    AVALANCHE = "avalanche"
    SNOWBALL = "snowball"
    CUSTOM = "custom"


class BudgetBelowMinimums(DomainError):
    """values: budget, minimums (what the first month's minimum payments add up to), shortfall."""

    code = "budget_below_minimums"


class BudgetBelowInterest(DomainError):
    """The budget does not even cover the first month's interest. values: budget, interest."""

    code = "budget_below_interest"


class PayoffTooLong(DomainError):
    """The budget would not clear the debts within MAX_MONTHS.

    values: budget, max_months, balance_left (what would still be owed then).
    """

    code = "payoff_too_long"


@dataclass(frozen=True, slots=True)
class PayoffDebt:
    id: int
    name: str
    balance: Decimal
    annual_rate_pct: Decimal
    minimum_payment: Decimal = ZERO

    def __post_init__(self) -> None:
        object.__setattr__(self, "balance", to_cents(self.balance))
        object.__setattr__(self, "minimum_payment", to_cents(self.minimum_payment))
        object.__setattr__(self, "annual_rate_pct", annual_rate_of(self.annual_rate_pct))
        if self.balance <= 0:
            raise ValueError(f"debt {self.id}: the balance must be positive")
        if self.minimum_payment < 0:
            raise ValueError(f"debt {self.id}: the minimum payment cannot be negative")


@dataclass(frozen=True, slots=True)
class DebtMonth:
    """One debt in one month: the interest it accrued, what it got, what is left."""

    debt_id: int
    interest: Decimal
    payment: Decimal
    balance_after: Decimal


@dataclass(frozen=True, slots=True)
class PayoffMonth:
    number: int
    month: date
    """The first day of the month."""
    debts: tuple[DebtMonth, ...]
    """The debts open at the start of the month, in priority order."""
    interest: Decimal
    paid: Decimal
    balance_after: Decimal


@dataclass(frozen=True, slots=True)
class DebtPayoff:
    """When one debt is cleared, and what it cost."""

    debt_id: int
    name: str
    months: int
    month: date
    interest: Decimal
    paid: Decimal


@dataclass(frozen=True, slots=True)
class PayoffPlan:
    strategy: PayoffStrategy
    budget: Decimal
    order: tuple[int, ...]
    """Debt ids in priority order."""
    months: tuple[PayoffMonth, ...]
    payoffs: tuple[DebtPayoff, ...]
    """One per debt, in the order they are cleared."""
    total_interest: Decimal
    total_paid: Decimal

    @property
    def months_to_debt_free(self) -> int:
        return len(self.months)

    @property
    def debt_free_month(self) -> date:
        return self.months[-1].month


@dataclass(frozen=True, slots=True)
class StrategyComparison:
    avalanche: PayoffPlan
    snowball: PayoffPlan
    custom: PayoffPlan | None = None

    @property
    def plans(self) -> tuple[PayoffPlan, ...]:
        return tuple(plan for plan in (self.avalanche, self.snowball, self.custom) if plan)

    @property
    def cheapest(self) -> PayoffPlan:
        """The plan with the least interest; the quicker one, then the earlier listed, on ties."""
        return min(self.plans, key=lambda plan: (plan.total_interest, len(plan.months)))


def payoff_order(
    debts: Sequence[PayoffDebt],
    strategy: PayoffStrategy | str,
    order: Sequence[int] | None = None,
) -> tuple[PayoffDebt, ...]:
    """`debts` in the priority order of `strategy` (`order` lists the ids for 'custom')."""
    strategy = PayoffStrategy(strategy)
    if strategy is PayoffStrategy.AVALANCHE:
        return tuple(sorted(debts, key=lambda debt: (-debt.annual_rate_pct, debt.balance)))
    if strategy is PayoffStrategy.SNOWBALL:
        return tuple(sorted(debts, key=lambda debt: (debt.balance, -debt.annual_rate_pct)))
    by_id = {debt.id: debt for debt in debts}
    if order is None or sorted(order) != sorted(by_id):
        raise ValueError("a custom order must list every debt id exactly once")
    return tuple(by_id[debt_id] for debt_id in order)


def plan_payoff(
    debts: Sequence[PayoffDebt],
    *,
    budget: MoneyInput,
    strategy: PayoffStrategy | str,
    start: date,
    order: Sequence[int] | None = None,
) -> PayoffPlan:
    """Month by month, how `budget` a month clears `debts`, starting in `start`'s month."""
    if not debts:
        raise ValueError("a payoff plan needs at least one debt")
    if len({debt.id for debt in debts}) != len(debts):
        raise ValueError("debt ids must be unique")
    budget = to_cents(budget)
    if budget <= 0:
        raise ValueError(f"the monthly budget must be positive, not {budget}")
    ordered = payoff_order(debts, strategy, order)
    simulation = _simulate(ordered, budget, start.replace(day=1))
    payoffs = tuple(sorted(simulation.payoffs, key=lambda payoff: payoff.months))
    total_interest = sum((month.interest for month in simulation.months), ZERO)
    return PayoffPlan(
        strategy=PayoffStrategy(strategy),
        budget=budget,
        order=tuple(debt.id for debt in ordered),
        months=tuple(simulation.months),
        payoffs=payoffs,
        total_interest=total_interest,
        total_paid=sum((month.paid for month in simulation.months), ZERO),
    )


def compare_strategies(
    debts: Sequence[PayoffDebt],
    *,
    budget: MoneyInput,
    start: date,
    order: Sequence[int] | None = None,
) -> StrategyComparison:
    """Avalanche and snowball side by side, and the custom `order` when given."""
    return StrategyComparison(
        avalanche=plan_payoff(debts, budget=budget, strategy=PayoffStrategy.AVALANCHE, start=start),
        snowball=plan_payoff(debts, budget=budget, strategy=PayoffStrategy.SNOWBALL, start=start),
        custom=(
            plan_payoff(
                debts, budget=budget, strategy=PayoffStrategy.CUSTOM, start=start, order=order
            )
            if order is not None
            else None
        ),
    )


@dataclass(slots=True)
class _Simulation:
    months: list[PayoffMonth]
    payoffs: list[DebtPayoff]


class _OpenDebt:
    """A debt's running state during the simulation."""

    __slots__ = ("balance", "debt", "interest", "interest_total", "paid_total", "payment", "rate")

    def __init__(self, debt: PayoffDebt) -> None:
        self.debt = debt
        self.rate = monthly_rate(debt.annual_rate_pct)
        self.balance = debt.balance
        self.interest = self.payment = self.interest_total = self.paid_total = ZERO


def _simulate(ordered: Sequence[PayoffDebt], budget: Decimal, first_month: date) -> _Simulation:
    open_debts = [_OpenDebt(debt) for debt in ordered]
    simulation = _Simulation(months=[], payoffs=[])
    with localcontext(prec=PRECISION):
        for number in range(1, MAX_MONTHS + 1):
            minimums = month_interest = ZERO
            for state in open_debts:  # interest accrues, then every debt gets its minimum
                state.interest = (state.balance * state.rate).quantize(CENT, rounding=ROUND_HALF_UP)
                state.balance += state.interest
                state.payment = min(state.debt.minimum_payment, state.balance)
                minimums += state.payment
                month_interest += state.interest
            if number == 1:
                _check_budget(budget, minimums, month_interest)
            left = budget - minimums
            for state in open_debts:  # the rest goes to the debts in priority order
                if not left:
                    break
                extra = min(left, state.balance - state.payment)
                state.payment += extra
                left -= extra
            month = add_months(first_month, number - 1)
            lines = []
            balance_after = ZERO
            for state in open_debts:
                state.balance -= state.payment
                state.interest_total += state.interest
                state.paid_total += state.payment
                balance_after += state.balance
                lines.append(DebtMonth(state.debt.id, state.interest, state.payment, state.balance))
                if not state.balance:
                    simulation.payoffs.append(_payoff(state, number, month))
            simulation.months.append(
                PayoffMonth(
                    number, month, tuple(lines), month_interest, budget - left, balance_after
                )
            )
            open_debts = [state for state in open_debts if state.balance]
            if not open_debts:
                return simulation
    raise PayoffTooLong(
        budget=budget,
        max_months=MAX_MONTHS,
        balance_left=sum((state.balance for state in open_debts), ZERO),
    )


def _payoff(state: _OpenDebt, number: int, month: date) -> DebtPayoff:
    return DebtPayoff(
        debt_id=state.debt.id,
        name=state.debt.name,
        months=number,
        month=month,
        interest=state.interest_total,
        paid=state.paid_total,
    )


def _check_budget(budget: Decimal, minimums: Decimal, interest: Decimal) -> None:
    """Refuse a budget below the first month's minimums, or that never gets anywhere."""
    if budget < minimums:
        raise BudgetBelowMinimums(budget=budget, minimums=minimums, shortfall=minimums - budget)
    if budget <= interest:
        raise BudgetBelowInterest(budget=budget, interest=interest)
