"""Text messages: send, edit, delete, chat actions and message drafts."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from .entities import utf16_len
from .methods_common import (
    MAX_TEXT,
    Params,
    api_method,
    caption_of,
    check_reply_markup,
    edit_target,
    format_text,
    inline_only,
    message_text,
    reply_target,
    send_target,
)
from .models import Draft, NotImplementedByFake, StoredMessage, bad_request

if TYPE_CHECKING:
    from .server import FakeTelegram

CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)


@api_method("sendMessage")
async def send_message(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    chat = send_target(fake, p)
    raw, mode, plain, ents = message_text(p)
    markup = p.obj("reply_markup")
    check_reply_markup(markup)
    msg = fake.add_message(
        chat,
        text=raw,
        parse_mode=mode,
        plain_text=plain,
        entities=ents,
        reply_markup=markup,
        reply_to=reply_target(fake, chat, p),
        params=dict(p.raw),
    )
    fake.track_reply_keyboard(chat.id, markup)
    return msg.wire()


def _snapshot(msg: StoredMessage) -> None:
    msg.history.append(
        {
            "text": msg.text,
            "plain_text": msg.plain_text,
            "entities": msg.entities,
            "caption": msg.caption,
            "reply_markup": msg.reply_markup,
            "edit_date": msg.edit_date,
        }
    )


def _finish_edit(fake: FakeTelegram, msg: StoredMessage) -> dict[str, Any]:
    msg.edit_date = int(time.time())
    fake.check_wire(msg.wire(), "Message", "an edited message")
    return msg.wire()


@api_method("editMessageText")
async def edit_message_text(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    if p.has("rich_message"):
        raise NotImplementedByFake("editMessageText with rich_message")
    msg = edit_target(fake, p)
    if msg.plain_text is None:
        raise bad_request("there is no text in the message to edit")
    raw, mode, plain, ents = message_text(p)
    # Without reply_markup the inline keyboard is removed, as in Telegram.
    markup = inline_only(p.obj("reply_markup"))
    check_reply_markup(markup)
    new_keyboard = (markup or {}).get("inline_keyboard", [])
    if plain == msg.plain_text and ents == msg.entities and new_keyboard == msg.inline_keyboard:
        raise bad_request(NOT_MODIFIED)
    _snapshot(msg)
    msg.text, msg.parse_mode, msg.plain_text, msg.entities = raw, mode, plain, ents
    msg.reply_markup = markup
    return _finish_edit(fake, msg)


@api_method("editMessageReplyMarkup")
async def edit_message_reply_markup(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    msg = edit_target(fake, p)
    markup = inline_only(p.obj("reply_markup"))
    check_reply_markup(markup)
    if (markup or {}).get("inline_keyboard", []) == msg.inline_keyboard:
        raise bad_request(NOT_MODIFIED)
    _snapshot(msg)
    msg.reply_markup = markup
    return _finish_edit(fake, msg)


@api_method("editMessageCaption")
async def edit_message_caption(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    msg = edit_target(fake, p)
    if msg.plain_text is not None or not msg.media:
        raise bad_request("there is no caption in the message to edit")
    raw, plain, ents = caption_of(p)
    markup = inline_only(p.obj("reply_markup"))
    check_reply_markup(markup)
    new_keyboard = (markup or {}).get("inline_keyboard", [])
    if (
        plain == msg.plain_caption
        and ents == msg.caption_entities
        and new_keyboard == msg.inline_keyboard
    ):
        raise bad_request(NOT_MODIFIED)
    _snapshot(msg)
    msg.caption, msg.plain_caption, msg.caption_entities = raw, plain, ents
    msg.reply_markup = markup
    return _finish_edit(fake, msg)


@api_method("deleteMessage")
async def delete_message(fake: FakeTelegram, p: Params) -> bool:
    chat = fake.get_chat(p.require("chat_id"))
    msg = fake.find_message(chat.id, p.integer("message_id") or 0)
    if msg is None:
        raise bad_request("message to delete not found")
    msg.deleted = True
    return True


@api_method("deleteMessages")
async def delete_messages(fake: FakeTelegram, p: Params) -> bool:
    chat = fake.get_chat(p.require("chat_id"))
    for message_id in p.obj("message_ids") or []:
        msg = fake.find_message(chat.id, int(message_id))
        if msg is not None:
            msg.deleted = True
    return True


@api_method("sendChatAction")
async def send_chat_action(fake: FakeTelegram, p: Params) -> bool:
    chat = send_target(fake, p)
    action = p.require("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    fake.chat_actions.append((chat.id, action))
    return True


@api_method("sendMessageDraft")
async def send_message_draft(fake: FakeTelegram, p: Params) -> bool:
    chat = send_target(fake, p)
    if chat.type != "private":
        raise bad_request("drafts can be sent only to private chats")
    draft_id = p.integer("draft_id") or 0
    if draft_id == 0:
        raise bad_request("draft_id must be non-zero")
    raw = p.string("text")
    mode = p.string("parse_mode")
    plain = None
    if raw is not None:
        plain, _ = format_text(raw, mode, p.obj("entities"))
        if utf16_len(plain) > MAX_TEXT:
            raise bad_request("message is too long")
    fake.drafts.append(Draft(chat.id, draft_id, raw, mode, plain, time.time()))
    return True
