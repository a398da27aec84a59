"""Debts: the operator's, read and written in bulk for the CSV import and one at a time;
the debts one user may see (their linked debtor's and their own personal ones); and the
debt row a change locks."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Debt,
    DebtKind,
    Debtor,
    DebtStatus,
    Installment,
    InstallmentStatus,
    Payment,
    PaymentPlan,
    PlanStatus,
)

IN_CHUNK = 900
"""Values per ``IN (...)`` query: below SQLite's oldest limit of 999 bound parameters."""

OUTSTANDING = (DebtStatus.OPEN, DebtStatus.IN_PLAN)
"""Statuses of a debt that is still being dealt with."""

_T = TypeVar("_T")


def chunked(values: Sequence[_T], size: int = IN_CHUNK) -> Iterator[Sequence[_T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class DebtTerms(NamedTuple):
    """What the operator's CSV says about a debt, as stored."""

    id: int
    reference: str
    kind: str
    debtor_id: int | None
    creditor: str
    concept: str | None
    balance: Decimal
    currency: str
    annual_rate: Decimal
    max_months: int | None
    min_installment: Decimal | None
    max_discount_pct: Decimal | None


_TERM_COLUMNS = (
    Debt.id,
    Debt.reference,
    Debt.kind,
    Debt.debtor_id,
    Debt.creditor,
    Debt.concept,
    Debt.balance,
    Debt.currency,
    Debt.annual_rate,
    Debt.max_months,
    Debt.min_installment,
    Debt.max_discount_pct,
)


class DebtRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def terms_by_reference(self, references: Sequence[str]) -> dict[str, DebtTerms]:
        """The stored debts among ``references``, one query per ``IN_CHUNK`` of them."""
        found: dict[str, DebtTerms] = {}
        for chunk in chunked(references):
            result = await self.session.execute(
                select(*_TERM_COLUMNS).where(Debt.reference.in_(chunk))
            )
            for row in result:
                terms = DebtTerms(*row)
                found[terms.reference] = terms
        return found

    async def insert_operator_debts(self, debts: Sequence[Mapping[str, Any]]) -> dict[str, int]:
        """Insert operator debts (dicts of column values); their ids by reference."""
        if not debts:
            return {}
        rows = [{"kind": DebtKind.OPERATOR.value, **debt} for debt in debts]
        table = Debt.__table__
        result = await self.session.execute(
            insert(table).returning(table.c.id, table.c.reference), rows
        )
        return {reference: debt_id for debt_id, reference in result}

    async def update_many(self, changes: Sequence[Mapping[str, Any]]) -> None:
        """Bulk UPDATE by primary key: each dict holds ``id`` and the new values."""
        if changes:
            await self.session.execute(update(Debt), list(changes))

    # -- locking the debt row a change is about ----------------------------------------

    async def lock_debt(self, debt_id: int) -> Debt | None:
        """The debt, its row locked until the transaction ends (PostgreSQL; SQLite
        serialises writers anyway), so two confirmations of one debt run one at a time."""
        return await self.session.scalar(
            select(Debt)
            .where(Debt.id == debt_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )

    async def lock_debts(self, debt_ids: Collection[int]) -> None:
        """Lock the debts' rows until the transaction ends, loading nothing: in id order,
        one query per ``IN_CHUNK`` of them."""
        for chunk in chunked(sorted(debt_ids)):
            await self.session.execute(
                select(Debt.id).where(Debt.id.in_(chunk)).order_by(Debt.id).with_for_update()
            )

    # -- the debts one user may see ------------------------------------------------------

    def _seen_by(self, user_id: int):
        linked_debtor = select(Debtor.id).where(Debtor.user_id == user_id).scalar_subquery()
        return or_(Debt.owner_user_id == user_id, Debt.debtor_id == linked_debtor)

    async def visible_to(self, user_id: int) -> list[Debt]:
        """The operator's debts of the user's linked debtor record and the personal debts
        the user owns, by kind then id."""
        rows = await self.session.scalars(
            select(Debt).where(self._seen_by(user_id)).order_by(Debt.kind, Debt.id)
        )
        return list(rows)

    async def one_visible_to(self, user_id: int, debt_id: int) -> Debt | None:
        """The debt, only if the user may see it (see ``visible_to``)."""
        return await self.session.scalar(
            select(Debt).where(Debt.id == debt_id, self._seen_by(user_id))
        )

    async def next_installments(self, debt_ids: list[int]) -> dict[int, tuple[date, Decimal]]:
        """The earliest open installment of each debt's active plan: (due date, amount)."""
        if not debt_ids:
            return {}
        rows = await self.session.execute(
            select(PaymentPlan.debt_id, Installment.due_date, Installment.amount)
            .join(Installment, Installment.plan_id == PaymentPlan.id)
            .where(
                PaymentPlan.debt_id.in_(debt_ids),
                PaymentPlan.status == PlanStatus.ACTIVE,
                Installment.status == InstallmentStatus.OPEN,
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

    # -- operator debts one at a time ----------------------------------------------------

    async def by_reference(self, reference: str) -> Debt | None:
        return await self.session.scalar(select(Debt).where(Debt.reference == reference))

    async def outstanding_for_debtor(self, debtor_id: int) -> list[Debt]:
        """The debtor's open or in-plan debts, oldest first."""
        debts = await self.session.scalars(
            select(Debt)
            .where(Debt.debtor_id == debtor_id, Debt.status.in_(OUTSTANDING))
            .order_by(Debt.id)
        )
        return list(debts)

    async def count_outstanding_for_debtor(self, debtor_id: int) -> int:
        count = await self.session.scalar(
            select(func.count())
            .select_from(Debt)
            .where(Debt.debtor_id == debtor_id, Debt.status.in_(OUTSTANDING))
        )
        return count or 0
