"""Operator debts, read and written in bulk for the CSV import, and one at a time."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Debt, DebtKind, DebtStatus

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
