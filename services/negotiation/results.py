"""What the negotiation services return: plain frozen values a handler turns into words.

No result carries the operator's floor: it stays inside the services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class Outcome(StrEnum):
    FIRST_OFFER = "first_offer"
    """The first settlement offer of this debt."""
    BETTER_OFFER = "better_offer"
    """One step more discount than before."""
    SAME_OFFER = "same_offer"
    """The open offer, repeated (it may be the final one: see `OfferView.is_final`)."""
    RENEWED_OFFER = "renewed_offer"
    """The last one expired or was replaced: the same discount again, with a new expiry."""
    COUNTEROFFER_ACCEPTED = "counteroffer_accepted"
    """An offer at the user's own amount, waiting for their confirmation."""
    CURRENT_OFFER_IS_LOWER = "current_offer_is_lower"
    """The user offered at least the open offer; that (lower) offer stands."""
    COUNTEROFFER_CONCEDED = "counteroffer_conceded"
    """Not as low as asked, but a better offer than before."""
    COUNTEROFFER_REFUSED = "counteroffer_refused"
    """Too low to accept: the open offer is repeated."""
    PARTIAL_OFFER = "partial_offer"
    """An offer to pay part now and the (discounted) rest in installments."""


@dataclass(frozen=True, kw_only=True)
class PartialPlanView:
    """The numbers of a partial payment: `upfront` now, the rest in `months` installments."""

    upfront: Decimal
    rest: Decimal
    """The balance less the upfront payment, before the discount."""
    rest_discount_pct: Decimal
    discounted_rest: Decimal
    months: int
    installment_amount: Decimal
    last_installment_amount: Decimal
    total_interest: Decimal
    """Interest on the discounted rest at the debt's annual rate (zero without one)."""
    total: Decimal
    """Everything the user pays: upfront + discounted rest + interest."""


@dataclass(frozen=True, kw_only=True)
class OfferView:
    id: int
    debt_id: int
    kind: str
    """``OfferKind``: settlement, counteroffer_accepted or partial."""
    status: str
    """``OfferStatus``: open, accepted, expired, superseded or rejected."""
    creditor: str
    currency: str
    balance: Decimal
    """The debt's balance the offer is about."""
    amount: Decimal
    """Settlement: the one payment. Partial: upfront + discounted rest (before interest)."""
    discount_pct: Decimal
    """Settlement: off the balance. Partial: off the rest."""
    savings: Decimal
    """balance - amount."""
    is_final: bool
    """No better settlement offer will come (round limit or maximum discount reached)."""
    expires_at: datetime
    pay_within_days: int
    """After confirming, days to make the settlement payment (or the partial's upfront)."""
    partial: PartialPlanView | None = None


@dataclass(frozen=True, kw_only=True)
class NegotiationResult:
    outcome: Outcome
    offer: OfferView
    """The offer now on the table (the one a confirm button binds to, by `offer.id`)."""
    counteroffer: Decimal | None = None
    """The amount the user proposed, for counteroffer outcomes."""
    requested_months: int | None = None
    """For partial offers: the months asked for (`offer.partial.months` may be fewer)."""


@dataclass(frozen=True, kw_only=True)
class TierOption:
    upfront_pct: Decimal
    least_upfront: Decimal
    rest_discount_pct: Decimal


@dataclass(frozen=True, kw_only=True)
class NegotiationOptions:
    """What a user can do with one operator debt right now."""

    debt_id: int
    creditor: str
    currency: str
    balance: Decimal
    annual_rate: Decimal
    max_months: int
    min_installment: Decimal
    paused: bool
    """True while a hardship request waits for the operator: no offers meanwhile."""
    open_offer: OfferView | None
    tiers: tuple[TierOption, ...]
    """Upfront payments that earn a discount on the rest (only those below the balance)."""
    partial_choices: tuple[PartialPlanView, ...] = ()
    """With an upfront amount: the partial plan over a few numbers of months, longest last."""


@dataclass(frozen=True, kw_only=True)
class AgreedInstallment:
    number: int
    due_date: date
    amount: Decimal


@dataclass(frozen=True, kw_only=True)
class AgreementSummary:
    offer_id: int
    plan_id: int
    debt_id: int
    kind: str
    """``PlanKind``: settlement or partial."""
    creditor: str
    currency: str
    balance: Decimal
    """What was owed before the agreement."""
    amount: Decimal
    """What is agreed, before interest on a partial's rest."""
    savings: Decimal
    total: Decimal
    """Everything to pay, with interest."""
    installments: tuple[AgreedInstallment, ...]
    """Settlement: one. Partial: the upfront payment first, then the rest's schedule."""
    already_accepted: bool
    """True when the offer had been accepted before: nothing new was agreed."""
    replaced_plan_ids: tuple[int, ...] = ()


@dataclass(frozen=True, kw_only=True)
class HardshipResult:
    debt_id: int
    creditor: str
    already_paused: bool
    withdrawn_offer_id: int | None
    """The open offer withdrawn by the pause, if there was one."""
