"""The fake Telegram Bot API server, driven by the real python-telegram-bot."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from telegram import (
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    NetworkError,
)
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)

from tests.fakes.telegram import BotApiSpec, FakeTelegram
from tests.support.fakes import KEYBOARD

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ignore_do_api_request_hint = pytest.mark.filterwarnings("ignore:Please use 'Bot")


# -- a small real Application, long polling the fake ---------------------------------------
async def _start(update, context: ContextTypes.DEFAULT_TYPE) -> None:
    payload = " ".join(context.args or [])
    await update.message.reply_text(
        f"Hello <b>{update.effective_user.first_name}</b>! payload={payload or '-'}",
        reply_markup=KEYBOARD,
    )


async def _button(update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer("Noted")
    await query.edit_message_text(f"You chose {query.data}")


async def _contact(update, context: ContextTypes.DEFAULT_TYPE) -> None:
    contact = update.message.contact
    own = contact.user_id == update.effective_user.id
    await update.message.reply_text(f"phone {contact.phone_number} own={own}")


@pytest.fixture
async def echo_app(fake_telegram: FakeTelegram):
    # Like finbot's application: HTML by default, a fixed list of update kinds.
    application = (
        fake_telegram.application_builder().defaults(Defaults(parse_mode=ParseMode.HTML)).build()
    )
    application.add_handler(CommandHandler("start", _start))
    application.add_handler(CallbackQueryHandler(_button))
    application.add_handler(MessageHandler(filters.CONTACT, _contact))
    async with application:
        await application.updater.start_polling(
            poll_interval=0, timeout=1, allowed_updates=["message", "callback_query"]
        )
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()


async def test_start_command_reaches_the_handler_and_the_reply_is_recorded(
    fake_telegram: FakeTelegram, echo_app
) -> None:
    user = fake_telegram.user(first_name="Ana", language_code="es")
    await user.send("/start debt42")
    reply = await user.wait_for_reply()
    assert reply.text == "Hello <b>Ana</b>! payload=debt42"  # raw, as the bot sent it
    assert reply.parse_mode == "HTML"
    assert reply.plain_text == "Hello Ana! payload=debt42"  # what the user sees
    assert reply.entities == [{"type": "bold", "offset": 6, "length": 3}]
    assert reply.button_rows == [["Pay debt", "Later"]]
    assert reply.sender["username"] == "finbot_test_bot"
    polls = fake_telegram.requests("getUpdates")
    assert polls and polls[0].params["timeout"] == 1
    assert fake_telegram.requests("deleteWebhook")


async def test_inline_button_press_arrives_as_callback_query(
    fake_telegram: FakeTelegram, echo_app
) -> None:
    user = fake_telegram.user()
    await user.send("/start")
    await user.wait_for_reply()
    query = await user.press("Pay debt")
    edited = await user.wait_for_edit()
    assert edited.text == "You chose pay:1"
    assert edited.inline_keyboard == []  # editMessageText without reply_markup drops it
    assert query.answer == {"text": "Noted", "show_alert": False, "url": None, "cache_time": None}
    (sent,) = fake_telegram.delivered_updates("callback_query")
    assert sent["callback_query"]["data"] == "pay:1"
    assert sent["callback_query"]["message"]["message_id"] == edited.message_id


async def test_contact_sharing_own_and_someone_elses(fake_telegram: FakeTelegram, echo_app) -> None:
    user = fake_telegram.user()
    await user.share_contact("+34600111222")
    assert (await user.wait_for_reply()).text == "phone +34600111222 own=True"
    await user.share_contact("+34600999888", user_id=424242, first_name="Bea")
    assert (await user.wait_for_reply()).text == "phone +34600999888 own=False"


async def test_reply_keyboard_contact_button(fake_telegram: FakeTelegram, echo_app) -> None:
    user = fake_telegram.user()
    bot = echo_app.bot
    await bot.send_message(
        user.id,
        "Share your phone",
        reply_markup=ReplyKeyboardMarkup(
            [[KeyboardButton("Share phone", request_contact=True)]], one_time_keyboard=True
        ),
    )
    assert user.reply_keyboard == [["Share phone"]]
    await user.press("Share phone")
    assert (await user.wait_for_reply()).text.startswith("phone +1555")
    assert user.reply_keyboard == []


# -- the spec check ----------------------------------------------------------------------
@ignore_do_api_request_hint
@pytest.mark.parametrize(
    ("method", "kwargs", "error", "match"),
    [
        ("sendMesage", {"chat_id": 1, "text": "x"}, EndPointNotFound, "unknown method"),
        ("sendMessage", {"chat_id": "{user}"}, BadRequest, "missing required field 'text'"),
        (
            "sendMessage",
            {"chat_id": "{user}", "text": "x", "colour": "red"},
            BadRequest,
            "unknown field 'colour'",
        ),
        (
            "sendMessage",
            {"chat_id": "{user}", "text": "x", "disable_notification": "yes"},
            BadRequest,
            "expected Boolean",
        ),
        (
            "sendMessage",
            {"chat_id": "{user}", "text": "x", "message_thread_id": "abc"},
            BadRequest,
            "expected Integer",
        ),
        (
            "sendMessage",
            {
                "chat_id": "{user}",
                "text": "x",
                "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": 1}]]},
            },
            BadRequest,
            "callback_data: expected String",
        ),
        (
            "setMyCommands",
            {"commands": [{"command": "start"}]},
            BadRequest,
            "missing required field 'description'",
        ),
        (
            "setMyCommands",
            {
                "commands": [{"command": "a", "description": "b"}],
                "scope": {"type": "chats", "chat_id": 1},
            },
            BadRequest,
            "BotCommandScope must be one of its subtypes",
        ),
    ],
)
async def test_wrong_requests_are_caught_by_the_spec_check(
    fake_telegram: FakeTelegram, fake_telegram_bot, method, kwargs, error, match
) -> None:
    user = fake_telegram.user()
    kwargs = {k: (user.id if v == "{user}" else v) for k, v in kwargs.items()}
    with fake_telegram.expect_violations(match=match) as caught, pytest.raises(error):
        await fake_telegram_bot.do_api_request(method, api_kwargs=kwargs)
    assert caught and caught[0].request is not None
    assert user.messages == []
    assert fake_telegram.violations == []  # declared, so teardown passes


def test_spec_check_details() -> None:
    spec = BotApiSpec.load()
    assert spec is not None
    ok = {
        "chat_id": "-100123",
        "text": "x",
        "reply_parameters": '{"message_id": 3}',
        "reply_markup": '{"remove_keyboard": true}',
        "link_preview_options": "{}",
    }
    assert spec.check("sendMessage", ok, {}) == []
    assert spec.check("sendmessage", ok, {}) == []  # names are case-insensitive
    assert spec.check("sendDocument", {"chat_id": "1"}, {"document": b"x"}) == []
    assert spec.check("sendDocument", {"chat_id": "1", "document": "file-id"}, {}) == []
    assert "attach://t names no uploaded file part" in " ".join(
        spec.check(
            "sendDocument", {"chat_id": "1", "document": "id", "thumbnail": "attach://t"}, {}
        )
    )
    assert spec.check("getUpdates", {"offset": "1.5"}, {}) == [
        "getUpdates.offset: expected Integer, got '1.5'"
    ]
    assert spec.check("setChatMenuButton", {"menu_button": '{"type": "commands"}'}, {}) == []
    assert spec.check("sendMessage", {"chat_id": "1", "text": "x", "reply_markup": '{"a": 1}'}, {})


def test_a_missing_spec_stops_the_tests_rather_than_skipping_the_check(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="could not be checked"):
        BotApiSpec.load(tmp_path / "api.json")


def test_a_violation_fails_the_test_at_teardown(tmp_path: Path) -> None:
    (tmp_path / "test_bad.py").write_text(
        textwrap.dedent("""
        async def test_bad(fake_telegram):
            bot = fake_telegram.make_bot()
            async with bot:
                try:
                    await bot.do_api_request("getMe", api_kwargs={"bogus": 1})
                except Exception:
                    pass  # the bot swallows the error: the fixture must still fail the test

        async def test_good(fake_telegram):
            async with fake_telegram.make_bot() as bot:
                assert (await bot.get_me()).username == "finbot_test_bot"
        """)
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "tests.fakes.telegram.fixtures",
            "-W",
            "ignore::UserWarning",
            "--rootdir",
            str(tmp_path),
            "-o",
            "asyncio_mode=auto",
            "-p",
            "no:cacheprovider",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out
    assert "2 passed, 1 error" in out, out  # test_bad passes its body, errors at teardown
    assert "ERROR at teardown of test_bad" in out, out
    assert "getMe: unknown field 'bogus'" in out, out


async def test_unimplemented_method_fails_loudly(
    fake_telegram: FakeTelegram, fake_telegram_bot
) -> None:
    user = fake_telegram.user()
    with (
        fake_telegram.expect_violations(match="does not implement getChat"),
        pytest.raises(NetworkError, match="Not Implemented"),
    ):
        await fake_telegram_bot.get_chat(user.id)


# -- Telegram's answers ------------------------------------------------------------------
