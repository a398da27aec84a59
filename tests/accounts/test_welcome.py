"""A person meets finbot in Telegram: /start, /help, the menu, groups, errors."""

from __future__ import annotations

from sqlalchemy import select
from telegram.ext import CommandHandler

from bot.runtime.command_menu import MENU
from db.models import User


async def test_start_welcomes_a_spanish_speaker_and_says_it_is_an_ai(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send("/start")
    reply = await ana.wait_for_reply()
    assert "¡Hola, Ana! Soy finbot" in reply.plain_text
    assert "inteligencia artificial" in reply.plain_text
    assert "/privacy" in reply.plain_text


async def test_start_speaks_english_to_an_english_telegram_user(finbot, fake_telegram):
    sam = fake_telegram.user(first_name="Sam", language_code="en-GB")
    await sam.send("/start")
    reply = await sam.wait_for_reply()
    assert "Hi Sam! I'm finbot" in reply.plain_text
    assert "artificial intelligence assistant" in reply.plain_text


async def test_unsupported_telegram_language_falls_back_to_the_default(finbot, fake_telegram):
    marie = fake_telegram.user(first_name="Marie", language_code="fr")
    await marie.send("/help")
    reply = await marie.wait_for_reply()
    assert "Qué puedo hacer" in reply.plain_text


async def test_start_remembers_the_user(finbot, fake_telegram, session_factory):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send("/start")
    await ana.wait_for_reply()
    async with session_factory() as session:
        user = await session.scalar(select(User).where(User.telegram_id == ana.id))
    assert user is not None
    assert user.first_name == "Ana"


async def test_help_lists_the_commands(finbot, fake_telegram):
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    await sam.send("/help")
    reply = await sam.wait_for_reply()
    for command in MENU:
        if command not in ("start", "help"):
            assert f"/{command}" in reply.plain_text


async def test_the_command_menu_is_registered_in_both_languages(finbot, fake_telegram):
    calls = fake_telegram.requests("setMyCommands")
    by_language = {
        call.params.get("language_code"): {
            c["command"]: c["description"] for c in call.params["commands"]
        }
        for call in calls
    }
    assert set(by_language) == {"es", "en", None}
    assert by_language["es"]["help"] == "Qué puedo hacer"
    assert by_language["en"]["help"] == "What I can do"
    assert by_language[None] == by_language["es"]  # DEFAULT_LANGUAGE is es


async def test_unclear_text_gets_a_pointer_to_help(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    await ana.send("asdf qwerty")
    reply = await ana.wait_for_reply()
    assert "/help" in reply.plain_text


async def test_in_a_group_the_bot_says_once_it_works_in_private(finbot, fake_telegram):
    ana = fake_telegram.user(first_name="Ana", language_code="es")
    family = fake_telegram.group(title="Familia")
    await ana.send("/start", chat=family)
    notice = await ana.wait_for_reply(chat=family)
    assert "chats privados" in notice.plain_text
    assert "@finbot_test_bot" in notice.plain_text
    await ana.send("/help", chat=family)
    await ana.send("cuánto debo", chat=family)
    await ana.assert_no_reply(within=0.5, chat=family)
    assert len(family.messages) == 1


async def test_a_failing_handler_apologises_in_the_users_language(finbot, fake_telegram, caplog):
    async def broken(update, context):
        raise RuntimeError("database exploded")

    finbot.add_handler(CommandHandler("broken", broken), group=-1)
    sam = fake_telegram.user(first_name="Sam", language_code="en")
    await sam.send("/broken")
    reply = await sam.wait_for_reply()
    assert reply.plain_text.startswith("Sorry, something went wrong")
    assert "RuntimeError" not in reply.plain_text and "Traceback" not in reply.plain_text
    assert any("update" in record.message and record.exc_info for record in caplog.records)
