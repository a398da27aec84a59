"""The fake Bot API on the wire: faults, errors, HTML, edits, files, long polling, payments."""

from __future__ import annotations

import asyncio
import datetime as dtm

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InputFile,
    LabeledPrice,
    MenuButtonCommands,
    ReplyParameters,
)
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.request import HTTPXRequest

from tests.fakes.telegram import FakeTelegram
from tests.fakes.telegram.entities import parse_html
from tests.support.fakes import KEYBOARD, PNG_1X1


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
