"""The assistant's tools for reading debts: the list, and one debt in detail.

Operator's debts show their plan limits (most months, least installment) but never the
negotiation limits (the maximum discount, hence the settlement floor): those stay inside
the negotiation services.

This module also holds what the other tool modules share: money and percentages as
plain strings, and the checks of amounts and months the JSON schema cannot express.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field

from db.models import PlanKind
from services import negotiation
from services.assistant.tooling import NoArguments, Tool, ToolArguments, ToolEnv, ToolOutcome
from services.debts.owed import OPERATOR, DebtView, get_debt, list_debts
from services.negotiation.state import NEGOTIABLE
from services.plans.agreed import OpenInstallment, open_installments
from services.plans.proposals import is_plannable
from services.shared.amounts import MAX_AMOUNT
from services.shared.errors import DomainError
from services.shared.money import CENT, ZERO, to_cents

AGREEMENT_KINDS = (PlanKind.SETTLEMENT, PlanKind.PARTIAL)
NEXT_SHOWN = 3
"""Installments of the active plan shown in a debt's details."""


class ArgumentValueError(DomainError):
    """A well-formed argument that no service would take. values: field, problem."""

    code = "invalid_argument_value"

    def __init__(self, *, field: str, problem: str, **values: object) -> None:
        super().__init__(field=field, problem=problem, **values)


class AmountNotPositive(ArgumentValueError):
    code = "amount_not_positive"


class AmountTooPrecise(ArgumentValueError):
    code = "amount_too_precise"


class AmountTooLarge(ArgumentValueError):
    code = "amount_too_large"


class MonthsNotPositive(ArgumentValueError):
    code = "months_not_positive"


def money(amount: Decimal) -> str:
    """An amount as the model reads it: "125.50"."""
    return str(to_cents(amount))


def percent(rate_pct: Decimal) -> str:
    """A percentage without trailing zeros: "7.95", "20", "0"."""
    return f"{rate_pct.normalize():f}" if rate_pct else "0"


def amount_argument(value: Decimal, *, field: str) -> Decimal:
    """`value` in cents, or an error the model can explain: not positive, too large, or
    with more than two decimals."""
    if value <= ZERO:
        raise AmountNotPositive(field=field, problem="must be more than 0")
    if value > MAX_AMOUNT:
        raise AmountTooLarge(field=field, problem=f"must be at most {MAX_AMOUNT}")
    if value != value.quantize(CENT):
        raise AmountTooPrecise(field=field, problem="must have at most 2 decimals")
    return to_cents(value)


def months_argument(value: int | None, *, field: str = "months") -> int | None:
    if value is not None and value < 1:
        raise MonthsNotPositive(field=field, problem="must be at least 1")
    return value


def can_negotiate(debt: DebtView, installments: list[OpenInstallment]) -> bool:
    """An operator's debt still owed, without an agreed settlement or part payment."""
    agreed = any(item.plan_kind in AGREEMENT_KINDS for item in installments)
    return (
        debt.kind == OPERATOR and debt.status in NEGOTIABLE and debt.balance > ZERO and not agreed
    )


def debt_output(debt: DebtView, installments: list[OpenInstallment]) -> dict[str, Any]:
    output: dict[str, Any] = {
        "id": debt.id,
        "kind": debt.kind,
        "creditor": debt.creditor,
        "concept": debt.concept,
        "reference": debt.reference,
        "balance": money(debt.balance),
        "currency": debt.currency,
        "annual_rate_pct": percent(debt.annual_rate),
        "status": debt.status,
        "can_plan": is_plannable(debt),
        "can_negotiate": can_negotiate(debt, installments),
        "next_installment": None,
    }
    if installments:
        upcoming = installments[0]
        output["next_installment"] = {
            "due_date": upcoming.due_date.isoformat(),
            "amount": money(upcoming.amount),
        }
    if debt.policy is not None:
        output["plan_limits"] = {
            "max_months": debt.policy.max_months,
            "min_installment": money(debt.policy.min_installment),
        }
    else:
        minimum = debt.minimum_payment
        output["personal_terms"] = {
            "minimum_payment": None if minimum is None else money(minimum),
            "due_day": debt.due_day,
        }
    return output


