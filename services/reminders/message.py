"""What a reminder message says: its installments, each with what is left of its plan.
Built by the claim (services/reminders/claim.py) from the rows it claimed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from db.models import Installment
from db.models.enums import DebtKind, InstallmentStatus
from db.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ReminderLine:
    """One installment in a reminder message."""

    installment_id: int
    debt_id: int
    debt_kind: str
    creditor: str
    currency: str
    number: int
    installments_in_plan: int
    due_date: date
    amount: Decimal
    left_count: int  # installments still to pay in the plan, this one included
    left_amount: Decimal
    reference: str | None = None  # the operator's reference of the debt (None: personal)

    @property
    def is_operator_debt(self) -> bool:
        """An operator's debt (paid to the operator), not one the person tracks alone."""
        return self.debt_kind == DebtKind.OPERATOR


@dataclass(frozen=True)
class ReminderMessage:
    user_id: int
    telegram_id: int
    language: str | None
    timezone: str
    today: date  # the person's local date
    lines: tuple[ReminderLine, ...]
    reminder_ids: tuple[int, ...]


async def message_lines(uow: UnitOfWork, rows: list) -> tuple[ReminderLine, ...]:
    plan_ids = {row.plan_id for row in rows}
    still_open = Installment.status.in_([InstallmentStatus.OPEN, InstallmentStatus.REPORTED_PAID])
    totals = {
        plan_id: (count, left_count, left_amount or Decimal(0))
        for plan_id, count, left_count, left_amount in await uow.session.execute(
            select(
                Installment.plan_id,
                func.count(),
                func.count().filter(still_open),
                func.sum(Installment.amount).filter(still_open),
            )
            .where(Installment.plan_id.in_(plan_ids))
            .group_by(Installment.plan_id)
        )
    }
    lines = []
    for row in rows:
        count, left_count, left_amount = totals[row.plan_id]
        lines.append(
            ReminderLine(
                installment_id=row.installment_id,
                debt_id=row.debt_id,
                debt_kind=row.debt_kind,
                creditor=row.creditor,
                currency=row.currency,
                number=row.number,
                installments_in_plan=count,
                due_date=row.due_date,
                amount=row.amount,
                left_count=left_count,
                left_amount=Decimal(left_amount).quantize(Decimal("0.01")),
                reference=row.reference,
            )
        )
    return tuple(lines)
