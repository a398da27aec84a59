"""Offers as the user sees them, built from the stored rows. No floor in sight."""

from __future__ import annotations

from datetime import date, datetime

from db.models import Negotiation, Offer, OfferKind, OfferStatus
from db.unit_of_work import UnitOfWork
from services.debts.owed import DebtView
from services.negotiation.results import OfferView, PartialPlanView
from services.negotiation.rules import NegotiationRules
from services.plans.schedules import schedule_by_months

SETTLEMENT_KINDS = (OfferKind.SETTLEMENT, OfferKind.COUNTEROFFER_ACCEPTED)
ANY_FIRST_DUE = date(2000, 1, 1)
"""Installment amounts do not depend on dates: previews use any first due date."""


async def open_offer_view(
    uow: UnitOfWork, *, user_id: int, debt: DebtView, rules: NegotiationRules, now: datetime
) -> OfferView | None:
    """The user's open offer for the debt if it can still be accepted, else None."""
    repository = uow.negotiations
    offer = await repository.open_offer(debt.id)
    if offer is None or offer.user_id != user_id or offer.status != OfferStatus.OPEN:
        return None
    if offer.expires_at is None or offer.expires_at <= now or offer.balance != debt.balance:
        return None
    negotiation = await repository.negotiation_for(user_id=user_id, debt_id=debt.id)
    if negotiation is not None and negotiation.paused_at is not None:
        return None
    return offer_view(offer=offer, debt=debt, rules=rules, negotiation=negotiation)


def offer_view(
    *, offer: Offer, debt: DebtView, rules: NegotiationRules, negotiation: Negotiation | None
) -> OfferView:
    settlement = offer.kind in SETTLEMENT_KINDS
    return OfferView(
        id=offer.id,
        debt_id=offer.debt_id,
        kind=str(offer.kind),
        status=str(offer.status),
        creditor=debt.creditor,
        currency=debt.currency,
        balance=offer.balance if offer.balance is not None else debt.balance,
        amount=offer.amount,
        discount_pct=offer.discount_pct,
        savings=(offer.balance if offer.balance is not None else debt.balance) - offer.amount,
        is_final=bool(settlement and negotiation is not None and negotiation.final_offer_made),
        expires_at=offer.expires_at or offer.created_at,
        pay_within_days=rules.settlement_payment_days,
        partial=None if settlement else partial_plan_view(offer, debt),
    )


def partial_plan_view(offer: Offer, debt: DebtView) -> PartialPlanView:
    """The partial plan's numbers, recomputed from the offer (amounts do not depend on dates)."""
    upfront, rest_now, months = offer.upfront_amount, offer.remaining_amount, offer.months
    assert upfront is not None and rest_now is not None and months is not None
    schedule = schedule_by_months(rest_now, debt.annual_rate, months, ANY_FIRST_DUE)
    balance = offer.balance if offer.balance is not None else debt.balance
    return PartialPlanView(
        upfront=upfront,
        rest=balance - upfront,
        rest_discount_pct=offer.discount_pct,
        discounted_rest=rest_now,
        months=schedule.months,
        installment_amount=schedule.installment_amount,
        last_installment_amount=schedule.last_amount,
        total_interest=schedule.total_interest,
        total=upfront + schedule.total,
    )
