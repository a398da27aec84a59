"""The assistant's tools for payment plans: one debt's plan (calculated, or shown to the
user with the plan flow's Confirm button) and paying off all debts from one budget.

The plan is computed exactly as /plan computes it (`plans_proposals.propose_plan`, the
first installment a month from the user's today); when the asked terms break the debt's
limits, the closest plan within them is offered and the output says why. Nothing here
agrees a plan: only the user's press of Confirm does.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field

from services.assistant.actions import ShowPlanProposal
from services.assistant.tooling import Tool, ToolArguments, ToolEnv, ToolOutcome
from services.assistant.tools_debts import (
    ArgumentValueError,
    amount_argument,
    money,
    months_argument,
    percent,
)
from services.plans.payoff import PayoffPlan
from services.plans.payoff_budget import compare_payoff, payoff_setup
from services.plans.policy import INSTALLMENT_BELOW_MINIMUM, PAYMENT_TOO_SMALL, TOO_MANY_MONTHS
from services.plans.proposals import (
    PlanProposal,
    PlanTerms,
    first_due_for,
    plannable_debt,
    propose_plan,
)
from services.plans.schedules import Installment, add_months
from services.shared.clock import local_today


class MonthsOrAmountRequired(ArgumentValueError):
    code = "months_or_monthly_amount_required"


class PlanArguments(ToolArguments):
    debt_id: int = Field(description="The debt's id, as list_debts gives it.")
    months: int | None = Field(
        default=None,
        description="How many monthly installments; null when monthly_amount is given.",
    )
    monthly_amount: Decimal | None = Field(
        default=None,
        description=(
            'What to pay each month, with at most 2 decimals, e.g. "125.50"; null when '
            "months is given."
        ),
    )


def plan_terms(arguments: PlanArguments) -> PlanTerms:
    """Exactly one of months and monthly_amount, each a possible value."""
    if (arguments.months is None) == (arguments.monthly_amount is None):
        raise MonthsOrAmountRequired(
            field="months, monthly_amount",
            problem="give exactly one of them; the other must be null",
        )
    if arguments.monthly_amount is not None:
        amount = amount_argument(arguments.monthly_amount, field="monthly_amount")
        return PlanTerms(monthly_amount=amount)
    return PlanTerms(months=months_argument(arguments.months))


async def _proposal(env: ToolEnv, arguments: PlanArguments) -> PlanProposal:
    terms = plan_terms(arguments)
    debt = await plannable_debt(
        env.uow, user_id=env.user_id, debt_id=arguments.debt_id, default_policy=env.default_policy
    )
    return await propose_plan(
        env.uow,
        user_id=env.user_id,
        debt_id=debt.id,
        terms=terms,
        first_due=first_due_for(debt, local_today(env.now, env.timezone)),
        default_policy=env.default_policy,
    )


def plan_output(proposal: PlanProposal) -> dict[str, Any]:
    """The plan offered: its terms, installments (runs of equal amounts) and any adjustment."""
    schedule = proposal.schedule
    return {
        "debt_id": proposal.debt.id,
        "creditor": proposal.debt.creditor,
        "currency": proposal.debt.currency,
        "binding": proposal.binding,
        "asked": _terms(proposal.asked),
        "offered": _terms(proposal.offered),
        "adjusted": not proposal.fit.fits,
        "adjustment": None if proposal.fit.fits else _adjustment(proposal),
        "months": schedule.months,
        "installment_amount": money(schedule.installment_amount),
        "last_installment_amount": money(schedule.last_amount),
        "total": money(schedule.total),
        "total_interest": money(schedule.total_interest),
        "annual_rate_pct": percent(schedule.annual_rate),
        "first_due_date": schedule.installments[0].due_date.isoformat(),
        "last_due_date": schedule.installments[-1].due_date.isoformat(),
        "installment_groups": _runs(schedule.installments),
    }


def _terms(terms: PlanTerms) -> dict[str, Any]:
    if terms.months is not None:
        return {"months": terms.months}
    assert terms.monthly_amount is not None
    return {"monthly_amount": money(terms.monthly_amount)}


def _adjustment(proposal: PlanProposal) -> dict[str, Any]:
    values, currency = proposal.fit.values, proposal.debt.currency
    least = values.get("min_installment")
    if proposal.fit.reason == TOO_MANY_MONTHS:
        why = f"This debt allows at most {values['max_months']} monthly installments."
    elif proposal.fit.reason == INSTALLMENT_BELOW_MINIMUM:
        why = f"Every installment but the last must be at least {money(least)} {currency}."
    elif proposal.fit.reason == PAYMENT_TOO_SMALL:
        why = (
            f"{money(values['amount'])} {currency} a month would not repay the debt within the "
            f"allowed time; the least that does is {money(values['minimum'])} {currency}."
        )
    else:
        why = "The asked terms do not keep this debt's limits."
    return {
        "reason": proposal.fit.reason,
        "why": why,
        "max_months": values.get("max_months"),
        "min_installment": None if least is None else money(least),
    }


def _runs(installments: tuple[Installment, ...]) -> list[dict[str, Any]]:
    """Consecutive installments of the same amount, as one group each."""
    runs: list[dict[str, Any]] = []
    for installment in installments:
        amount, due = money(installment.amount), installment.due_date.isoformat()
        if runs and runs[-1]["amount"] == amount:
            runs[-1]["count"] += 1
            runs[-1]["last_due_date"] = due
        else:
            runs.append({"count": 1, "amount": amount, "first_due_date": due, "last_due_date": due})
    return runs


async def _calculate_plan(env: ToolEnv, arguments: PlanArguments) -> ToolOutcome:
    proposal = await _proposal(env, arguments)
    return ToolOutcome({**plan_output(proposal), "shown_to_user": False})


async def _propose_plan(env: ToolEnv, arguments: PlanArguments) -> ToolOutcome:
    proposal = await _proposal(env, arguments)
    output = {
        **plan_output(proposal),
        "shown_to_user": True,
        "agreed": False,
        "next_step": (
            "The user now sees this plan with a Confirm button. Nothing is agreed until they "
            "press it; do not say the plan is agreed."
        ),
    }
    return ToolOutcome(output, action=ShowPlanProposal(proposal))


class PayoffArguments(ToolArguments):
    monthly_budget: Decimal = Field(
        description=(
            "What the user can pay each month for all their debts together, with at most "
            '2 decimals, e.g. "300.00".'
        )
    )


async def _payoff_plan(env: ToolEnv, arguments: PayoffArguments) -> ToolOutcome:
    budget = amount_argument(arguments.monthly_budget, field="monthly_budget")
    setup = await payoff_setup(env.uow, user_id=env.user_id, default_policy=env.default_policy)
    start = add_months(local_today(env.now, env.timezone), 1)
    comparison = compare_payoff(setup, budget=budget, start=start)
    return ToolOutcome(
        {
            "currency": setup.currency,
            "monthly_budget": money(budget),
            "minimum_payments_total": money(setup.minimums),
            "strategies": [_strategy(plan, setup.names) for plan in comparison.plans],
            "cheapest": str(comparison.cheapest.strategy),
            "note": "A comparison only: nothing is set up or agreed.",
        }
    )


def _strategy(plan: PayoffPlan, names: dict[int, str]) -> dict[str, Any]:
    cleared = {payoff.debt_id: payoff for payoff in plan.payoffs}
    return {
        "strategy": str(plan.strategy),
        "months_to_debt_free": plan.months_to_debt_free,
        "debt_free_month": plan.debt_free_month.strftime("%Y-%m"),
        "total_interest": money(plan.total_interest),
        "total_paid": money(plan.total_paid),
        "order": [
            {
                "debt_id": debt_id,
                "name": names[debt_id],
                "paid_off_after_months": cleared[debt_id].months,
                "paid_off_month": cleared[debt_id].month.strftime("%Y-%m"),
            }
            for debt_id in plan.order
        ],
    }


CALCULATE_PLAN = Tool(
    name="calculate_plan",
    description=(
        "Calculate a monthly installment plan for one debt, by number of months OR by monthly "
        "amount (exactly one; the other null). Shows nothing to the user and agrees nothing: "
        "use it to answer 'how much would I pay over 12 months?'. If the terms break the "
        "debt's limits, the closest allowed plan is returned with the reason. "
        "installment_groups lists consecutive installments of the same amount together."
    ),
    arguments=PlanArguments,
    run=_calculate_plan,
)

PROPOSE_PLAN = Tool(
    name="propose_plan",
    description=(
        "Show the user a monthly installment plan for one debt with a Confirm button, when "
        "they want to set up this plan. Same arguments and result as calculate_plan. Only "
        "the user's press of Confirm agrees it."
    ),
    arguments=PlanArguments,
    run=_propose_plan,
)

PAYOFF_PLAN = Tool(
    name="payoff_plan",
    description=(
        "Compare paying off ALL the user's plannable debts from one monthly budget: avalanche "
        "(highest rate first) against snowball (smallest balance first), with months to "
        "debt-free, total interest and the order the debts are paid off. Agrees nothing."
    ),
    arguments=PayoffArguments,
    run=_payoff_plan,
)
