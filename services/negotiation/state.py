"""The inside of a negotiation: loading it for one user and debt, and making offers.

Every operation that changes a negotiation first locks the debt's row (PostgreSQL
``SELECT ... FOR UPDATE``; SQLite serialises writers anyway), so two updates about
one debt run one after the other. Offers are checked against the floor here, whatever
the caller computed: no offer below it is ever written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from db.models import DebtStatus, Negotiation, Offer, OfferKind, OfferStatus
from db.repositories.negotiations import NegotiationRepository
from db.unit_of_work import UnitOfWork
from services.debts.owed import OPERATOR, DebtNotFound, DebtView, get_debt
from services.debts.policy import DebtPolicy
from services.negotiation.errors import (
    AgreementExists,
    DebtClosed,
    NegotiationPaused,
    NotNegotiable,
)
from services.negotiation.rules import (
    PERCENT_PLACES,
    NegotiationRules,
    SettlementRound,
    first_round,
    price_at,
    settlement_floor,
)
from services.negotiation.views import SETTLEMENT_KINDS
from services.shared import audit
from services.shared.money import ZERO

NEGOTIABLE = (DebtStatus.OPEN, DebtStatus.IN_PLAN)
OFFER = "offer"


@dataclass(kw_only=True)
class Context:
    """One user's negotiation of one debt, loaded (and the debt locked) for a change."""

    uow: UnitOfWork
    user_id: int
    debt: DebtView
    policy: DebtPolicy
    negotiation: Negotiation
    open_offer: Offer | None
    """The debt's open offer, unexpired (expired and stale ones are closed on loading)."""
    rules: NegotiationRules
    now: datetime

    @property
    def repository(self) -> NegotiationRepository:
        return self.uow.negotiations

    @property
    def floor(self) -> Decimal:
        return settlement_floor(self.debt.balance, self.policy.max_discount_pct)

    @property
    def current_round(self) -> SettlementRound | None:
        """The settlement round reached, or None before the first offer."""
        if self.negotiation.round == 0:
            return None
        return SettlementRound(
            number=self.negotiation.round,
            discount_pct=min(self.negotiation.discount_pct, self.policy.max_discount_pct),
            final=self.negotiation.final_offer_made,
        )

    def round_or_first(self) -> SettlementRound:
        return self.current_round or first_round(self.rules, self.policy.max_discount_pct)

    def price(self, discount_pct: Decimal) -> Decimal:
        """The settlement price at a discount, never below the floor."""
        return max(price_at(self.debt.balance, discount_pct), self.floor)

    @property
    def open_settlement(self) -> Offer | None:
        offer = self.open_offer
        return offer if offer is not None and offer.kind in SETTLEMENT_KINDS else None

    def record_round(self, settlement_round: SettlementRound) -> None:
        self.negotiation.round = settlement_round.number
        self.negotiation.discount_pct = settlement_round.discount_pct
        self.negotiation.final_offer_made = settlement_round.final
        self.negotiation.updated_at = self.now

    def audit(self, action: str, entity_type: str, entity_id: int | None, **details: Any) -> None:
        audit.record(
            self.uow,
            actor=audit.user_actor(self.user_id),
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            now=self.now,
            details={"debt_id": self.debt.id, **{k: _plain(v) for k, v in details.items()}},
        )


async def load_debt(
    uow: UnitOfWork, *, user_id: int, debt_id: int, default_policy: DebtPolicy, lock: bool = True
) -> tuple[DebtView, DebtPolicy]:
    """The user's operator debt (its row locked unless `lock` is False); DebtNotFound,
    NotNegotiable or DebtClosed."""
    if lock and await uow.debts.lock_debt(debt_id) is None:
        raise DebtNotFound()
    debt = await get_debt(uow, user_id=user_id, debt_id=debt_id, default_policy=default_policy)
    if debt.kind != OPERATOR or debt.policy is None:
        raise NotNegotiable()
    if debt.status not in NEGOTIABLE or debt.balance <= ZERO:
        raise DebtClosed(status=debt.status)
    return debt, debt.policy


