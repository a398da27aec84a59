"""/deletedata erases what a person typed into an unfinished flow and their conversations at
OpenAI; /mydata shows those flow steps; steps left alone are purged by the scheduler."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.app import build_application
from bot.runtime.lifecycle import running
from db.models import AssistantThread, ChatFlow
from db.unit_of_work import UnitOfWork
from services import accounts
from tests.support.assistant import with_settings
from tests.support.bot import TEST_SECRET_KEY
from tests.support.chat import answer, said, sent_json
from tests.support.people import registered_debtor
from tests.support.rows import all_rows, eventually, every_stored_value, mentions

NAME, EMAIL, PHONE = "Ana Garcia Lopez", "ana.garcia@example.com", "+34611222333"


async def half_registered(person) -> None:
    """Name, email and phone given; the consent question not answered yet."""
    await answer(person, "/register")
    await answer(person, NAME)
    await answer(person, EMAIL)
    await person.share_contact(PHONE)
    await person.wait_for(lambda m: "reg:privacy:yes" in str(m.reply_markup))


async def test_deletedata_in_the_middle_of_registering_erases_the_name_email_and_phone_typed(
    finbot, fake_telegram, engine, session_factory
):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await half_registered(ana)
    [step] = await all_rows(session_factory, ChatFlow)
    assert (step.data["full_name"], step.data["email"], step.data["phone"]) == (NAME, EMAIL, PHONE)

    assert "¿Seguro" in await answer(ana, "/deletedata")
    await ana.press("Sí, borrar mis datos")
    assert "se han borrado" in (await ana.wait_for_edit()).plain_text

    assert await all_rows(session_factory, ChatFlow) == []
    stored = await every_stored_value(engine)
    for personal in (NAME, EMAIL, PHONE):
        assert not mentions(stored, personal), personal


@pytest.mark.parametrize(
    ("language", "told"),
    [
        ("es", "Incluye lo que escribiste en el registro y dejaste a medias"),
        ("en", "It includes what you typed into your registration and left unfinished"),
    ],
)
async def test_mydata_in_the_middle_of_registering_shows_what_was_typed(
    finbot, fake_telegram, language, told
):
    ana = fake_telegram.user(first_name="Ana", language_code=language)
    await half_registered(ana)
    await ana.send("/mydata")
    document = await ana.wait_for(lambda m: "document" in m.media)
    assert told in document.plain_caption and "7" in document.plain_caption
    [step] = sent_json(fake_telegram, document)["chat_flows"]
    assert (step["flow"], step["step"]) == ("register", "privacy")
    assert step["data"] == {"full_name": NAME, "email": EMAIL, "phone": PHONE}


async def test_flow_steps_left_alone_longer_than_the_retention_are_purged_by_the_scheduler(
    fake_telegram, bot_settings, clock, session_factory
):
    now = clock()
    async with UnitOfWork(session_factory) as uow:
        for chat_id, untouched in ((111, timedelta(days=8)), (222, timedelta(days=6))):
            uow.session.add(
                ChatFlow(
                    chat_id=chat_id, flow="register", step="phone", data={"email": EMAIL},
                    created_at=now - untouched, updated_at=now - untouched,
                )
            )  # fmt: skip
        await uow.commit()

    application = build_application(bot_settings, clock=clock)
    async with running(application, poll_timeout=1):
        await eventually(lambda: no_flow_in(session_factory, 111))  # a second after start
    assert await flow_chats(session_factory) == [222]


async def no_flow_in(session_factory, chat_id: int) -> bool:
    return chat_id not in await flow_chats(session_factory)


async def flow_chats(session_factory) -> list[int]:
    return [row.chat_id for row in await all_rows(session_factory, ChatFlow)]


# --- OpenAI Conversations (ASSISTANT_THREADS=openai) ---------------------------------------


@pytest.fixture
def settings_changes() -> dict:
    return {}


@pytest.fixture
def assistant_settings(assistant_settings, settings_changes):
    return assistant_settings.model_copy(update=settings_changes)


async def two_conversations(ana, fake_openai) -> list[str]:
    """Ana talks to the assistant, starts /newchat and talks again: two Conversations."""
    fake_openai.script.reply_text("Hola, Ana.").reply_text("De nuevo, hola.")
    await ana.send("Hola")
    await ana.wait_for(said("Hola, Ana."))
    await answer(ana, "/newchat")
    await ana.send("Hola otra vez")
    await ana.wait_for(said("De nuevo, hola."))
    assert len(fake_openai.conversations.by_id) == 2
    return list(fake_openai.conversations.by_id)


async def erase(ana) -> None:
    await answer(ana, "/deletedata")
    await ana.press("Sí, borrar mis datos")
    assert "se han borrado" in (await ana.wait_for_edit()).plain_text


def deletions(fake_openai) -> list:
    return [r for r in fake_openai.log if r.method == "DELETE" and "/conversations/" in r.path]


@with_settings(assistant_threads="openai")
async def test_deletedata_deletes_the_persons_conversations_at_openai(
    assistant_bot, fake_telegram, fake_openai, session_factory
):
    ana = await registered_debtor(fake_telegram, session_factory)
    conversations = await two_conversations(ana, fake_openai)
    await erase(ana)
    await eventually(lambda: len(deletions(fake_openai)) == 2)  # right after the erasure
    assert sorted(r.path.rsplit("/", 1)[1] for r in deletions(fake_openai)) == sorted(conversations)
    assert fake_openai.conversations.by_id == {}
    assert await all_rows(session_factory, AssistantThread) == []


@with_settings(assistant_threads="openai", assistant_max_retries=0)
async def test_an_openai_outage_does_not_stop_the_erasure_and_logs_no_ids(
    assistant_bot, fake_telegram, fake_openai, session_factory, caplog
):
    ana = await registered_debtor(fake_telegram, session_factory)
    first, _ = await two_conversations(ana, fake_openai)
    fake_openai.fail_next(500, path=f"/v1/conversations/{first}")
    await erase(ana)
    await eventually(lambda: len(deletions(fake_openai)) == 2)
    assert list(fake_openai.conversations.by_id) == [first]  # the other one still went
    assert await all_rows(session_factory, AssistantThread) == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert "could not delete an erased user's OpenAI conversation: InternalServerError 500" in (
        warnings
    )
    assert first not in caplog.text and PHONE not in caplog.text


@with_settings(assistant_threads="openai")
async def test_conversations_made_with_the_persons_own_key_are_deleted_with_it(
    assistant_bot, fake_telegram, fake_openai, session_factory, clock
):
    ana = await registered_debtor(fake_telegram, session_factory)
    async with UnitOfWork(session_factory) as uow:
        user = await uow.users.by_telegram_id(ana.id)
        await accounts.store_api_key(
            uow, user_id=user.id, key=OWN_KEY, secret_key=TEST_SECRET_KEY, now=clock()
        )
        await uow.commit()
    await two_conversations(ana, fake_openai)
    await erase(ana)
    await eventually(lambda: len(deletions(fake_openai)) == 2)
    assert {r.headers["Authorization"] for r in deletions(fake_openai)} == {f"Bearer {OWN_KEY}"}
    assert fake_openai.conversations.by_id == {}


OWN_KEY = "sk-proj-AnaOwnKey0123456789abcdefWXYZ"
