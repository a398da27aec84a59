"""An operator's invite link ties this Telegram account to that debtor, once, on confirmation."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from db.models import Debt, Debtor
from db.unit_of_work import UnitOfWork
from services.accounts import invites
from tests.support.people import seed_debtor


async def make_invite(session_factory, clock, debtor_id: int) -> str:
    async with session_factory() as session:
        reference = await session.scalar(select(Debt.reference).where(Debt.debtor_id == debtor_id))
    async with UnitOfWork(session_factory) as uow:
        token = await invites.create_invite(
            uow, reference=reference, now=clock(), ttl=timedelta(days=14)
        )
        await uow.commit()
    return token


async def test_invite_links_the_account_after_the_user_confirms(
    finbot, fake_telegram, session_factory, clock
):
    debtor_id = await seed_debtor(
        session_factory, phone="+34611222333", debts=3, full_name="Ana García"
    )
    token = await make_invite(session_factory, clock, debtor_id)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send(f"/start {token}")
    offer = await ana.wait_for_reply()
    assert "Ana García" in offer.plain_text and "deudas abiertas: 3" in offer.plain_text
    async with session_factory() as session:
        assert (await session.get(Debtor, debtor_id)).user_id is None  # not before confirming
    await ana.press("Sí, soy yo")
    linked = await ana.wait_for(lambda m: "Cuenta vinculada" in (m.plain_text or ""))
    assert "Deudas abiertas: 3" in linked.plain_text
    async with session_factory() as session:
        assert (await session.get(Debtor, debtor_id)).user_id is not None


async def test_an_invite_works_once(finbot, fake_telegram, session_factory, clock):
    debtor_id = await seed_debtor(session_factory, phone="+34611222333")
    token = await make_invite(session_factory, clock, debtor_id)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send(f"/start {token}")
    await ana.wait_for_reply()
    await ana.press("Sí, soy yo")
    await ana.wait_for(lambda m: "Cuenta vinculada" in (m.plain_text or ""))
    luis = fake_telegram.user(first_name="Luis", language_code="es")
    await luis.send(f"/start {token}")
    refusal = await luis.wait_for_reply()
    assert "ya se ha usado" in refusal.plain_text


async def test_an_expired_invite_is_refused(finbot, fake_telegram, session_factory, clock):
    debtor_id = await seed_debtor(session_factory, phone="+34611222333")
    token = await make_invite(session_factory, clock, debtor_id)
    clock.advance(days=15)
    ana = fake_telegram.user(first_name="Ana", language_code="en")
    await ana.send(f"/start {token}")
    assert "has expired" in (await ana.wait_for_reply()).plain_text


async def test_declining_an_invite_links_nothing(finbot, fake_telegram, session_factory, clock):
    debtor_id = await seed_debtor(session_factory, phone="+34611222333")
    token = await make_invite(session_factory, clock, debtor_id)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send(f"/start {token}")
    await ana.wait_for_reply()
    await ana.press("No soy yo")
    await ana.wait_for(lambda m: "no he vinculado nada" in (m.plain_text or ""))
    async with session_factory() as session:
        assert (await session.get(Debtor, debtor_id)).user_id is None


async def test_a_made_up_start_payload_gets_a_clear_answer(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send("/start abcdefghijklmnopqrstuvwxyz012345")
    assert "no es válido" in (await ana.wait_for_reply()).plain_text
