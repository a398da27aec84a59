"""The arithmetic of a negotiation: pure functions of plain values, no database.

* A price is the balance less a discount, rounded UP to the cent: the debtor is never
  quoted less than the discount promises the operator.
* The floor is the price at the debt's maximum discount. Nothing agreed is below it.
* Settlement rounds: the first offer has the starting discount; each further round adds
  a step, up to the maximum. The offer of the last round (the round limit), or one at
  the maximum discount, is final: after it the same discount is only repeated.
* A counteroffer is judged against the standing price (the open offer), the floor and
  the price one step further: see `judge_counteroffer`.
* A partial payment: paying a share of the balance upfront earns a discount on the rest
  (the highest tier reached), never taking the total below the floor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_FLOOR, Decimal
from enum import StrEnum

from services.shared.money import ZERO, MoneyInput, cents_up, to_cents

HUNDRED = Decimal(100)
PERCENT_PLACES = Decimal("0.0001")
"""Percentages are stored with four decimals (``db.types.Percent``)."""
SETTLEMENT_PAYMENT_DAYS = 7
"""Days after accepting a settlement (or a partial payment's upfront) to pay it."""


@dataclass(frozen=True, kw_only=True)
class PartialTier:
    """Paying at least `upfront_pct` of the balance now takes `rest_discount_pct` off the rest."""

    upfront_pct: Decimal
    rest_discount_pct: Decimal


DEFAULT_TIERS = (
    PartialTier(upfront_pct=Decimal(50), rest_discount_pct=Decimal("7.5")),
    PartialTier(upfront_pct=Decimal(75), rest_discount_pct=Decimal(15)),
)


@dataclass(frozen=True, kw_only=True)
class NegotiationRules:
    """The operator's negotiation settings (the bot builds them from its Settings)."""

    start_discount_pct: Decimal = Decimal(5)
    step_pct: Decimal = Decimal(5)
    round_limit: int = 10
    partial_tiers: tuple[PartialTier, ...] = field(default=DEFAULT_TIERS)
    offer_ttl_hours: int = 72
    settlement_payment_days: int = SETTLEMENT_PAYMENT_DAYS

    def __post_init__(self) -> None:
        if not ZERO <= self.start_discount_pct <= HUNDRED:
            raise ValueError(f"start_discount_pct out of range: {self.start_discount_pct}")
        if not ZERO < self.step_pct <= HUNDRED:
            raise ValueError(f"step_pct must be positive: {self.step_pct}")
        if self.round_limit < 1 or self.offer_ttl_hours < 1 or self.settlement_payment_days < 1:
            raise ValueError("round_limit, offer_ttl_hours, settlement_payment_days must be >= 1")
        for tier in self.partial_tiers:
            if not ZERO < tier.upfront_pct < HUNDRED:
                raise ValueError(f"a tier's upfront_pct must be in (0, 100): {tier.upfront_pct}")
            if not ZERO <= tier.rest_discount_pct < HUNDRED:
                raise ValueError(f"a tier's discount must be in [0, 100): {tier}")
        tiers = tuple(sorted(self.partial_tiers, key=lambda tier: tier.upfront_pct))
        object.__setattr__(self, "partial_tiers", tiers)

    @property
    def offer_ttl(self) -> timedelta:
        return timedelta(hours=self.offer_ttl_hours)


def price_at(balance: MoneyInput, discount_pct: Decimal) -> Decimal:
    """The balance less `discount_pct` percent, rounded up to the cent."""
    return cents_up(to_cents(balance) * (HUNDRED - discount_pct) / HUNDRED)


def settlement_floor(balance: MoneyInput, max_discount_pct: Decimal) -> Decimal:
    """The least the operator accepts: the balance less its maximum discount."""
    return price_at(balance, max_discount_pct)


def discount_of(whole: Decimal, part_off: Decimal) -> Decimal:
    """`part_off` as a percentage of `whole`, rounded down to four decimals."""
    if whole <= ZERO:
        return ZERO
    return max(ZERO, (part_off * HUNDRED / whole).quantize(PERCENT_PLACES, rounding=ROUND_FLOOR))


@dataclass(frozen=True, kw_only=True)
class SettlementRound:
    """A round of the settlement negotiation: its number, discount and whether it is final."""

    number: int
    discount_pct: Decimal
    final: bool


def first_round(rules: NegotiationRules, max_discount_pct: Decimal) -> SettlementRound:
    discount = min(rules.start_discount_pct, max_discount_pct)
    return _round(rules, 1, discount, max_discount_pct)


def next_round(
    rules: NegotiationRules, current: SettlementRound, max_discount_pct: Decimal
) -> SettlementRound:
    """The round after `current`: one step more, up to the maximum; a final round repeats."""
    if current.final:
        return current
    discount = min(current.discount_pct + rules.step_pct, max_discount_pct)
    # Concessions never go backwards, even if the maximum was lowered meanwhile.
    discount = max(discount, current.discount_pct)
    return _round(rules, current.number + 1, discount, max_discount_pct)


def _round(
    rules: NegotiationRules, number: int, discount: Decimal, max_discount_pct: Decimal
) -> SettlementRound:
    final = number >= rules.round_limit or discount >= max_discount_pct
    return SettlementRound(number=number, discount_pct=discount, final=final)


class CounterofferDecision(StrEnum):
    CURRENT_OFFER_IS_LOWER = "current_offer_is_lower"
    """The counteroffer is at or above the standing offer: the standing offer holds."""
    ACCEPTED = "accepted"
    """One more step reaches it: an offer at the user's own amount (pending confirmation)."""
    CONCEDED = "conceded"
    """Above the floor but beyond one step: the next step is offered instead."""
    REFUSED = "refused"
    """Below the floor (or nothing more can be conceded): the standing offer is repeated."""


def judge_counteroffer(
    *, counteroffer: Decimal, standing_price: Decimal, next_price: Decimal, floor: Decimal
) -> CounterofferDecision:
    """What to do with a counteroffer, given the standing offer's price, the price one step
    further (equal to the standing price when nothing more can be conceded) and the floor.

    The user never agrees to pay more than an offer already on the table: a counteroffer
    at or above it keeps the standing offer. A counteroffer that one more step reaches is
    accepted at the user's own amount (the operator gets at least the next step's price).
    """
    if counteroffer >= standing_price:
        return CounterofferDecision.CURRENT_OFFER_IS_LOWER
    if counteroffer < floor:
        return CounterofferDecision.REFUSED
    if counteroffer >= next_price:
        return CounterofferDecision.ACCEPTED
    if next_price < standing_price:
        return CounterofferDecision.CONCEDED
    return CounterofferDecision.REFUSED


@dataclass(frozen=True, kw_only=True)
class PartialTerms:
    """Paying `upfront` now and `discounted_rest` (the rest less `rest_discount_pct`) later."""

    balance: Decimal
    upfront: Decimal
    rest: Decimal
    rest_discount_pct: Decimal
    discounted_rest: Decimal

    @property
    def amount(self) -> Decimal:
        """What the user pays in all, before any interest on the rest."""
        return self.upfront + self.discounted_rest

    @property
    def savings(self) -> Decimal:
        return self.rest - self.discounted_rest


def rest_discount_for(
    *, balance: Decimal, upfront: Decimal, tiers: tuple[PartialTier, ...]
) -> Decimal:
    """The discount on the rest that `upfront` earns: the highest tier it reaches, or 0."""
    earned = ZERO
    for tier in tiers:
        if upfront * HUNDRED >= balance * tier.upfront_pct:
            earned = max(earned, tier.rest_discount_pct)
    return earned


def partial_terms(
    *, balance: MoneyInput, upfront: MoneyInput, rules: NegotiationRules, max_discount_pct: Decimal
) -> PartialTerms:
    """The terms of paying `upfront` now (0 < upfront < balance, checked by the caller)."""
    balance, upfront = to_cents(balance), to_cents(upfront)
    if not ZERO < upfront < balance:
        raise ValueError(f"upfront {upfront} must be more than 0 and less than {balance}")
    rest = balance - upfront
    discount = rest_discount_for(balance=balance, upfront=upfront, tiers=rules.partial_tiers)
    discounted_rest = price_at(rest, discount)
    least_rest = settlement_floor(balance, max_discount_pct) - upfront
    if discounted_rest < least_rest:
        discounted_rest = least_rest
        discount = discount_of(rest, rest - discounted_rest)
    return PartialTerms(
        balance=balance,
        upfront=upfront,
        rest=rest,
        rest_discount_pct=discount,
        discounted_rest=discounted_rest,
    )


def least_upfront_for(balance: MoneyInput, tier: PartialTier) -> Decimal:
    """The smallest upfront payment that reaches `tier`."""
    return cents_up(to_cents(balance) * tier.upfront_pct / HUNDRED)