def _installment(item: OpenInstallment) -> dict[str, Any]:
    return {
        "number": item.number,
        "due_date": item.due_date.isoformat(),
        "amount": money(item.amount),
    }


async def _installments_by_debt(env: ToolEnv) -> dict[int, list[OpenInstallment]]:
    by_debt: dict[int, list[OpenInstallment]] = {}
    for item in await open_installments(
        env.uow, user_id=env.user_id, default_policy=env.default_policy
    ):
        by_debt.setdefault(item.debt_id, []).append(item)
    return by_debt


async def _list_debts(env: ToolEnv, arguments: NoArguments) -> ToolOutcome:
    found = await list_debts(env.uow, user_id=env.user_id, default_policy=env.default_policy)
    installments = await _installments_by_debt(env)
    return ToolOutcome(
        {"debts": [debt_output(debt, installments.get(debt.id, [])) for debt in found]}
    )


class DebtArguments(ToolArguments):
    debt_id: int = Field(description="The debt's id, as list_debts gives it.")


async def _debt_details(env: ToolEnv, arguments: DebtArguments) -> ToolOutcome:
    debt = await get_debt(
        env.uow, user_id=env.user_id, debt_id=arguments.debt_id, default_policy=env.default_policy
    )
    installments = (await _installments_by_debt(env)).get(debt.id, [])
    output = debt_output(debt, installments)
    if installments:
        output["active_plan"] = {
            "kind": installments[0].plan_kind,
            "open_installments": len(installments),
            "next_installments": [_installment(item) for item in installments[:NEXT_SHOWN]],
        }
    tools = ["calculate_plan", "propose_plan"] if output["can_plan"] else []
    if output["can_negotiate"]:
        output["negotiation"] = await _negotiation(env, debt)
        if not output["negotiation"]["paused"]:
            tools += ["ask_settlement_offer", "make_counteroffer", "propose_partial_payment"]
    output["tools_for_this_debt"] = [*tools, "request_handover"]
    return ToolOutcome(output)


async def _negotiation(env: ToolEnv, debt: DebtView) -> dict[str, Any]:
    """Where the negotiation stands: the open offer, a pause, the part-payment tiers."""
    options = await negotiation.plan_options(
        env.uow,
        user_id=env.user_id,
        debt_id=debt.id,
        rules=env.rules,
        default_policy=env.default_policy,
        now=env.now,
    )
    offer = options.open_offer
    open_offer = None
    if offer is not None:
        open_offer = {
            "amount": money(offer.amount),
            "kind": "part_payment" if offer.partial else "settlement",
            "is_final": offer.is_final,
            "expires_at": offer.expires_at.isoformat(),
        }
    tiers = [
        {
            "least_upfront": money(tier.least_upfront),
            "rest_discount_pct": percent(tier.rest_discount_pct),
        }
        for tier in options.tiers
    ]
    return {"paused": options.paused, "open_offer": open_offer, "part_payment_tiers": tiers}


LIST_DEBTS = Tool(
    name="list_debts",
    description=(
        "Every debt of the user: id, creditor, kind (operator: owed to the operator, can be "
        "negotiated; personal: one the user tracks), balance, status, next installment, and "
        "whether a plan or a negotiation is possible. Call it before using any debt id."
    ),
    arguments=NoArguments,
    run=_list_debts,
)

DEBT_DETAILS = Tool(
    name="debt_details",
    description=(
        "One debt in detail: its terms and limits, the active plan's next installments, the "
        "open settlement offer if any, part-payment discounts, whether the negotiation is "
        "paused for a hardship request, and which tools apply to it. Use when the user asks "
        "about a specific debt or what they can do with it."
    ),
    arguments=DebtArguments,
    run=_debt_details,
)
