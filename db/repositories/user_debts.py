"""Debts as one user may see them: the operator's debts of their linked debtor record,
and the personal debts they own. Every query is scoped to that user."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Debt, Debtor, Installment, Payment, PaymentPlan

ACTIVE_PLAN = "active"
OPEN_INSTALLMENT = "open"


class UserDebtRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _visible_to(self, user_id: int):
        linked_debtor = select(Debtor.id).where(Debtor.user_id == user_id).scalar_subquery()
        return or_(Debt.owner_user_id == user_id, Debt.debtor_id == linked_debtor)

    async def visible(self, user_id: int) -> list[Debt]:
        rows = await self.session.scalars(
            select(Debt).where(self._visible_to(user_id)).order_by(Debt.kind, Debt.id)
        )
        return list(rows)

    async def visible_one(self, user_id: int, debt_id: int) -> Debt | None:
        return await self.session.scalar(
            select(Debt).where(Debt.id == debt_id, self._visible_to(user_id))
        )

    async def next_installments(self, debt_ids: list[int]) -> dict[int, tuple[date, Decimal]]:
        """The earliest open installment of each debt's active plan."""
        if not debt_ids:
            return {}
        rows = await self.session.execute(
            select(PaymentPlan.debt_id, Installment.due_date, Installment.amount)
            .join(Installment, Installment.plan_id == PaymentPlan.id)
            .where(
                PaymentPlan.debt_id.in_(debt_ids),
                PaymentPlan.status == ACTIVE_PLAN,
                Installment.status == OPEN_INSTALLMENT,
            )
            .order_by(PaymentPlan.debt_id, Installment.due_date)
        )
        found: dict[int, tuple[date, Decimal]] = {}
        for debt_id, due_date, amount in rows:
            found.setdefault(debt_id, (due_date, amount))
        return found

    def add(self, debt: Debt) -> None:
        self.session.add(debt)

    async def delete(self, debt: Debt) -> None:
        """The debt with its plans (their installments cascade) and payments."""
        await self.session.execute(delete(Payment).where(Payment.debt_id == debt.id))
        await self.session.execute(delete(PaymentPlan).where(PaymentPlan.debt_id == debt.id))
        await self.session.delete(debt)
