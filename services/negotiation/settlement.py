"""Settling a debt with one payment: the first offer, better offers and counteroffers.

The negotiation's round and discount only ever grow; each new settlement offer is at
most the one before it, and never below the floor. A counteroffer is judged by
`negotiation_rules.judge_counteroffer`; a refusal is a result, not an error.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from db.models import OfferKind
from db.unit_of_work import UnitOfWork
from services.debts.policy import DebtPolicy
from services.negotiation.errors import InvalidCounteroffer
from services.negotiation.results import NegotiationResult, Outcome
from services.negotiation.rules import (
    CounterofferDecision,
    NegotiationRules,
    SettlementRound,
    discount_of,
    judge_counteroffer,
    next_round,
)
from services.negotiation.state import Context, issue_offer, open_context
from services.negotiation.views import offer_view
from services.shared.money import ZERO, MoneyInput, to_cents

COUNTEROFFER = "counteroffer"
NEGOTIATION = "negotiation"


async def request_settlement_offer(
    uow: UnitOfWork,
    *,
    user_id: int,
    debt_id: int,
    rules: NegotiationRules,
    default_policy: DebtPolicy,
    now: datetime,
) -> NegotiationResult:
    """The settlement offer on the table: the open one, else the first offer, else the
    discount already reached made again (no concession)."""
    context = await open_context(
        uow, user_id=user_id, debt_id=debt_id, rules=rules, default_policy=default_policy, now=now
    )
    if context.open_settlement is not None:
        return _result(context, Outcome.SAME_OFFER)
    return await _offer_standing_price(context)


async def request_better_offer(
    uow: UnitOfWork,
    *,
    user_id: int,
    debt_id: int,
    rules: NegotiationRules,
    default_policy: DebtPolicy,
    now: datetime,
) -> NegotiationResult:
    """One step more discount (a new round), up to the maximum; once the final offer
    was made, it is only repeated."""
    context = await open_context(
        uow, user_id=user_id, debt_id=debt_id, rules=rules, default_policy=default_policy, now=now
    )
    current = context.current_round
    if current is None:
        return await _offer_standing_price(context)
    better = next_round(rules, current, context.policy.max_discount_pct)
    context.record_round(better)
    price = context.price(better.discount_pct)
    standing = context.open_settlement
    if standing is not None and standing.amount <= price:
        return _result(context, Outcome.SAME_OFFER)
    improves = better.discount_pct > current.discount_pct or standing is not None
    await issue_offer(
        context,
        kind=OfferKind.SETTLEMENT,
        amount=price,
        discount_pct=better.discount_pct,
        reason="better_offer_requested",
    )
    return _result(context, Outcome.BETTER_OFFER if improves else Outcome.RENEWED_OFFER)


async def make_counteroffer(
    uow: UnitOfWork,
    *,
    user_id: int,
    debt_id: int,
    amount: MoneyInput,
    rules: NegotiationRules,
    default_policy: DebtPolicy,
    now: datetime,
) -> NegotiationResult:
    """The user proposes to settle for `amount`.

    * At or above the open offer: the open offer stands (the user never agrees to pay
      more than what is already offered) — CURRENT_OFFER_IS_LOWER.
    * Reachable with one more step: an offer at the user's amount, for them to confirm
      — COUNTEROFFER_ACCEPTED.
    * Above the floor but further: one step is conceded — COUNTEROFFER_CONCEDED.
    * Below the floor, or nothing more to concede: the open offer is repeated —
      COUNTEROFFER_REFUSED.
    """
    counteroffer = _counteroffer_amount(amount)
    context = await open_context(
        uow, user_id=user_id, debt_id=debt_id, rules=rules, default_policy=default_policy, now=now
    )
    reached = context.round_or_first()
    standing = context.open_settlement
    standing_price = standing.amount if standing else context.price(reached.discount_pct)
    step = next_round(rules, reached, context.policy.max_discount_pct)
    decision = judge_counteroffer(
        counteroffer=counteroffer,
        standing_price=standing_price,
        next_price=min(context.price(step.discount_pct), standing_price),
        floor=context.floor,
    )
    context.audit(
        "counteroffer.made",
        NEGOTIATION,
        context.negotiation.id,
        amount=counteroffer,
        balance=context.debt.balance,
        standing_amount=standing_price,
        decision=decision,
    )
    if decision is CounterofferDecision.ACCEPTED:
        if counteroffer < context.price(reached.discount_pct):
            context.record_round(step)  # it took one more step to reach it
        elif context.current_round is None:
            context.record_round(reached)
        await issue_offer(
            context,
            kind=OfferKind.COUNTEROFFER_ACCEPTED,
            amount=counteroffer,
            discount_pct=discount_of(context.debt.balance, context.debt.balance - counteroffer),
            reason="counteroffer_accepted",
        )
        return _result(context, Outcome.COUNTEROFFER_ACCEPTED, counteroffer)
    if decision is CounterofferDecision.CONCEDED:
        context.record_round(step)
        await issue_offer(
            context,
            kind=OfferKind.SETTLEMENT,
            amount=context.price(step.discount_pct),
            discount_pct=step.discount_pct,
            reason="counteroffer_conceded",
        )
        return _result(context, Outcome.COUNTEROFFER_CONCEDED, counteroffer)
    if standing is None:
        await _offer_standing_price(context)
    if decision is CounterofferDecision.REFUSED:
        context.audit(
            "counteroffer.refused", NEGOTIATION, context.negotiation.id, amount=counteroffer
        )
        return _result(context, Outcome.COUNTEROFFER_REFUSED, counteroffer)
    return _result(context, Outcome.CURRENT_OFFER_IS_LOWER, counteroffer)


async def _offer_standing_price(context: Context) -> NegotiationResult:
    """Offer the discount reached (the first round's when none was): FIRST_OFFER or
    RENEWED_OFFER."""
    current = context.current_round
    reached: SettlementRound = current or context.round_or_first()
    if current is None:
        context.record_round(reached)
    await issue_offer(
        context,
        kind=OfferKind.SETTLEMENT,
        amount=context.price(reached.discount_pct),
        discount_pct=reached.discount_pct,
        reason="first_offer" if current is None else "offer_renewed",
    )
    return _result(context, Outcome.FIRST_OFFER if current is None else Outcome.RENEWED_OFFER)


def _counteroffer_amount(amount: MoneyInput) -> Decimal:
    try:
        counteroffer = to_cents(amount)
    except (TypeError, ValueError):
        raise InvalidCounteroffer() from None
    if counteroffer <= ZERO:
        raise InvalidCounteroffer()
    return counteroffer


def _result(
    context: Context, outcome: Outcome, counteroffer: Decimal | None = None
) -> NegotiationResult:
    offer = context.open_offer
    assert offer is not None
    view = offer_view(
        offer=offer, debt=context.debt, rules=context.rules, negotiation=context.negotiation
    )
    return NegotiationResult(outcome=outcome, offer=view, counteroffer=counteroffer)
