"""Negotiations and their offers, and what the operator exports about them. Never commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import (
    Debt,
    DebtKind,
    Debtor,
    Installment,
    Negotiation,
    Offer,
    OfferStatus,
    PaymentPlan,
    PlanKind,
    PlanStatus,
)

AGREEMENT_KINDS = (PlanKind.SETTLEMENT, PlanKind.PARTIAL)


class NegotiationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def negotiation_for(self, *, user_id: int, debt_id: int) -> Negotiation | None:
        return await self.session.scalar(
            select(Negotiation)
            .where(Negotiation.user_id == user_id, Negotiation.debt_id == debt_id)
            .execution_options(populate_existing=True)
        )

    async def paused_for_debt(self, debt_id: int) -> list[Negotiation]:
        rows = await self.session.scalars(
            select(Negotiation)
            .where(Negotiation.debt_id == debt_id, Negotiation.paused_at.is_not(None))
            .order_by(Negotiation.id)
            .with_for_update()
        )
        return list(rows)

    def add(self, row: Negotiation | Offer) -> None:
        self.session.add(row)

    async def open_offer(self, debt_id: int) -> Offer | None:
        """The debt's open offer (at most one, by the partial unique index)."""
        return await self.session.scalar(
            select(Offer)
            .where(Offer.debt_id == debt_id, Offer.status == OfferStatus.OPEN)
            .execution_options(populate_existing=True)
        )

    async def offer_of_user(self, *, offer_id: int, user_id: int) -> Offer | None:
        return await self.session.scalar(
            select(Offer)
            .where(Offer.id == offer_id, Offer.user_id == user_id)
            .execution_options(populate_existing=True)
        )

    async def close_offer(self, offer: Offer, *, status: OfferStatus, now: datetime) -> None:
        """Close an open offer (superseded, expired...) and write it at once, so that a new
        open offer of the same debt can follow in this transaction."""
        offer.status = status
        offer.decided_at = now
        await self.session.flush()

    async def accept_if_open(self, *, offer_id: int, now: datetime) -> bool:
        """Mark the offer accepted only if it is still open and unexpired, in one
        conditional UPDATE: of two concurrent acceptances exactly one gets True (on
        PostgreSQL the second waits for the first to commit, then matches no row)."""
        result = await self.session.execute(
            update(Offer)
            .where(
                Offer.id == offer_id,
                Offer.status == OfferStatus.OPEN,
                Offer.expires_at > now,
            )
            .values(status=OfferStatus.ACCEPTED, decided_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def agreement_for_offer(self, offer_id: int) -> PaymentPlan | None:
        """The plan an accepted offer created, with its installments."""
        return await self.session.scalar(
            select(PaymentPlan)
            .where(PaymentPlan.offer_id == offer_id)
            .options(selectinload(PaymentPlan.installments))
            .order_by(PaymentPlan.id)
            .limit(1)
        )

    async def active_agreement(self, debt_id: int) -> PaymentPlan | None:
        """The debt's active settlement or partial-payment plan, if any."""
        return await self.session.scalar(
            select(PaymentPlan)
            .where(
                PaymentPlan.debt_id == debt_id,
                PaymentPlan.status == PlanStatus.ACTIVE,
                PaymentPlan.kind.in_(AGREEMENT_KINDS),
            )
            .order_by(PaymentPlan.id.desc())
            .limit(1)
        )

    async def offers_of_debt(self, debt_id: int) -> list[Offer]:
        """Every offer made about the debt, oldest first."""
        rows = await self.session.scalars(
            select(Offer).where(Offer.debt_id == debt_id).order_by(Offer.id)
        )
        return list(rows)

    async def agreements(self) -> list[Row[Any]]:
        """Every accepted offer with its plan, debt and debtor, oldest first:
        rows of (Offer, PaymentPlan | None, Debt, Debtor | None)."""
        result = await self.session.execute(
            select(Offer, PaymentPlan, Debt, Debtor)
            .join(Debt, Debt.id == Offer.debt_id)
            .outerjoin(PaymentPlan, PaymentPlan.offer_id == Offer.id)
            .outerjoin(Debtor, Debtor.id == Debt.debtor_id)
            .where(Offer.status == OfferStatus.ACCEPTED)
            .order_by(Offer.decided_at, Offer.id)
        )
        return list(result.all())

    async def broken_plans_without_offer(self) -> list[Row[Any]]:
        """Broken plans of operator debts agreed without an offer, oldest agreed first:
        rows of (PaymentPlan, Debt, Debtor | None, number of installments)."""
        installments = (
            select(func.count())
            .where(Installment.plan_id == PaymentPlan.id)
            .correlate(PaymentPlan)
            .scalar_subquery()
        )
        result = await self.session.execute(
            select(PaymentPlan, Debt, Debtor, installments)
            .join(Debt, Debt.id == PaymentPlan.debt_id)
            .outerjoin(Debtor, Debtor.id == Debt.debtor_id)
            .where(
                PaymentPlan.status == PlanStatus.BROKEN,
                PaymentPlan.offer_id.is_(None),
                Debt.kind == DebtKind.OPERATOR,
            )
            .order_by(PaymentPlan.agreed_at, PaymentPlan.id)
        )
        return list(result.all())

    async def hardship_cases(self) -> list[Row[Any]]:
        """Every negotiation where the user asked for hardship help, oldest request first:
        rows of (Negotiation, Debt, Debtor | None)."""
        result = await self.session.execute(
            select(Negotiation, Debt, Debtor)
            .join(Debt, Debt.id == Negotiation.debt_id)
            .outerjoin(Debtor, Debtor.id == Debt.debtor_id)
            .where(Negotiation.hardship_requested_at.is_not(None))
            .order_by(Negotiation.hardship_requested_at, Negotiation.id)
        )
        return list(result.all())
