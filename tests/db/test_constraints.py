"""Integrity rules the database enforces by itself, on every engine."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import (
    AUDIT_LOG_APPEND_ONLY_MESSAGE,
    AssistantThread,
    AuditLogEntry,
    Debt,
    DebtKind,
    Installment,
    OfferStatus,
    ThreadItem,
    ThreadItemType,
)
from db.unit_of_work import UnitOfWork
from tests.support.builders import add_debtor, add_offer, add_operator_debt, add_plan, add_user

Factory = async_sessionmaker[AsyncSession]


async def test_only_one_open_offer_per_debt(uow: UnitOfWork) -> None:
    user = await add_user(uow.session)
    debt = await add_operator_debt(uow.session)
    await add_offer(uow.session, debt, user)
    with pytest.raises(IntegrityError):
        async with uow.session.begin_nested():
            await add_offer(uow.session, debt, user)


async def test_closed_offers_do_not_count_as_open(uow: UnitOfWork) -> None:
    user = await add_user(uow.session)
    debt = await add_operator_debt(uow.session)
    other_debt = await add_operator_debt(uow.session)
    first = await add_offer(uow.session, debt, user)
    first.status = OfferStatus.SUPERSEDED
    await uow.flush()
    await add_offer(uow.session, debt, user)
    await add_offer(uow.session, debt, user, status=OfferStatus.EXPIRED)
    await add_offer(uow.session, other_debt, user)
    open_offers = await uow.session.execute(
        text("SELECT debt_id, count(*) FROM offers WHERE status = 'open' GROUP BY debt_id")
    )
    assert sorted(count for _, count in open_offers) == [1, 1]


async def expect_integrity_error(factory: Factory, debt: Debt) -> None:
    async with UnitOfWork(factory) as uow:
        uow.session.add(debt)
        with pytest.raises(IntegrityError):
            await uow.flush()


async def test_operator_debts_need_a_debtor_and_a_reference(session_factory: Factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        debtor = await add_debtor(uow.session)
        user = await add_user(uow.session)
        await uow.commit()
    common = {"creditor": "Acme", "balance": Decimal("10.00"), "currency": "EUR"}

    await expect_integrity_error(
        session_factory, Debt(kind=DebtKind.OPERATOR, reference="R-1", **common)
    )
    await expect_integrity_error(
        session_factory, Debt(kind=DebtKind.OPERATOR, debtor_id=debtor.id, **common)
    )
    await expect_integrity_error(
        session_factory,
        Debt(
            kind=DebtKind.OPERATOR,
            reference="R-2",
            debtor_id=debtor.id,
            owner_user_id=user.id,
            **common,
        ),
    )
    async with UnitOfWork(session_factory) as uow:
        uow.session.add(
            Debt(kind=DebtKind.OPERATOR, reference="R-3", debtor_id=debtor.id, **common)
        )
        await uow.commit()


async def test_personal_debts_belong_to_a_user_only(session_factory: Factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        debtor = await add_debtor(uow.session)
        user = await add_user(uow.session)
        await uow.commit()
    common = {"creditor": "A friend", "balance": Decimal("50.00"), "currency": "EUR"}

    await expect_integrity_error(session_factory, Debt(kind=DebtKind.PERSONAL, **common))
    await expect_integrity_error(
        session_factory,
        Debt(kind=DebtKind.PERSONAL, owner_user_id=user.id, debtor_id=debtor.id, **common),
    )
    await expect_integrity_error(
        session_factory, Debt(kind="other", owner_user_id=user.id, **common)
    )
    async with UnitOfWork(session_factory) as uow:
        uow.session.add(Debt(kind=DebtKind.PERSONAL, owner_user_id=user.id, **common))
        await uow.commit()


async def test_status_values_are_checked(uow: UnitOfWork) -> None:
    debt = await add_operator_debt(uow.session)
    with pytest.raises(IntegrityError):
        async with uow.session.begin_nested():
            await uow.session.execute(
                update(Debt).where(Debt.id == debt.id).values(status="forgotten")
            )


async def test_foreign_keys_are_enforced(uow: UnitOfWork) -> None:
    with pytest.raises(IntegrityError):
        await add_operator_debt(uow.session, debtor=None, debtor_id=999_999)


async def test_a_debtor_links_to_at_most_one_user(uow: UnitOfWork) -> None:
    user = await add_user(uow.session)
    await add_debtor(uow.session, user_id=user.id)
    with pytest.raises(IntegrityError):
        await add_debtor(uow.session, user_id=user.id)


async def test_phone_numbers_must_look_like_e164(uow: UnitOfWork) -> None:
    await add_user(uow.session, phone="+34600111222")
    with pytest.raises(IntegrityError):
        await add_user(uow.session, phone="600111222")


async def test_deleting_a_plan_deletes_its_installments(session_factory: Factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        plan = await add_plan(uow.session, await add_operator_debt(uow.session))
        for number in (1, 2):
            uow.session.add(
                Installment(
                    plan_id=plan.id,
                    number=number,
                    due_date=dt.date(2025, number, 1),
                    amount=Decimal("750.00"),
                    principal=Decimal("750.00"),
                    interest=Decimal("0.00"),
                )
            )
        await uow.commit()

    async with UnitOfWork(session_factory) as uow:
        await uow.session.execute(text("DELETE FROM payment_plans WHERE id = :id"), {"id": plan.id})
        await uow.commit()
        remaining = await uow.session.scalar(select(func.count()).select_from(Installment))
    assert remaining == 0


async def test_thread_items_positions_are_unique_per_thread(uow: UnitOfWork) -> None:
    user = await add_user(uow.session)
    thread = AssistantThread(user_id=user.id, chat_id=user.telegram_id)
    uow.session.add(thread)
    await uow.flush()

    def item(position: int) -> ThreadItem:
        return ThreadItem(
            thread_id=thread.id,
            position=position,
            turn=1,
            item_type=ThreadItemType.MESSAGE,
            role="user",
            payload={"content": [{"type": "input_text", "text": "hola"}]},
        )

    uow.session.add_all([item(1), item(2)])
    await uow.flush()
    uow.session.add(item(2))
    with pytest.raises(IntegrityError):
        await uow.flush()


async def add_audit_entry(factory: Factory) -> int:
    async with UnitOfWork(factory) as uow:
        entry = AuditLogEntry(
            actor="operator",
            action="debt.imported",
            entity_type="debt",
            entity_id=1,
            details={"file": "debts.csv", "rows": 3},
        )
        uow.session.add(entry)
        await uow.commit()
    return entry.id


@pytest.mark.parametrize(
    "statement",
    [
        update(AuditLogEntry).values(action="tampered"),
        delete(AuditLogEntry),
    ],
    ids=["update", "delete"],
)
async def test_audit_log_is_append_only(session_factory: Factory, statement: object) -> None:
    entry_id = await add_audit_entry(session_factory)

    async with UnitOfWork(session_factory) as uow:
        with pytest.raises(IntegrityError, match=AUDIT_LOG_APPEND_ONLY_MESSAGE):
            await uow.session.execute(statement)

    async with UnitOfWork(session_factory) as uow:
        entry = await uow.session.get(AuditLogEntry, entry_id)
    assert entry is not None
    assert entry.action == "debt.imported"
    assert entry.details == {"file": "debts.csv", "rows": 3}


async def test_audit_log_rejects_orm_deletes(session_factory: Factory) -> None:
    entry_id = await add_audit_entry(session_factory)
    async with UnitOfWork(session_factory) as uow:
        entry = await uow.session.get(AuditLogEntry, entry_id)
        await uow.session.delete(entry)
        with pytest.raises(IntegrityError, match=AUDIT_LOG_APPEND_ONLY_MESSAGE):
            await uow.flush()


@pytest.mark.database_backends("postgresql")
async def test_audit_log_cannot_be_truncated(engine, database_backend: str) -> None:
    async with engine.connect() as connection:
        with pytest.raises(IntegrityError, match=AUDIT_LOG_APPEND_ONLY_MESSAGE):
            await connection.execute(text("TRUNCATE audit_log"))
