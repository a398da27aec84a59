"""What a reminder message says: its installments, each with what is left of its plan.
Built by the claim (services/reminders/claim.py) from the rows it claimed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from db.models.enums import DebtKind
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
    totals = await uow.reminders.plan_totals({row.plan_id for row in rows})
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
