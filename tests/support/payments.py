"""A debt with an active plan and pending reminders, and the operator's payments file."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from db.models import (
    Debt,
    DebtStatus,
    Installment,
    Payment,
    PaymentPlan,
    PlanKind,
    PlanStatus,
    Reminder,
)
from db.unit_of_work import UnitOfWork
from services.payments.csv_import import PaymentsReport, import_payments
from services.payments.csv_rows import PAYMENTS_CSV_HEADER
from tests.support.builders import add_debtor, add_operator_debt, add_plan, add_user
from tests.support.clock import NOW, TODAY


@dataclass(frozen=True)
class Seeded:
    reference: str
    debt_id: int
    plan_id: int | None
    installment_ids: tuple[int, ...]
    user_id: int


async def seed_plan(
    uow: UnitOfWork,
    *amounts: str,
    balance: str | None = None,
    kind: PlanKind = PlanKind.INSTALLMENTS,
    first_due: date = TODAY,
    reminder_kinds: tuple[str, ...] = (),
    **debt: object,
) -> Seeded:
    """An operator debt (balance: the installments' sum unless told) with an active plan
    of ``amounts`` due monthly from ``first_due``, each with pending ``reminder_kinds``.
    Without ``amounts``, an open debt without a plan. Flushed, not committed."""
    user = await add_user(uow.session)
    debtor = await add_debtor(uow.session, user_id=user.id)
    total = sum((Decimal(amount) for amount in amounts), Decimal("0.00"))
    stored = await add_operator_debt(
        uow.session,
        debtor,
        balance=Decimal(balance) if balance is not None else total,
        status=DebtStatus.IN_PLAN if amounts else DebtStatus.OPEN,
        **debt,
    )
    if not amounts:
        return Seeded(stored.reference or "", stored.id, None, (), user.id)
    plan = await add_plan(
        uow.session,
        stored,
        kind=kind,
        status=PlanStatus.ACTIVE,
        principal=total,
        total=total,
        user_id=user.id,
        agreed_at=NOW - timedelta(days=40),
    )
    installments = [
        Installment(
            plan_id=plan.id,
            number=number,
            due_date=first_due + timedelta(days=30 * (number - 1)),
            amount=Decimal(amount),
            principal=Decimal(amount),
            interest=Decimal("0.00"),
        )
        for number, amount in enumerate(amounts, start=1)
    ]
    uow.session.add_all(installments)
    await uow.flush()
    for installment in installments:
        uow.session.add_all(
            Reminder(
                installment_id=installment.id,
                user_id=user.id,
                kind=kind_name,
                due_at=datetime.combine(installment.due_date, datetime.min.time(), UTC),
            )
            for kind_name in reminder_kinds
        )
    await uow.flush()
    ids = tuple(installment.id for installment in installments)
    return Seeded(stored.reference or "", stored.id, plan.id, ids, user.id)


def payments_csv(*rows: tuple[str, str, str]) -> io.StringIO:
    lines = [",".join(PAYMENTS_CSV_HEADER), *(",".join(row) for row in rows)]
    return io.StringIO("\n".join(lines) + "\n", newline="")


async def run_payments(
    uow: UnitOfWork, *rows: tuple[str, str, str], now: datetime = NOW
) -> PaymentsReport:
    return await import_payments(uow, rows=payments_csv(*rows), now=now)


async def installments_of(uow: UnitOfWork, plan_id: int) -> list[Installment]:
    return list(
        await uow.session.scalars(
            select(Installment)
            .where(Installment.plan_id == plan_id)
            .order_by(Installment.number)
            .execution_options(populate_existing=True)
        )
    )


async def payments_of(uow: UnitOfWork, debt_id: int) -> list[Payment]:
    return list(
        await uow.session.scalars(
            select(Payment).where(Payment.debt_id == debt_id).order_by(Payment.id)
        )
    )


async def reminders_of(uow: UnitOfWork, installment_id: int) -> dict[str, Reminder]:
    rows = await uow.session.scalars(
        select(Reminder)
        .where(Reminder.installment_id == installment_id)
        .execution_options(populate_existing=True)
    )
    return {reminder.kind: reminder for reminder in rows}


async def refreshed(uow: UnitOfWork, model: type[Debt] | type[PaymentPlan], row_id: int):
    return await uow.session.scalar(
        select(model).where(model.id == row_id).execution_options(populate_existing=True)
    )
