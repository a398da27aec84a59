"""/register ties a person to their own debts, through a phone Telegram vouches for."""

from __future__ import annotations

from sqlalchemy import select

from db.models import Debtor, User
from tests.support.builders import add_user
from tests.support.chat import answer, forged_press
from tests.support.people import invite_for, register, seed_debtor
from tests.support.rows import audit_entries


async def debtor_user_id(session_factory, debtor_id: int) -> int | None:
    async with session_factory() as session:
        return (await session.get(Debtor, debtor_id)).user_id


async def test_own_contact_links_the_imported_debtor(finbot, fake_telegram, session_factory):
    debtor_id = await seed_debtor(session_factory, phone="+34611222333", debts=2)
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    summary = await register(ana, phone="34611222333")  # Telegram sends it without '+'
    assert "Deudas encontradas a tu nombre: 2" in summary
    async with session_factory() as session:
        user = await session.scalar(select(User).where(User.telegram_id == ana.id))
        assert user.phone == "+34611222333"
        assert user.email == "ana@example.com"
        assert user.privacy_consent_at is not None and user.reminders_consent_at is not None
    assert await debtor_user_id(session_factory, debtor_id) == user.id


async def test_someone_elses_contact_is_refused(finbot, fake_telegram, session_factory):
    debtor_id = await seed_debtor(session_factory, phone="+34611222333")
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/register")
    await answer(ana, "Ana García")
    await answer(ana, "ana@example.com")
    await ana.share_contact("+34611222333", user_id=ana.id + 1, first_name="Luis")
    refusal = (await ana.wait_for_reply()).plain_text
    assert "no es el tuyo" in refusal
    assert ana.reply_keyboard == [["📱 Compartir mi teléfono"]]  # asked again
    assert await debtor_user_id(session_factory, debtor_id) is None


async def test_a_typed_phone_number_is_not_accepted(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/register")
    await answer(ana, "Ana García")
    await answer(ana, "ana@example.com")
    reply = await answer(ana, "+34611222333")
    assert "no puedo aceptar un número escrito" in reply


async def test_an_email_alone_never_links_anyone(finbot, fake_telegram, session_factory):
    debtor_id = await seed_debtor(session_factory, phone="+34699999999", email="ana@example.com")
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    summary = await register(ana, phone="+34611000111", email="ana@example.com")
    assert "No he encontrado deudas" in summary
    assert await debtor_user_id(session_factory, debtor_id) is None


async def test_bad_answers_are_asked_again_with_a_hint(finbot, fake_telegram):
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    await answer(sam, "/register")
    reply = await answer(sam, "12345")
    assert "doesn't look right" in reply and "full name" in reply
    await answer(sam, "Sam Smith")
    reply = await answer(sam, "sam at example")
    assert "name@example.com" in reply and "email" in reply
    assert "Share my phone" in await answer(sam, "sam@example.com")


async def test_cancel_leaves_registration(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/register")
    assert "lo dejamos aquí" in await answer(ana, "/cancel")
    assert "/help" in await answer(ana, "Ana García")  # no longer read as a name


async def test_registration_survives_a_restart_of_the_bot(fake_telegram, bot_settings, clock):
    from bot.app import build_application
    from bot.runtime.lifecycle import running

    ana = fake_telegram.user(first_name="Ana", language_code="es")
    async with running(build_application(bot_settings, clock=clock), poll_timeout=1):
        await answer(ana, "/register")
        await answer(ana, "Ana García")
    async with running(build_application(bot_settings, clock=clock), poll_timeout=1):
        reply = await answer(ana, "ana@example.com")
    assert "Compartir mi teléfono" in reply


async def test_privacy_refusal_keeps_nothing(finbot, fake_telegram, session_factory):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await answer(ana, "/register")
    await answer(ana, "Ana García")
    await answer(ana, "ana@example.com")
    await ana.share_contact()
    await ana.wait_for(lambda m: "¿Aceptas" in (m.plain_text or ""))
    await ana.press("No acepto")
    declined = await ana.wait_for(lambda m: "Sin tu consentimiento" in (m.plain_text or ""))
    assert "/register" in declined.plain_text
    async with session_factory() as session:
        user = await session.scalar(select(User).where(User.telegram_id == ana.id))
    assert user.email is None and user.phone is None and user.privacy_consent_at is None


async def test_the_real_debtor_registering_with_her_phone_gets_her_debts_after_a_stranger_opened_her_invite(  # noqa: E501
    finbot, fake_telegram, session_factory, clock
):
    debtor_id = await seed_debtor(session_factory, phone="+34611222333", full_name="Ana García")
    token = await invite_for(session_factory, clock, debtor_id)
    luis = fake_telegram.user(first_name="Luis", language_code="es")
    await luis.send(f"/start {token}")
    opened = await luis.wait_for_reply()
    await forged_press(fake_telegram, luis, opened, f"inv:yes:{token}")  # today's "Sí, soy yo"
    await luis.share_contact("+34699000111")  # his own phone, the only one he can share
    await luis.wait_for_reply()
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    summary = await register(ana, phone="+34611222333")
    assert "Deudas encontradas a tu nombre: 2" in summary
    assert "ya está vinculado" not in summary
    async with session_factory() as session:
        ana_id = await session.scalar(select(User.id).where(User.telegram_id == ana.id))
    assert await debtor_user_id(session_factory, debtor_id) == ana_id


async def test_her_verified_phone_takes_her_records_back_from_an_account_an_old_invite_linked(
    finbot, fake_telegram, session_factory
):
    debtor_id = await seed_debtor(session_factory, phone="+34611222333")
    async with session_factory() as session:  # linked by an invite before phones were checked
        stranger = await add_user(session)
        debtor = await session.get(Debtor, debtor_id)
        debtor.user_id, stranger_id = stranger.id, stranger.id
        await session.commit()
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    summary = await register(ana, phone="+34611222333")
    assert "Deudas encontradas a tu nombre: 2" in summary
    async with session_factory() as session:
        ana_id = await session.scalar(select(User.id).where(User.telegram_id == ana.id))
    assert await debtor_user_id(session_factory, debtor_id) == ana_id
    moved = [e for e in await audit_entries(session_factory) if e.action == "debtor.relinked"]
    assert [(e.entity_id, e.actor, e.details) for e in moved] == [
        (
            debtor_id,
            f"user:{ana_id}",
            {"via": "verified_phone", "previous_user_id": stranger_id},
        )
    ]


async def test_a_phone_another_account_verified_is_still_told_it_is_taken(
    finbot, fake_telegram, session_factory
):
    debtor_id = await seed_debtor(session_factory, phone="+34611222333")
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await register(ana, phone="+34611222333")
    second = fake_telegram.user(first_name="Ana", language_code="es")
    summary = await register(second, phone="+34611222333")
    assert "ya está vinculado a otra cuenta" in summary
    async with session_factory() as session:
        ana_id = await session.scalar(select(User.id).where(User.telegram_id == ana.id))
    assert await debtor_user_id(session_factory, debtor_id) == ana_id
