"""Payment plans and their installments, and the debt row a plan change locks."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import Debt, Installment, InstallmentStatus, PaymentPlan, PlanStatus


class PlanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def lock_debt(self, debt_id: int) -> Debt | None:
        """The debt, its row locked until the transaction ends (PostgreSQL; SQLite
        serialises writers anyway), so two confirmations of one debt run one at a time."""
        return await self.session.scalar(
            select(Debt)
            .where(Debt.id == debt_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )

    async def active_for_debt(self, debt_id: int) -> list[PaymentPlan]:
        """The debt's active plans (at most one, unless older data says otherwise),
        with their installments."""
        plans = await self.session.scalars(
            select(PaymentPlan)
            .where(PaymentPlan.debt_id == debt_id, PaymentPlan.status == PlanStatus.ACTIVE)
            .options(selectinload(PaymentPlan.installments))
            .order_by(PaymentPlan.id)
        )
        return list(plans)

    async def with_installments(self, plan_id: int) -> PaymentPlan | None:
        return await self.session.scalar(
            select(PaymentPlan)
            .where(PaymentPlan.id == plan_id)
            .options(selectinload(PaymentPlan.installments))
        )

    def add(self, plan: PaymentPlan) -> None:
        self.session.add(plan)

    async def cancel(self, plan_ids: Sequence[int]) -> None:
        """Cancel the plans and their installments still open (paid or reported ones stay)."""
        if not plan_ids:
            return
        await self.session.execute(
            update(PaymentPlan)
            .where(PaymentPlan.id.in_(plan_ids))
            .values(status=PlanStatus.CANCELLED)
            .execution_options(synchronize_session="fetch")
        )
        await self.session.execute(
            update(Installment)
            .where(
                Installment.plan_id.in_(plan_ids),
                Installment.status == InstallmentStatus.OPEN,
            )
            .values(status=InstallmentStatus.CANCELLED)
            .execution_options(synchronize_session="fetch")
        )
