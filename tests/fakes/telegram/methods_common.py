"""Shared pieces of the Bot API method handlers: registry, parameters, text and markup rules."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from .entities import EntityParseError, parse_html, utf16_len
from .models import (
    ApiError,
    Chat,
    NotImplementedByFake,
    StoredMessage,
    UploadedFile,
    bad_request,
)

if TYPE_CHECKING:
    from .server import FakeTelegram

Handler = Callable[["FakeTelegram", "Params"], Awaitable[Any]]
HANDLERS: dict[str, tuple[str, Handler]] = {}  # lower-case name -> (spec name, handler)

PARSE_MODES = {"html": "HTML", "markdown": "Markdown", "markdownv2": "MarkdownV2"}
MAX_TEXT = 4096
MAX_CAPTION = 1024
_URL_BUTTON_RE = re.compile(r"(https?|tg)://\S+")
_INLINE_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def api_method(name: str) -> Callable[[Handler], Handler]:
    """Register a handler for Bot API method ``name``."""

    def register(fn: Handler) -> Handler:
        HANDLERS[name.lower()] = (name, fn)
        return fn

    return register


class Params:
    """A request's form values (strings) and uploaded files, with typed accessors."""

    def __init__(self, raw: dict[str, str], files: dict[str, UploadedFile]):
        self.raw = raw
        self.files = files

    def has(self, key: str) -> bool:
        return key in self.raw or key in self.files

    def string(self, key: str, default: str | None = None) -> str | None:
        return self.raw.get(key, default)

    def integer(self, key: str, default: int | None = None) -> int | None:
        if key not in self.raw:
            return default
        try:
            return int(self.raw[key])
        except ValueError:
            raise bad_request(f"invalid {key} specified") from None

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.raw.get(key)
        return default if value is None else value.lower() in ("true", "1")

    def obj(self, key: str, default: Any = None) -> Any:
        if key not in self.raw:
            return default
        try:
            return json.loads(self.raw[key])
        except ValueError:
            raise bad_request(f"can't parse {key} JSON object") from None

    def require(self, key: str) -> str:
        value = self.raw.get(key)
        if value is None:
            raise bad_request(f"{key} is empty")
        return value


def format_text(text: str, parse_mode: str | None, entities: Any) -> tuple[str, list[Any]]:
    """(plain text, entities) like Telegram computes them; raises Bad Request on errors."""
    if entities is not None:
        return text, list(entities)
    if not parse_mode:
        return text, []
    mode = PARSE_MODES.get(parse_mode.lower())
    if mode is None:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    if mode == "HTML":
        try:
            return parse_html(text)
        except EntityParseError as exc:
            raise bad_request(f"can't parse entities: {exc}") from None
    return text, []  # Markdown modes are recorded but not parsed by the fake


def message_text(p: Params, key: str = "text") -> tuple[str, str | None, str, list[Any]]:
    """Raw text, parse_mode, plain text and entities of a text message request."""
    raw = p.string(key)
    if raw is None or not raw.strip():
        raise bad_request("message text is empty")
    mode = p.string("parse_mode")
    plain, ents = format_text(raw, mode, p.obj("entities"))
    if not plain.strip():
        raise bad_request("message text is empty")
    if utf16_len(plain) > MAX_TEXT:
        raise bad_request("message is too long")
    return raw, mode, plain, ents


def caption_of(p: Params) -> tuple[str | None, str | None, list[Any]]:
    """Raw caption, plain caption and caption entities (None when there is no caption)."""
    raw = p.string("caption")
    if raw is None:
        return None, None, []
    plain, ents = format_text(raw, p.string("parse_mode"), p.obj("caption_entities"))
    if utf16_len(plain) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return raw, plain, ents


def check_reply_markup(markup: Any) -> None:
    """Telegram's own checks of a reply_markup beyond its JSON shape."""
    if not isinstance(markup, dict):
        return
    for row in markup.get("inline_keyboard") or []:
        for button in row:
            if not isinstance(button, dict):
                continue
            actions = [a for a in _INLINE_ACTIONS if a in button]
            if not actions:
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are "
                    "unallowed in the inline keyboard"
                )
            data = button.get("callback_data")
            if isinstance(data, str) and not 1 <= len(data.encode()) <= 64:
                raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not _URL_BUTTON_RE.fullmatch(str(button["url"])):
                raise bad_request("BUTTON_URL_INVALID")
            if not str(button.get("text", "")).strip():
                raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    for row in markup.get("keyboard") or []:
        for button in row:
            text = button if isinstance(button, str) else button.get("text", "")
            if not str(text).strip():
                raise bad_request("can't parse keyboard button: Text must be non-empty")


def send_target(fake: FakeTelegram, p: Params) -> Chat:
    """The chat a send* request targets; Telegram's errors for unknown/blocked chats."""
    raw = p.string("chat_id")
    if raw is None:
        raise bad_request("chat_id is empty")
    chat = fake.get_chat(raw)
    if chat.type == "private" and fake.users[chat.id].blocked_bot:
        raise ApiError(403, "Forbidden: bot was blocked by the user")
    return chat


def reply_target(fake: FakeTelegram, chat: Chat, p: Params) -> StoredMessage | None:
    params = p.obj("reply_parameters")
    if not isinstance(params, dict) or "message_id" not in params:
        return None
    target_chat = chat
    if params.get("chat_id") is not None:
        target_chat = fake.get_chat(str(params["chat_id"]))
    found = fake.find_message(target_chat.id, int(params["message_id"]))
    if found is None and not params.get("allow_sending_without_reply"):
        raise bad_request("message to be replied not found")
    return found


def edit_target(fake: FakeTelegram, p: Params) -> StoredMessage:
    """The message an edit* request targets (inline messages are not simulated)."""
    if p.has("inline_message_id"):
        raise NotImplementedByFake("editing inline messages (inline_message_id)")
    if not p.has("chat_id"):
        raise bad_request("chat_id is empty")
    if not p.has("message_id"):
        raise bad_request("message identifier is not specified")
    chat = fake.get_chat(p.require("chat_id"))
    msg = fake.find_message(chat.id, p.integer("message_id") or 0)
    if msg is None:
        raise bad_request("message to edit not found")
    if not msg.from_bot:
        raise bad_request("message can't be edited")
    return msg


def inline_only(markup: Any) -> dict[str, Any] | None:
    """Edits accept only inline keyboards."""
    if markup is None:
        return None
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        raise bad_request("reply markup must be an inline keyboard")
    return markup
