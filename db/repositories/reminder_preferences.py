"""What a person does about their reminders (see the next ones, switch them off or on,
answer "I've paid"), as queries mixed into ``ReminderRepository``. Only the person's own
debts are found: their own, or theirs as the operator debt's debtor."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Debt, Debtor, Installment, PaymentPlan, Reminder, User
from db.models.enums import DebtStatus, InstallmentStatus, PlanStatus, ReminderStatus


def _owned_by(user_id: int):
    return or_(Debtor.user_id == user_id, Debt.owner_user_id == user_id)


class ReminderPreferenceQueries:
    session: AsyncSession

    async def debt_switches(self, user_id: int) -> Sequence[Row]:
        """The person's open or in-plan debts as rows (id, creditor, reminders_enabled),
        by creditor."""
        result = await self.session.execute(
            select(Debt.id, Debt.creditor, Debt.reminders_enabled)
            .outerjoin(Debtor, Debtor.id == Debt.debtor_id)
            .where(_owned_by(user_id), Debt.status.in_([DebtStatus.OPEN, DebtStatus.IN_PLAN]))
            .order_by(Debt.creditor, Debt.id)
        )
        return result.all()

    async def upcoming(self, user_id: int, *, limit: int) -> Sequence[Row]:
        """The person's next pending reminders of open installments of active plans
        whose debt's reminders are on, soonest first, as rows (due_at, creditor, amount,
        currency, due_date)."""
        result = await self.session.execute(
            select(
                Reminder.due_at,
                Debt.creditor,
                Installment.amount,
                Debt.currency,
                Installment.due_date,
            )
            .join(Installment, Installment.id == Reminder.installment_id)
            .join(PaymentPlan, PaymentPlan.id == Installment.plan_id)
            .join(Debt, Debt.id == PaymentPlan.debt_id)
            .where(
                Reminder.user_id == user_id,
                Reminder.status == ReminderStatus.PENDING,
                Installment.status == InstallmentStatus.OPEN,
                PaymentPlan.status == PlanStatus.ACTIVE,
                Debt.reminders_enabled.is_(True),
            )
            .order_by(Reminder.due_at, Reminder.id)
            .limit(limit)
        )
        return result.all()

    async def owned_debt(self, *, user_id: int, debt_id: int) -> Row | None:
        """The debt (id, creditor) if it is the person's own or theirs as debtor."""
        result = await self.session.execute(
            select(Debt.id, Debt.creditor)
            .outerjoin(Debtor, Debtor.id == Debt.debtor_id)
            .where(Debt.id == debt_id, _owned_by(user_id))
        )
        return result.first()

    async def set_debt_reminders(self, debt_id: int, *, enabled: bool) -> None:
        await self.session.execute(
            update(Debt).where(Debt.id == debt_id).values(reminders_enabled=enabled)
        )

    async def lock_owned_installment(
        self, *, user_id: int, installment_id: int
    ) -> Row[tuple[Installment, PaymentPlan, Debt]] | None:
        """The installment with its plan and debt if the debt is the person's, the
        installment's row locked (an import may be paying it right now)."""
        result = await self.session.execute(
            select(Installment, PaymentPlan, Debt)
            .join(PaymentPlan, PaymentPlan.id == Installment.plan_id)
            .join(Debt, Debt.id == PaymentPlan.debt_id)
            .outerjoin(Debtor, Debtor.id == Debt.debtor_id)
            .where(Installment.id == installment_id, _owned_by(user_id))
            .with_for_update(of=Installment)
        )
        return result.first()

    async def cancel_pending_of_installment(self, installment_id: int, *, reason: str) -> None:
        await self.session.execute(
            update(Reminder)
            .where(
                Reminder.installment_id == installment_id,
                Reminder.status == ReminderStatus.PENDING,
            )
            .values(status=ReminderStatus.CANCELLED, last_error=reason)
        )

    async def count_open_installments(self, plan_id: int) -> int:
        return await self.session.scalar(
            select(func.count()).where(
                Installment.plan_id == plan_id, Installment.status == InstallmentStatus.OPEN
            )
        )

    async def set_unreachable_at(self, telegram_id: int, unreachable_at: datetime | None) -> None:
        """When the person with this Telegram id became unreachable (None: reachable)."""
        await self.session.execute(
            update(User)
            .where(User.telegram_id == telegram_id)
            .values(unreachable_at=unreachable_at)
        )
