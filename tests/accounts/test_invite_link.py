"""An operator's invite link ties this Telegram account to that debtor, once, and only when
the person proves it: their own phone when the operator has one, a confirmation otherwise.
Until then the bot says who the invitation is from, never whom it is for."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Debtor, Invite, User
from tests.support.builders import add_user
from tests.support.chat import forged_press
from tests.support.people import invite_for, register, seed_debtor
from tests.support.rows import audit_entries

PHONE = "+34611222333"


async def debtor_user_id(session_factory, debtor_id: int) -> int | None:
    async with session_factory() as session:
        return (await session.get(Debtor, debtor_id)).user_id


def with_phone(person, phone: str):
    """`person`, whose own number (what Telegram's share button sends) is `phone`."""
    person.phone_number = phone
    return person


async def user_id_of(session_factory, person) -> int:
    async with session_factory() as session:
        return await session.scalar(select(User.id).where(User.telegram_id == person.id))


async def test_opening_an_invite_says_who_it_is_from_but_not_whose_debts(
    finbot, fake_telegram, session_factory, clock
):
    debtor_id = await seed_debtor(session_factory, phone=PHONE, debts=3, full_name="Ana García")
    token = await invite_for(session_factory, clock, debtor_id)
    luis = fake_telegram.user(first_name="Luis", language_code="es")
    await luis.send(f"/start {token}")
    offer = (await luis.wait_for_reply()).plain_text
    assert "Esta invitación es de Cobros Ejemplo, en nombre de Banco 1, Banco 2, Banco 3" in offer
    assert "Ana" not in offer and "García" not in offer and "3" not in offer.split("Banco 3")[1]
    assert "1.200" not in offer and "deudas abiertas" not in offer.lower()
    assert luis.reply_keyboard == [["📱 Compartir mi teléfono"]]
    assert await debtor_user_id(session_factory, debtor_id) is None


async def test_an_invite_links_the_person_who_shares_the_debtors_phone(
    finbot, fake_telegram, session_factory, clock
):
    debtor_id = await seed_debtor(session_factory, phone=PHONE, debts=3)
    token = await invite_for(session_factory, clock, debtor_id)
    ana = with_phone(fake_telegram.user(first_name="Ana", language_code="es"), "34611222333")
    await ana.send(f"/start {token}")
    await ana.wait_for_reply()
    await ana.press("📱 Compartir mi teléfono")  # Telegram sends it without the '+'
    linked = await ana.wait_for(lambda m: "Cuenta vinculada" in (m.plain_text or ""))
    assert "Deudas abiertas: 3" in linked.plain_text
    assert ana.reply_keyboard == []
    ana_id = await user_id_of(session_factory, ana)
    assert await debtor_user_id(session_factory, debtor_id) == ana_id
    entry = (await audit_entries(session_factory))[-1]
    assert (entry.action, entry.actor) == ("debtor.linked", f"user:{ana_id}")
    assert entry.details["phone_verified"] is True


async def test_a_stranger_with_the_link_and_another_phone_links_nothing_and_is_told_what_to_do(
    finbot, fake_telegram, session_factory, clock
):
    debtor_id = await seed_debtor(session_factory, phone=PHONE, full_name="Ana García")
    token = await invite_for(session_factory, clock, debtor_id)
    luis = with_phone(fake_telegram.user(first_name="Luis", language_code="en"), "+34699000111")
    await luis.send(f"/start {token}")
    await luis.wait_for_reply()
    await luis.press("📱 Share my phone")
    refusal = (await luis.wait_for_reply()).plain_text
    assert "isn't the one we have" in refusal and "atencion@example.com" in refusal
    assert "Ana" not in refusal
    assert luis.reply_keyboard == []
    assert await debtor_user_id(session_factory, debtor_id) is None
    luis_id = await user_id_of(session_factory, luis)
    entry = (await audit_entries(session_factory))[-1]
    assert (entry.action, entry.actor) == ("invite.phone_mismatch", f"user:{luis_id}")
    # the invite still works for Ana
    ana = with_phone(fake_telegram.user(first_name="Ana", language_code="es"), PHONE)
    await ana.send(f"/start {token}")
    await ana.wait_for_reply()
    await ana.press("📱 Compartir mi teléfono")
    await ana.wait_for(lambda m: "Cuenta vinculada" in (m.plain_text or ""))
    assert await debtor_user_id(session_factory, debtor_id) == await user_id_of(
        session_factory, ana
    )


async def test_someone_elses_contact_does_not_open_an_invite(
    finbot, fake_telegram, session_factory, clock
):
    debtor_id = await seed_debtor(session_factory, phone=PHONE)
    token = await invite_for(session_factory, clock, debtor_id)
    luis = fake_telegram.user(first_name="Luis", language_code="es")
    await luis.send(f"/start {token}")
    await luis.wait_for_reply()
    await luis.share_contact(PHONE, user_id=luis.id + 1, first_name="Ana")
    refusal = (await luis.wait_for_reply()).plain_text
    assert "no es el tuyo" in refusal
    assert luis.reply_keyboard == [["📱 Compartir mi teléfono"]]  # asked again
    await luis.send(PHONE)  # typed: not accepted either
    assert "no escrito" in (await luis.wait_for_reply()).plain_text
    assert await debtor_user_id(session_factory, debtor_id) is None


async def test_a_forged_yes_button_does_not_skip_the_phone(
    finbot, fake_telegram, session_factory, clock
):
    debtor_id = await seed_debtor(session_factory, phone=PHONE)
    token = await invite_for(session_factory, clock, debtor_id)
    luis = fake_telegram.user(first_name="Luis", language_code="es")
    await luis.send(f"/start {token}")
    opened = await luis.wait_for_reply()
    await forged_press(fake_telegram, luis, opened, f"inv:yes:{token}")
    refusal = (await luis.wait_for_reply()).plain_text
    assert "comparte tu teléfono" in refusal
    assert await debtor_user_id(session_factory, debtor_id) is None


async def test_an_invite_works_once(finbot, fake_telegram, session_factory, clock):
    debtor_id = await seed_debtor(session_factory, phone=PHONE)
    token = await invite_for(session_factory, clock, debtor_id)
    ana = with_phone(fake_telegram.user(first_name="Ana", language_code="es"), PHONE)
    await ana.send(f"/start {token}")
    await ana.wait_for_reply()
    await ana.press("📱 Compartir mi teléfono")
    await ana.wait_for(lambda m: "Cuenta vinculada" in (m.plain_text or ""))
    await ana.send(f"/start {token}")  # a second tap on the link
    again = (await ana.wait_for_reply()).plain_text
    assert "ya está vinculada" in again and "Deudas abiertas: 2" in again
    luis = fake_telegram.user(first_name="Luis", language_code="es")
    await luis.send(f"/start {token}")
    refusal = (await luis.wait_for_reply()).plain_text
    assert "ya se ha usado" in refusal


async def test_an_invite_for_a_debtor_linked_to_someone_else_shows_no_name(
    finbot, fake_telegram, session_factory, clock
):
    debtor_id = await seed_debtor(session_factory, phone=PHONE, full_name="Ana García")
    token = await invite_for(session_factory, clock, debtor_id)
    async with session_factory() as session:  # linked meanwhile, as by another invite
        holder = await add_user(session)
        (await session.get(Debtor, debtor_id)).user_id = holder.id
        await session.commit()
    luis = fake_telegram.user(first_name="Luis", language_code="es")
    await luis.send(f"/start {token}")
    refusal = (await luis.wait_for_reply()).plain_text
    assert "ya están vinculados a otra cuenta" in refusal
    assert "Ana" not in refusal and "Banco" not in refusal
    assert luis.reply_keyboard == []


async def test_an_invite_for_a_debtor_without_a_phone_is_confirmed_without_naming_them(
    finbot, fake_telegram, session_factory, clock
):
    debtor_id = await seed_debtor(session_factory, phone=None, debts=3, full_name="Ana García")
    token = await invite_for(session_factory, clock, debtor_id)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send(f"/start {token}")
    offer = (await ana.wait_for_reply()).plain_text
    assert "Esta invitación es de Cobros Ejemplo, en nombre de Banco 1" in offer
    assert "García" not in offer and "deudas abiertas" not in offer.lower()
    assert await debtor_user_id(session_factory, debtor_id) is None  # not before confirming
    await ana.press("Sí, soy yo")
    linked = await ana.wait_for(lambda m: "Cuenta vinculada" in (m.plain_text or ""))
    assert "Deudas abiertas: 3" in linked.plain_text
    assert await debtor_user_id(session_factory, debtor_id) == await user_id_of(
        session_factory, ana
    )


async def test_an_expired_invite_is_refused(finbot, fake_telegram, session_factory, clock):
    debtor_id = await seed_debtor(session_factory, phone=PHONE)
    token = await invite_for(session_factory, clock, debtor_id)
    clock.advance(days=15)
    ana = fake_telegram.user(first_name="Ana", language_code="en")
    await ana.send(f"/start {token}")
    assert "has expired" in (await ana.wait_for_reply()).plain_text


async def test_declining_an_invite_links_nothing(finbot, fake_telegram, session_factory, clock):
    debtor_id = await seed_debtor(session_factory, phone=None)
    token = await invite_for(session_factory, clock, debtor_id)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send(f"/start {token}")
    await ana.wait_for_reply()
    await ana.press("No soy yo")
    await ana.wait_for(lambda m: "no he vinculado nada" in (m.plain_text or ""))
    assert await debtor_user_id(session_factory, debtor_id) is None


async def test_a_made_up_start_payload_gets_a_clear_answer(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send("/start abcdefghijklmnopqrstuvwxyz012345")
    assert "no es válido" in (await ana.wait_for_reply()).plain_text


async def test_her_invite_opened_by_a_stranger_is_still_hers_when_she_registers(
    finbot, fake_telegram, session_factory, clock
):
    debtor_id = await seed_debtor(session_factory, phone=PHONE)
    token = await invite_for(session_factory, clock, debtor_id)
    luis = with_phone(fake_telegram.user(first_name="Luis", language_code="es"), "+34699000111")
    await luis.send(f"/start {token}")
    await luis.wait_for_reply()
    await luis.press("📱 Compartir mi teléfono")
    await luis.wait_for_reply()
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    assert "Deudas encontradas a tu nombre: 2" in await register(ana, phone=PHONE)
    async with session_factory() as session:
        invite = await session.scalar(select(Invite))
    assert invite.used_at is None
