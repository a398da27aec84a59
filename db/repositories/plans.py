"""Payment plans and their installments, and breaking the overdue ones."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import (
    Debt,
    DebtKind,
    DebtStatus,
    Installment,
    InstallmentStatus,
    PaymentPlan,
    PlanStatus,
)
from db.models.enums import ReminderStatus
from db.models.reminders import Reminder
from db.repositories.debts import chunked

UNPAID = (InstallmentStatus.OPEN, InstallmentStatus.REPORTED_PAID)
"""An installment still unpaid: open, or reported paid and not yet confirmed."""


class PlanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

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

    # -- broken plans ------------------------------------------------------------------

    async def overdue_plans(
        self, due_by: date, *, among: Collection[int] | None = None
    ) -> dict[int, tuple[int, date]]:
        """Active plans of operator debts with an installment unpaid and due on ``due_by``
        or earlier: ``{plan_id: (debt_id, earliest such due date)}``. With ``among``,
        only those plans, one query per ``IN_CHUNK`` of them."""
        statement = (
            select(PaymentPlan.id, PaymentPlan.debt_id, func.min(Installment.due_date))
            .join(PaymentPlan, PaymentPlan.id == Installment.plan_id)
            .join(Debt, Debt.id == PaymentPlan.debt_id)
            .where(
                Debt.kind == DebtKind.OPERATOR,
                Installment.status.in_(UNPAID),
                Installment.due_date <= due_by,
                PaymentPlan.status == PlanStatus.ACTIVE,
            )
            .group_by(PaymentPlan.id, PaymentPlan.debt_id)
        )
        found: dict[int, tuple[int, date]] = {}
        chunks = [None] if among is None else list(chunked(sorted(among)))
        for chunk in chunks:
            narrowed = statement if chunk is None else statement.where(PaymentPlan.id.in_(chunk))
            for plan_id, debt_id, due_date in await self.session.execute(narrowed):
                found[plan_id] = (debt_id, due_date)
        return found

    async def break_plans(
        self, debt_of_plan: Mapping[int, int], *, now: datetime, reminder_error: str
    ) -> None:
        """Mark the active plans among ``debt_of_plan`` (plan id: its debt's id) broken,
        put their debts from ``in_plan`` back to ``open`` and cancel their pending
        reminders with ``reminder_error``; by ``IN_CHUNK`` of plans, in id order."""
        for plan_ids in chunked(sorted(debt_of_plan)):
            debt_ids = [debt_of_plan[plan_id] for plan_id in plan_ids]
            await self.session.execute(
                update(PaymentPlan)
                .where(PaymentPlan.id.in_(plan_ids), PaymentPlan.status == PlanStatus.ACTIVE)
                .values(status=PlanStatus.BROKEN)
                .execution_options(synchronize_session="fetch")
            )
            await self.session.execute(
                update(Debt)
                .where(Debt.id.in_(debt_ids), Debt.status == DebtStatus.IN_PLAN)
                .values(status=DebtStatus.OPEN, updated_at=now)
                .execution_options(synchronize_session="fetch")
            )
            installments = select(Installment.id).where(Installment.plan_id.in_(plan_ids))
            await self.session.execute(
                update(Reminder)
                .where(
                    Reminder.installment_id.in_(installments),
                    Reminder.status == ReminderStatus.PENDING,
                )
                .values(status=ReminderStatus.CANCELLED, last_error=reminder_error)
                .execution_options(synchronize_session=False)
            )

    # -- agreeing and cancelling plans ---------------------------------------------------

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
