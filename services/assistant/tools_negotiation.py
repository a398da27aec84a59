"""The assistant's tools for negotiating an operator's debt: settlement offers,
counteroffers and part payments, through `services.negotiation` exactly as the buttons do.

The services enforce every limit whatever the model asks; the floor never appears in a
result. The model concedes at most one step per debt in one turn (`TurnAllowance`): a
better offer or a counteroffer that moves the discount, and after it no more of either
for that debt until the person writes again. Each offer is shown to the user with the
negotiation's Accept button, and only their press of it accepts: there is no tool that
accepts an offer.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field

from services import negotiation
from services.assistant.actions import ShowOffer
from services.assistant.tooling import Tool, ToolArguments, ToolEnv, ToolOutcome, not_this_turn
from services.assistant.tools_debts import amount_argument, money, months_argument, percent
from services.negotiation import NegotiationResult, OfferView, Outcome, PartialPlanView

OUTCOMES = {
    Outcome.FIRST_OFFER: "The first settlement offer for this debt.",
    Outcome.BETTER_OFFER: "A better offer than the one before.",
    Outcome.SAME_OFFER: "The offer already open, repeated: no better offer right now.",
    Outcome.RENEWED_OFFER: "The last offer expired or was replaced; the same discount again.",
    Outcome.COUNTEROFFER_ACCEPTED: (
        "The operator can take the user's amount: an offer at that amount is now open. It is "
        "not agreed until the user presses Accept."
    ),
    Outcome.CURRENT_OFFER_IS_LOWER: (
        "The user's amount is not below the open offer, so the open (lower) offer stands."
    ),
    Outcome.COUNTEROFFER_CONCEDED: (
        "The user's amount is too low, but the offer was improved one step toward it."
    ),
    Outcome.COUNTEROFFER_REFUSED: (
        "The user's amount cannot be accepted; the current offer stands. Do not suggest a "
        "lower amount might work."
    ),
    Outcome.PARTIAL_OFFER: "An offer to pay part now and the discounted rest in installments.",
}
CONCESSIONS = frozenset(
    {Outcome.BETTER_OFFER, Outcome.COUNTEROFFER_CONCEDED, Outcome.COUNTEROFFER_ACCEPTED}
)
"""Outcomes that moved the discount one step (a new round)."""
NEXT_STEP = (
    "The user now sees this offer with an Accept button. Only their own press of that button "
    "accepts it; nothing is agreed yet, so never say it is."
)


def result_output(result: NegotiationResult) -> dict[str, Any]:
    output: dict[str, Any] = {
        "outcome": str(result.outcome),
        "meaning": OUTCOMES[result.outcome],
        "offer": offer_output(result.offer),
        "agreed": False,
        "next_step": NEXT_STEP,
    }
    if result.counteroffer is not None:
        output["user_amount"] = money(result.counteroffer)
    partial = result.offer.partial
    if result.requested_months is not None and partial is not None:
        output["requested_months"] = result.requested_months
        if partial.months != result.requested_months:
            output["months_note"] = (
                f"{result.requested_months} months is not allowed for the rest; the closest "
                f"allowed is {partial.months}."
            )
    return output


def offer_output(offer: OfferView) -> dict[str, Any]:
    output: dict[str, Any] = {
        "debt_id": offer.debt_id,
        "creditor": offer.creditor,
        "kind": "part_payment" if offer.partial else "settlement",
        "status": offer.status,
        "currency": offer.currency,
        "balance": money(offer.balance),
        "amount": money(offer.amount),
        "savings": money(offer.savings),
        "is_final": offer.is_final,
        "expires_at": offer.expires_at.isoformat(),
        "pay_within_days_of_accepting": offer.pay_within_days,
    }
    if offer.partial is None:
        output["discount_pct"] = percent(offer.discount_pct)
    else:
        output["part_payment"] = _partial(offer.partial)
    return output


def _partial(partial: PartialPlanView) -> dict[str, Any]:
    return {
        "upfront": money(partial.upfront),
        "rest_before_discount": money(partial.rest),
        "rest_discount_pct": percent(partial.rest_discount_pct),
        "discounted_rest": money(partial.discounted_rest),
        "months": partial.months,
        "installment_amount": money(partial.installment_amount),
        "last_installment_amount": money(partial.last_installment_amount),
        "total_interest": money(partial.total_interest),
        "total": money(partial.total),
    }


def _shown(result: NegotiationResult) -> ToolOutcome:
    return ToolOutcome(result_output(result), action=ShowOffer(result))


def _limits(env: ToolEnv) -> dict[str, Any]:
    """What every negotiation service takes besides the debt: the user and the limits."""
    return {
        "user_id": env.user_id,
        "rules": env.rules,
        "default_policy": env.default_policy,
        "now": env.now,
    }


class OfferArguments(ToolArguments):
    debt_id: int = Field(description="The operator's debt's id, as list_debts gives it.")
    better: bool = Field(
        description=(
            "false: the offer open now, or the first one. true: only when the user asks for a "
            "better offer than the one they have seen."
        )
    )


def _conceded_this_turn(env: ToolEnv, debt_id: int) -> bool:
    return debt_id in env.turn.conceded_debt_ids


async def _ask_settlement_offer(env: ToolEnv, arguments: OfferArguments) -> ToolOutcome:
    if not arguments.better:
        return _shown(
            await negotiation.request_settlement_offer(
                env.uow, debt_id=arguments.debt_id, **_limits(env)
            )
        )
    if _conceded_this_turn(env, arguments.debt_id):
        return not_this_turn("a better offer for this debt")
    result = await negotiation.request_better_offer(
        env.uow, debt_id=arguments.debt_id, **_limits(env)
    )
    if result.outcome is not Outcome.FIRST_OFFER:  # a round was spent, even if nothing moved
        env.turn.conceded_debt_ids.add(arguments.debt_id)
    return _shown(result)


class CounterofferArguments(ToolArguments):
    debt_id: int = Field(description="The operator's debt's id, as list_debts gives it.")
    amount: Decimal = Field(
        description=(
            "The one payment the user proposes to settle the whole debt for, with at most "
            '2 decimals, e.g. "800.00".'
        )
    )


async def _make_counteroffer(env: ToolEnv, arguments: CounterofferArguments) -> ToolOutcome:
    amount = amount_argument(arguments.amount, field="amount")
    if _conceded_this_turn(env, arguments.debt_id):
        return not_this_turn("a counteroffer on this debt")
    result = await negotiation.make_counteroffer(
        env.uow, debt_id=arguments.debt_id, amount=amount, **_limits(env)
    )
    if result.outcome in CONCESSIONS:
        env.turn.conceded_debt_ids.add(arguments.debt_id)
    return _shown(result)


class PartialArguments(ToolArguments):
    debt_id: int = Field(description="The operator's debt's id, as list_debts gives it.")
    upfront_amount: Decimal = Field(
        description=(
            'What the user pays now, less than the balance, with at most 2 decimals, e.g. "750.00".'
        )
    )
    months: int | None = Field(
        default=None,
        description=(
            "Monthly installments for the rest; null for the longest allowed (the smallest "
            "installments)."
        ),
    )


async def _propose_partial_payment(env: ToolEnv, arguments: PartialArguments) -> ToolOutcome:
    upfront = amount_argument(arguments.upfront_amount, field="upfront_amount")
    result = await negotiation.propose_partial_payment(
        env.uow,
        debt_id=arguments.debt_id,
        upfront=upfront,
        months=months_argument(arguments.months),
        **_limits(env),
    )
    return _shown(result)


ASK_SETTLEMENT_OFFER = Tool(
    name="ask_settlement_offer",
    description=(
        "Get the offer to settle an operator's debt with one discounted payment (better=false), "
        "or a better one when the user asks for it (better=true). The user is shown the offer "
        "with an Accept button; only their press accepts it."
    ),
    arguments=OfferArguments,
    run=_ask_settlement_offer,
)

MAKE_COUNTEROFFER = Tool(
    name="make_counteroffer",
    description=(
        "When the user proposes their own amount to settle an operator's debt with one "
        "payment. The operator's rules decide; the result says what happened and the offer "
        "now open, which the user sees with an Accept button. Only their press accepts it."
    ),
    arguments=CounterofferArguments,
    run=_make_counteroffer,
)

PROPOSE_PARTIAL_PAYMENT = Tool(
    name="propose_partial_payment",
    description=(
        "When the user can pay part of an operator's debt now and the rest in monthly "
        "installments: a larger upfront payment can earn a discount on the rest. The user is "
        "shown the offer with an Accept button; only their press accepts it."
    ),
    arguments=PartialArguments,
    run=_propose_partial_payment,
)
