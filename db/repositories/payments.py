"""Payments received: recorded from Telegram, the operator's import or the person's report.

Also what paying needs to read of the debts, plans and installments paid (the debts'
rows locked, the installments a person can pay) and the reconciliation export.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Row, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import Debt, Debtor, Installment, Payment, PaymentPlan, PlanStatus, User
from db.repositories.debts import chunked

PayableRow: TypeAlias = Row
"""An installment with its plan and debt, as paying reads it: id, number, due_date,
amount, status, plan_id, plan_status, debt_id, debt_kind, debt_status, reference,
creditor, currency and the debtor's user_id."""

EXPORT_BATCH = 1000
"""Rows the reconciliation export reads at a time."""


class PaymentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def add_all(self, payments: Sequence[Payment]) -> None:
        self.session.add_all(payments)

    async def insert_imported(self, payments: Sequence[Mapping[str, Any]]) -> None:
        """Insert payments (dicts of column values) in one executemany; no ids read back."""
        if payments:
            await self.session.execute(insert(Payment.__table__), list(payments))

    async def stored_import_keys(self, keys: Sequence[str]) -> set[str]:
        """Those of ``keys`` some payment carries already."""
        stored: set[str] = set()
        for chunk in chunked(sorted(set(keys))):
            stored.update(
                await self.session.scalars(
                    select(Payment.import_key).where(Payment.import_key.in_(chunk))
                )
            )
        return stored

    async def is_charge_recorded(self, telegram_charge_id: str) -> bool:
        found = await self.session.scalar(
            select(Payment.id).where(Payment.telegram_payment_charge_id == telegram_charge_id)
        )
        return found is not None

    async def covered_amounts(self, installment_ids: Collection[int]) -> dict[int, Decimal | None]:
        """What payments cover of each of these installments (those with a payment), in
        one query."""
        result = await self.session.execute(
            select(Payment.installment_id, func.sum(Payment.amount))
            .where(Payment.installment_id.in_(installment_ids))
            .group_by(Payment.installment_id)
        )
        return dict(result.all())

    async def covered_amounts_in_chunks(
        self, installment_ids: Collection[int]
    ) -> dict[int, Decimal | None]:
        """``covered_amounts``, one query per ``IN_CHUNK`` of the ids (in id order)."""
        covered: dict[int, Decimal | None] = {}
        for chunk in chunked(sorted(installment_ids)):
            covered.update(await self.covered_amounts(chunk))
        return covered

    # -- the debts, plans and installments paid ------------------------------------------

    async def lock_debts(self, references: Collection[str]) -> dict[str, Debt]:
        """The debts with these references, their rows locked until the transaction ends
        (in reference order, so two imports never wait for each other in a circle)."""
        debts: dict[str, Debt] = {}
        for chunk in chunked(sorted(references)):
            found = await self.session.scalars(
                select(Debt)
                .where(Debt.reference.in_(chunk))
                .order_by(Debt.reference)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
            debts.update((debt.reference or "", debt) for debt in found)
        return debts

    async def active_plans(self, debt_ids: Collection[int]) -> dict[int, PaymentPlan]:
        """Each debt's active plan with its installments, by debt id (the newest, should
        older data hold several)."""
        plans: dict[int, PaymentPlan] = {}
        for chunk in chunked(sorted(debt_ids)):
            found = await self.session.scalars(
                select(PaymentPlan)
                .where(PaymentPlan.debt_id.in_(chunk), PaymentPlan.status == PlanStatus.ACTIVE)
                .options(selectinload(PaymentPlan.installments))
                .order_by(PaymentPlan.id)
                .execution_options(populate_existing=True)
            )
            plans.update((plan.debt_id, plan) for plan in found)
        return plans

    async def number_and_reference(self, installment_id: int) -> Row | None:
        """The installment's number and its debt's reference (a plain row)."""
        result = await self.session.execute(
            select(Installment.number, Debt.reference)
            .join(PaymentPlan, PaymentPlan.id == Installment.plan_id)
            .join(Debt, Debt.id == PaymentPlan.debt_id)
            .where(Installment.id == installment_id)
        )
        return result.first()

    async def payable_rows_of_debts(self, debt_ids: Collection[int]) -> Sequence[PayableRow]:
        """The installments of these debts' plans (any status), by debt and number."""
        return await self._payable_rows(Debt.id.in_(debt_ids))

    async def payable_row(self, installment_id: int) -> PayableRow | None:
        rows = await self._payable_rows(Installment.id == installment_id)
        return rows[0] if rows else None

    async def _payable_rows(self, condition: ColumnElement[bool]) -> Sequence[PayableRow]:
        result = await self.session.execute(
            select(
                Installment.id,
                Installment.number,
                Installment.due_date,
                Installment.amount,
                Installment.status,
                PaymentPlan.id.label("plan_id"),
                PaymentPlan.status.label("plan_status"),
                Debt.id.label("debt_id"),
                Debt.kind.label("debt_kind"),
                Debt.status.label("debt_status"),
                Debt.reference,
                Debt.creditor,
                Debt.currency,
                Debtor.user_id,
            )
            .join(PaymentPlan, PaymentPlan.id == Installment.plan_id)
            .join(Debt, Debt.id == PaymentPlan.debt_id)
            .outerjoin(Debtor, Debtor.id == Debt.debtor_id)
            .where(condition)
            .order_by(Debt.id, Installment.number)
        )
        return result.all()

    async def installment_counts(self, plan_ids: Collection[int]) -> dict[int, int]:
        """How many installments each of these plans has."""
        result = await self.session.execute(
            select(Installment.plan_id, func.count())
            .where(Installment.plan_id.in_(plan_ids))
            .group_by(Installment.plan_id)
        )
        return dict(result.all())

    async def user_id_of(self, telegram_id: int, *, erased_too: bool) -> int | None:
        """Our id of the person with this Telegram id; with ``erased_too=False``, None
        when they erased their data."""
        conditions = [User.telegram_id == telegram_id]
        if not erased_too:
            conditions.append(User.deleted_at.is_(None))
        return await self.session.scalar(select(User.id).where(*conditions))

    # -- the reconciliation export -------------------------------------------------------

    async def exported_rows(self) -> AsyncIterator[Row]:
        """Every payment with its debt, debtor (or owner) and installment, oldest first,
        streamed ``EXPORT_BATCH`` rows at a time."""
        result = await self.session.stream(
            select(
                Payment.created_at,
                Debt.reference,
                Debt.creditor,
                Debtor.full_name,
                User.full_name.label("owner_full_name"),
                User.first_name.label("owner_first_name"),
                Installment.number,
                Payment.amount,
                Payment.currency,
                Payment.source,
                Payment.telegram_payment_charge_id,
                Payment.provider_payment_charge_id,
            )
            .join(Debt, Debt.id == Payment.debt_id)
            .outerjoin(Debtor, Debtor.id == Debt.debtor_id)
            .outerjoin(User, User.id == Debt.owner_user_id)
            .outerjoin(Installment, Installment.id == Payment.installment_id)
            .order_by(Payment.created_at, Payment.id)
            .execution_options(yield_per=EXPORT_BATCH)
        )
        async for row in result:
            yield row
