"""People in the fake Telegram: the debtors the operator imported, registered with /register."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from db.models import Debt
from db.unit_of_work import UnitOfWork
from tests.support.builders import add_debtor, add_operator_debt
from tests.support.chat import answer

PHONE = "+34611222333"


async def seed_debtor(session_factory, *, phone: str, debts: int = 2, **fields: Any) -> int:
    """An imported debtor with `debts` open operator debts; returns the debtor's id."""
    async with session_factory() as session:
        debtor = await add_debtor(session, phone=phone, **fields)
        for number in range(debts):
            await add_operator_debt(
                session, debtor, creditor=f"Banco {number + 1}", balance=Decimal("1200.00")
            )
        await session.commit()
        return debtor.id


async def invite_for(session_factory, clock, debtor_id: int) -> str:
    """The token of a new 14-day invite for the debtor, as `finbot invite` makes it."""
    from services.accounts import invites

    async with session_factory() as session:
        reference = await session.scalar(select(Debt.reference).where(Debt.debtor_id == debtor_id))
    async with UnitOfWork(session_factory) as uow:
        invite = await invites.create_invite(
            uow, reference=reference, now=clock(), ttl=timedelta(days=14)
        )
        await uow.commit()
    return invite.token


async def register(
    ana,
    *,
    phone: str | None = None,
    contact_user_id: int | None = None,
    email: str = "ana@example.com",
) -> str:
    await answer(ana, "/register")
    await answer(ana, "Ana García López")
    asked_phone = await answer(ana, email)
    assert "Compartir mi teléfono" in asked_phone
    assert ana.reply_keyboard == [["📱 Compartir mi teléfono"]]
    await ana.share_contact(phone, user_id=contact_user_id)
    await ana.wait_for(lambda m: "¿Aceptas" in (m.plain_text or ""))
    await ana.press("Acepto")
    await ana.wait_for(lambda m: "recuerde" in (m.plain_text or ""))
    await ana.press("Sí, recuérdamelo")
    return (await ana.wait_for(lambda m: "Registro completado" in (m.plain_text or ""))).plain_text


async def registered_debtor(fake_telegram, session_factory, *, phone: str = PHONE, **user):
    """A registered Spanish-speaking debtor with two debts of 1.200,00 € (Banco 1, Banco 2)."""
    await seed_debtor(session_factory, phone=phone, debts=2)
    person = fake_telegram.user(**{"first_name": "Ana", "language_code": "es", **user})
    await register(person, phone=phone)
    return person


async def registered_with(fake_telegram, session_factory, *debts, phone=PHONE):
    """A registered Spanish-speaking user whose imported debts are `debts` (column dicts)."""
    async with session_factory() as session:
        debtor = await add_debtor(session, phone=phone)
        for terms in debts:
            await add_operator_debt(session, debtor, **terms)
        await session.commit()
    person = fake_telegram.user(first_name="Lucía", language_code="es")
    await register(person, phone=phone)
    return person


async def strangers_debt(fake_telegram, session_factory) -> int:
    """Roberto, another registered debtor, with a debt nobody else may see."""
    async with session_factory() as session:
        roberto = await add_debtor(session, phone="+34622333444")
        debt = await add_operator_debt(
            session, roberto, creditor="Banco Secreto de Roberto", reference="ROB-SECRET-77",
            balance=Decimal("7777.77"),
        )  # fmt: skip
        await session.commit()
        debt_id = debt.id
    person = fake_telegram.user(first_name="Roberto", language_code="es")
    await register(person, phone="+34622333444", email="roberto@example.com")
    return debt_id
