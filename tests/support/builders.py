"""Small helpers that add valid rows, so tests only spell out what they check."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Debt, DebtKind, Debtor, Offer, OfferKind, PaymentPlan, PlanKind, User

_sequence = itertools.count(1)


async def add_user(session: AsyncSession, **overrides: object) -> User:
    number = next(_sequence)
    user = User(**{"telegram_id": 10_000 + number, "first_name": f"User {number}", **overrides})
    session.add(user)
    await session.flush()
    return user


async def add_debtor(session: AsyncSession, **overrides: object) -> Debtor:
    number = next(_sequence)
    debtor = Debtor(**{"full_name": f"Debtor {number}", "phone": "+34600000000", **overrides})
    session.add(debtor)
    await session.flush()
    return debtor


async def add_operator_debt(
    session: AsyncSession, debtor: Debtor | None = None, **overrides: object
) -> Debt:
    if debtor is None:
        debtor = await add_debtor(session)
    debt = Debt(
        **{
            "kind": DebtKind.OPERATOR,
            "reference": f"REF-{next(_sequence)}",
            "debtor_id": debtor.id,
            "creditor": "Acme Bank",
            "concept": "Credit card",
            "balance": Decimal("1500.00"),
            "currency": "EUR",
            **overrides,
        }
    )
    session.add(debt)
    await session.flush()
    return debt


async def add_offer(session: AsyncSession, debt: Debt, user: User, **overrides: object) -> Offer:
    offer = Offer(
        **{
            "debt_id": debt.id,
            "user_id": user.id,
            "kind": OfferKind.SETTLEMENT,
            "amount": Decimal("1200.00"),
            "discount_pct": Decimal("20.0000"),
            "expires_at": dt.datetime.now(dt.UTC) + dt.timedelta(days=7),
            **overrides,
        }
    )
    session.add(offer)
    await session.flush()
    return offer


async def add_plan(session: AsyncSession, debt: Debt, **overrides: object) -> PaymentPlan:
    plan = PaymentPlan(
        **{
            "debt_id": debt.id,
            "kind": PlanKind.INSTALLMENTS,
            "principal": debt.balance,
            "total": debt.balance,
            **overrides,
        }
    )
    session.add(plan)
    await session.flush()
    return plan