async def negotiation_of(
    uow: UnitOfWork, *, user_id: int, debt_id: int, now: datetime
) -> Negotiation:
    """The user's negotiation of the debt, created (round 0) on first use."""
    repository = uow.negotiations
    negotiation = await repository.negotiation_for(user_id=user_id, debt_id=debt_id)
    if negotiation is None:
        negotiation = Negotiation(
            user_id=user_id,
            debt_id=debt_id,
            round=0,
            discount_pct=ZERO,
            final_offer_made=False,
            created_at=now,
            updated_at=now,
        )
        repository.add(negotiation)
        await uow.flush()
    return negotiation


async def open_context(
    uow: UnitOfWork,
    *,
    user_id: int,
    debt_id: int,
    rules: NegotiationRules,
    default_policy: DebtPolicy,
    now: datetime,
) -> Context:
    """Everything a change to the negotiation needs, with the debt locked.

    Raises NegotiationPaused during a hardship pause and AgreementExists once a
    settlement or partial payment was agreed.
    """
    debt, policy = await load_debt(
        uow, user_id=user_id, debt_id=debt_id, default_policy=default_policy
    )
    repository = uow.negotiations
    agreement = await repository.active_agreement(debt_id)
    if agreement is not None:
        raise AgreementExists(plan_id=agreement.id)
    negotiation = await negotiation_of(uow, user_id=user_id, debt_id=debt_id, now=now)
    if negotiation.paused_at is not None:
        raise NegotiationPaused()
    context = Context(
        uow=uow,
        user_id=user_id,
        debt=debt,
        policy=policy,
        negotiation=negotiation,
        open_offer=await repository.open_offer(debt_id),
        rules=rules,
        now=now,
    )
    await _close_if_stale(context)
    return context


async def _close_if_stale(context: Context) -> None:
    offer = context.open_offer
    if offer is None:
        return
    if offer.expires_at is not None and offer.expires_at <= context.now:
        await context.repository.close_offer(offer, status=OfferStatus.EXPIRED, now=context.now)
        context.audit("offer.expired", OFFER, offer.id, amount=offer.amount)
        context.open_offer = None
    elif offer.user_id != context.user_id or offer.balance != context.debt.balance:
        # Made for another user or on a balance that has changed since: not valid now.
        await withdraw_open_offer(context, reason="debt_changed")


async def withdraw_open_offer(context: Context, *, reason: str) -> int | None:
    """Supersede the open offer, if any; its id."""
    offer = context.open_offer
    if offer is None:
        return None
    await context.repository.close_offer(offer, status=OfferStatus.SUPERSEDED, now=context.now)
    context.audit("offer.superseded", OFFER, offer.id, amount=offer.amount, reason=reason)
    context.open_offer = None
    return offer.id


async def issue_offer(
    context: Context,
    *,
    kind: OfferKind,
    amount: Decimal,
    discount_pct: Decimal,
    upfront: Decimal | None = None,
    remaining: Decimal | None = None,
    months: int | None = None,
    reason: str,
) -> Offer:
    """A new open offer (superseding the open one), audited with its amounts."""
    if amount < context.floor:
        raise RuntimeError(f"an offer of {amount} would be below the operator's floor")
    await withdraw_open_offer(context, reason="new_offer")
    offer = Offer(
        debt_id=context.debt.id,
        user_id=context.user_id,
        negotiation_id=context.negotiation.id,
        kind=kind,
        amount=amount,
        discount_pct=discount_pct.quantize(PERCENT_PLACES),
        upfront_amount=upfront,
        remaining_amount=remaining,
        months=months,
        balance=context.debt.balance,
        status=OfferStatus.OPEN,
        expires_at=context.now + context.rules.offer_ttl,
        created_at=context.now,
    )
    context.repository.add(offer)
    await context.uow.flush()
    context.open_offer = offer
    context.audit(
        "offer.made",
        OFFER,
        offer.id,
        kind=kind,
        reason=reason,
        balance=context.debt.balance,
        amount=amount,
        discount_pct=discount_pct,
        upfront=upfront,
        remaining=remaining,
        months=months,
        round=context.negotiation.round,
        final=context.negotiation.final_offer_made,
        expires_at=offer.expires_at,
    )
    return offer


def _plain(value: object) -> object:
    """An audit detail as JSON: money and percentages as strings, times in ISO form."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return value
