"""Paying off all of a user's debts from one monthly budget: avalanche against snowball.

Each debt's minimum is what it must get every month: a personal debt's own minimum
payment; for an operator's debt, the installment of its active plan, or else the
smallest installment its policy allows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from db.unit_of_work import UnitOfWork
from services.debts.owed import DebtView
from services.debts.policy import DebtPolicy
from services.plans.payoff import PayoffDebt, StrategyComparison, compare_strategies
from services.plans.proposals import plannable_debts
from services.shared.errors import DomainError
from services.shared.money import ZERO, MoneyInput


class NothingToPlan(DomainError):
    """The user has no debt left to plan."""

    code = "plan_nothing_to_plan"


class MixedCurrencies(DomainError):
    """The debts are in different currencies; one budget cannot cover them. values:
    currencies (joined with ", ")."""

    code = "plan_mixed_currencies"


@dataclass(frozen=True, kw_only=True)
class PayoffSetup:
    debts: tuple[PayoffDebt, ...]
    currency: str
    minimums: Decimal
    """What the minimum payments add up to (capped at each balance)."""

    @property
    def names(self) -> dict[int, str]:
        return {debt.id: debt.name for debt in self.debts}


async def payoff_setup(uow: UnitOfWork, *, user_id: int, default_policy: DebtPolicy) -> PayoffSetup:
    """The user's debts as a payoff plan sees them."""
    debts = await plannable_debts(uow, user_id=user_id, default_policy=default_policy)
    if not debts:
        raise NothingToPlan()
    currencies = sorted({debt.currency for debt in debts})
    if len(currencies) > 1:
        raise MixedCurrencies(currencies=", ".join(currencies))
    names = debt_names(debts)
    payoff_debts = tuple(
        PayoffDebt(
            id=debt.id,
            name=names[debt.id],
            balance=debt.balance,
            annual_rate_pct=debt.annual_rate,
            minimum_payment=minimum_payment(debt),
        )
        for debt in debts
    )
    return PayoffSetup(
        debts=payoff_debts,
        currency=currencies[0],
        minimums=sum((min(debt.minimum_payment, debt.balance) for debt in payoff_debts), ZERO),
    )


def compare_payoff(setup: PayoffSetup, *, budget: MoneyInput, start: date) -> StrategyComparison:
    """Avalanche and snowball for `budget` a month, from `start`'s month.

    Raises BudgetBelowMinimums (with the shortfall), BudgetBelowInterest or PayoffTooLong.
    """
    return compare_strategies(setup.debts, budget=budget, start=start)


def minimum_payment(debt: DebtView) -> Decimal:
    if debt.is_personal:
        return debt.minimum_payment or ZERO
    if debt.next_amount is not None:
        return debt.next_amount
    return debt.policy.min_installment if debt.policy else ZERO


def debt_names(debts: list[DebtView]) -> dict[int, str]:
    """Each debt's creditor, with its concept (or a number) when a creditor repeats."""
    repeated = Counter(debt.creditor for debt in debts)
    names: dict[int, str] = {}
    for debt in debts:
        name = debt.creditor
        if repeated[name] > 1:
            name = f"{name} · {debt.concept}" if debt.concept else f"{name} #{debt.id}"
        names[debt.id] = name
    return names
