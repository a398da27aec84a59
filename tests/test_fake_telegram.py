"""The fake Telegram Bot API server, driven by the real python-telegram-bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    LabeledPrice,
    MenuButtonCommands,
    ReplyKeyboardMarkup,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from tests.fakes.telegram import BotApiSpec, FakeTelegram, SpecCheckSkippedWarning
from tests.fakes.telegram.entities import parse_html

PROJECT_ROOT = Path(__file__).resolve().parents[1]
PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Pay debt", callback_data="pay:1"),
            InlineKeyboardButton("Later", callback_data="later"),
        ]
    ]
)
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


def test_missing_spec_warns_or_fails_on_ci(tmp_path: Path, monkeypatch) -> None:
    missing = tmp_path / "api.json"
    monkeypatch.delenv("CI", raising=False)
    with pytest.warns(SpecCheckSkippedWarning, match="NOT checked"):
        assert BotApiSpec.load(missing) is None
    monkeypatch.setenv("CI", "true")
    with pytest.raises(FileNotFoundError, match="CI=true"):
        BotApiSpec.load(missing)


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
@pytest.mark.filterwarnings("ignore:Deprecated since version v22.2")
async def test_429_retry_after_then_success(fake_telegram: FakeTelegram, fake_telegram_bot) -> None:
    user = fake_telegram.user()
    fake_telegram.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await fake_telegram_bot.send_message(user.id, "hi")
    assert caught.value.retry_after in (3, dtm.timedelta(seconds=3))
    assert user.messages == []  # not delivered
    body = fake_telegram.requests("sendMessage")[0].response
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    await fake_telegram_bot.send_message(user.id, "hi")
    assert [m.text for m in user.messages] == ["hi"]


async def test_502_is_a_network_error_twice_then_success(
    fake_telegram: FakeTelegram, fake_telegram_bot
) -> None:
    user = fake_telegram.user()
    fake_telegram.fail_next("sendMessage", status=502, times=2)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await fake_telegram_bot.send_message(user.id, "hi")
    assert user.messages == []
    assert "<html>" in fake_telegram.requests("sendMessage")[0].response
    await fake_telegram_bot.send_message(user.id, "hi")
    assert len(user.messages) == 1


async def test_unknown_chat_blocked_user_and_wrong_token(
    fake_telegram: FakeTelegram, fake_telegram_bot
) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await fake_telegram_bot.send_message(999, "hi")
    user = fake_telegram.user()
    await user.block_bot()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await fake_telegram_bot.send_message(user.id, "hi")
    member = fake_telegram.pending_updates[-1]["my_chat_member"]
    assert member["new_chat_member"]["status"] == "kicked"
    await user.unblock_bot()
    await fake_telegram_bot.send_message(user.id, "welcome back")
    with pytest.raises(InvalidToken):
        async with Bot("123:wrong", base_url=fake_telegram.base_url):
            pass
    assert fake_telegram.requests()[-1].status == 401


async def test_html_is_parsed_and_bad_html_rejected(
    fake_telegram: FakeTelegram, fake_telegram_bot
) -> None:
    user = fake_telegram.user()
    text = (
        '<b>Debt</b> &amp; <i>plan</i> <a href="https://example.org">link</a> '
        "<tg-spoiler>x</tg-spoiler> <blockquote expandable>q</blockquote> <code>c</code>"
    )
    msg = await fake_telegram_bot.send_message(user.id, text, parse_mode="HTML")
    assert msg.text == "Debt & plan link x q c"
    assert [e.type for e in msg.entities] == [
        "bold",
        "italic",
        "text_link",
        "spoiler",
        "expandable_blockquote",
        "code",
    ]
    errors = {
        "<b>open": 'Can\'t find end tag corresponding to start tag "b"',
        "<b>x</i>": 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"',
        "<div>x</div>": 'Unsupported start tag "div" at byte offset 0',
        "1 < 2": 'Unsupported start tag "" at byte offset 2',
        "x</b>": "Unexpected end tag at byte offset 1",
        '<span class="x">s</span>': 'Tag "span" must have class "tg-spoiler" at byte offset 0',
    }
    for bad, error in errors.items():
        with pytest.raises(BadRequest, match="Can't parse entities"):
            await fake_telegram_bot.send_message(user.id, bad, parse_mode="HTML")
        answer = fake_telegram.requests("sendMessage")[-1].response
        assert answer["description"] == f"Bad Request: can't parse entities: {error}"
    assert len(user.messages) == 1
    assert parse_html("🏟 <b>é</b>") == ("🏟 é", [{"type": "bold", "offset": 3, "length": 1}])


async def test_edits_deletes_and_not_modified(
    fake_telegram: FakeTelegram, fake_telegram_bot
) -> None:
    user = fake_telegram.user()
    bot = fake_telegram_bot
    msg = await bot.send_message(user.id, "one", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("one", user.id, msg.message_id, reply_markup=KEYBOARD)
    await bot.edit_message_text("two", user.id, msg.message_id, reply_markup=KEYBOARD)
    await bot.edit_message_reply_markup(user.id, msg.message_id)
    assert user.messages[0].text == "two" and user.messages[0].inline_keyboard == []
    assert [v["text"] for v in user.messages[0].history] == ["one", "two"]
    await bot.send_chat_action(user.id, "typing")
    assert user.chat_actions == ["typing"]
    reply = await bot.send_message(user.id, "re", reply_parameters=ReplyParameters(msg.message_id))
    assert reply.reply_to_message.message_id == msg.message_id
    assert await bot.delete_message(user.id, msg.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(user.id, msg.message_id)
    assert [m.text for m in user.messages] == ["re"]


async def test_send_document_multipart_photo_and_file_download(
    fake_telegram: FakeTelegram, fake_telegram_bot
) -> None:
    user = fake_telegram.user()
    bot = fake_telegram_bot
    data = b"%PDF-1.4 fake statement"
    msg = await bot.send_document(
        user.id,
        InputFile(data, filename="statement.pdf"),
        caption="Your <b>plan</b>",
        parse_mode="HTML",
    )
    request = fake_telegram.requests("sendDocument")[0]
    assert request.files["document"].data == data
    assert request.files["document"].filename == "statement.pdf"
    assert msg.document.file_name == "statement.pdf" and msg.caption == "Your plan"
    stored = user.messages[0]
    assert stored.media["document"]["file_id"] == msg.document.file_id
    assert stored.caption == "Your <b>plan</b>"
    file = await bot.get_file(msg.document.file_id)
    assert bytes(await file.download_as_bytearray()) == data
    again = await bot.send_document(user.id, msg.document.file_id)  # resend by file_id
    assert again.document.file_id == msg.document.file_id
    photo = await bot.send_photo(user.id, PNG_1X1)
    assert (photo.photo[-1].width, photo.photo[-1].height) == (1, 1)
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(user.id, b"not an image")
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_document(user.id, "no-such-file-id")


async def test_user_document_reaches_the_bot(
    fake_telegram: FakeTelegram, fake_telegram_bot
) -> None:
    user = fake_telegram.user()
    await user.send_document(b"letter", file_name="letter.pdf")
    (update,) = await fake_telegram_bot.get_updates(timeout=1)
    file = await update.message.document.get_file()
    assert bytes(await file.download_as_bytearray()) == b"letter"


# -- updates -------------------------------------------------------------------------------
async def test_get_updates_long_polling_offset_and_allowed_updates(
    fake_telegram: FakeTelegram, fake_telegram_bot
) -> None:
    bot = fake_telegram_bot
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= loop.time() - started < 3
    user = fake_telegram.user()
    waiting = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    await user.send("hello")
    (first,) = await asyncio.wait_for(waiting, 3)
    assert first.message.text == "hello" and first.message.from_user.id == user.id
    assert first.message.entities == ()
    await user.send("second")
    again = await bot.get_updates()
    assert [u.message.text for u in again] == ["hello", "second"]  # not confirmed yet
    await bot.get_updates(offset=again[-1].update_id + 1)
    assert fake_telegram.pending_updates == []
    await user.send("third")
    await user.block_bot()
    only = await bot.get_updates(allowed_updates=["my_chat_member"])
    assert [u.my_chat_member is not None for u in only] == [True]
    assert fake_telegram.updates.dropped[-1]["message"]["text"] == "third"
    assert await bot.get_updates(offset=only[-1].update_id + 1, limit=1) == ()


async def test_groups_commands_and_menu(fake_telegram: FakeTelegram, fake_telegram_bot) -> None:
    bot = fake_telegram_bot
    group = fake_telegram.group(chat_id=-100123, title="Family")
    ana = fake_telegram.user(first_name="Ana")
    await ana.send("/start@finbot_test_bot hi", chat=group)
    (update,) = await bot.get_updates()
    assert update.message.chat.type == "group" and update.message.chat.title == "Family"
    assert update.message.entities[0].length == len("/start@finbot_test_bot")
    await bot.send_message(group.id, "hello family")
    assert [m.text for m in group.messages] == ["hello family"]
    await bot.set_my_commands([BotCommand("start", "Start")])
    await bot.set_my_commands([BotCommand("ayuda", "Ayuda")], language_code="es")
    await bot.set_my_commands([BotCommand("x", "X")], scope=BotCommandScopeChat(ana.id))
    assert [c.command for c in await bot.get_my_commands(language_code="es")] == ["ayuda"]
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(ana.id))] == [
        "x"
    ]
    await bot.delete_my_commands(language_code="es")
    assert await bot.get_my_commands(language_code="es") == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "Start")])
    await bot.set_my_description("I help with debts")
    await bot.set_my_short_description("Debt helper", language_code="es")
    assert fake_telegram.short_descriptions == {"es": "Debt helper"}
    await bot.set_chat_menu_button(ana.id, MenuButtonCommands())
    assert fake_telegram.menu_buttons[ana.id] == {"type": "commands"}


async def test_invoice_payment_and_message_draft(
    fake_telegram: FakeTelegram, fake_telegram_bot
) -> None:
    bot = fake_telegram_bot
    user = fake_telegram.user()
    msg = await bot.send_invoice(
        user.id, "Plan", "Debt plan", "plan-1", "XTR", [LabeledPrice("Plan", 50)]
    )
    assert msg.invoice.total_amount == 50
    paying = asyncio.create_task(user.pay())
    (update,) = await bot.get_updates(timeout=2)
    assert update.pre_checkout_query.invoice_payload == "plan-1"
    await update.pre_checkout_query.answer(ok=True)
    record = await paying
    assert record.answer == {"ok": True, "error_message": None}
    (paid,) = await bot.get_updates(offset=update.update_id + 1, timeout=2)
    assert paid.message.successful_payment.total_amount == 50
    assert await bot.send_message_draft(
        user.id, draft_id=7, text="Thinking <i>hard</i>", parse_mode="HTML"
    )
    (draft,) = user.drafts
    assert (draft.draft_id, draft.plain_text) == (7, "Thinking hard")
    assert user.messages[-1].media["invoice"]["title"] == "Plan"  # drafts are not messages


async def test_wait_for_reply_times_out_with_a_useful_message(
    fake_telegram: FakeTelegram, fake_telegram_bot
) -> None:
    user = fake_telegram.user()
    other = fake_telegram.user()
    await user.send("anyone there?")
    await fake_telegram_bot.send_message(other.id, "wrong chat")
    with pytest.raises(AssertionError, match=r"(?s)timed out.*sendMessage.*wrong chat"):
        await user.wait_for_reply(timeout=0.3)
    with pytest.raises(AssertionError, match="no button 'Nope'"):
        await user.press("Nope")


async def test_a_slow_answer_times_out_but_the_message_is_delivered(
    fake_telegram: FakeTelegram,
) -> None:
    user = fake_telegram.user()
    fake_telegram.delay_next("sendMessage", 0.5)
    async with fake_telegram.make_bot(request=HTTPXRequest(read_timeout=0.1)) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(user.id, "hi")
    assert [m.text for m in user.messages] == ["hi"]  # like Telegram: sent, answer lost


async def test_raw_http_json_bodies_query_strings_and_error_bodies(
    fake_telegram: FakeTelegram,
) -> None:
    user = fake_telegram.user()
    api = f"{fake_telegram.base_url}{fake_telegram.token}"
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{api}/sendMessage", json={"chat_id": user.id, "text": "hi"}) as r:
            body = await r.json()
        assert r.status == 200 and body["ok"] is True and body["result"]["text"] == "hi"
        async with http.get(f"{api}/getUpdates?timeout=0") as r:
            assert await r.json() == {"ok": True, "result": []}
        async with http.get(f"{fake_telegram.base_url}123:nope/getMe") as r:
            assert r.status == 401
            assert await r.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
        with fake_telegram.expect_violations(match="unknown method 'getMee'"):
            async with http.post(f"{api}/getMee") as r:
                assert r.status == 404
                assert await r.json() == {
                    "ok": False,
                    "error_code": 404,
                    "description": "Not Found",
                }
        async with http.get(f"{fake_telegram.url}/file/bot{fake_telegram.token}/nope") as r:
            assert r.status == 404


async def test_without_the_spec_the_fake_still_works() -> None:
    async with FakeTelegram(spec=None) as fake, fake.make_bot() as bot:
        user = fake.user()
        await bot.send_message(user.id, "<b>hi</b>", parse_mode="HTML")
        assert user.messages[0].plain_text == "hi"
        assert fake.requests("sendMessage")[0].params["chat_id"] == user.id
        with pytest.raises(NetworkError, match="Not Implemented"):
            await bot.do_api_request("frobnicate")
        assert fake.unimplemented == ["fake Telegram does not implement frobnicate"]
