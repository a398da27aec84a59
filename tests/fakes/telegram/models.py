"""The fake server's records: chats, messages, files, requests and problems."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


class ApiError(Exception):
    """A Bot API error answer, e.g. ``ApiError(400, "Bad Request: chat not found")``."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            out["parameters"] = self.parameters
        return out


def bad_request(text: str) -> ApiError:
    return ApiError(400, f"Bad Request: {text}")


class NotImplementedByFake(Exception):
    """The request is valid but the fake does not implement what it asks for."""


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup | channel
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    def wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass
class UserInfo:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False
    blocked_bot: bool = False

    def wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None
    url: str | None = None  # sent by URL: the fake does not fetch it, data stays empty

    def wire(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass
class StoredMessage:
    """A message in a chat; live: edits by the bot update it in place.

    ``text``/``caption`` keep the raw text as the bot sent it (with HTML tags, if any) and
    ``parse_mode`` the mode it named; ``plain_text``/``entities`` are what Telegram shows
    (and returns on the wire) after parsing.
    """

    chat: Chat
    message_id: int
    date: int
    sender: dict[str, Any]
    from_bot: bool
    text: str | None = None
    parse_mode: str | None = None
    plain_text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    plain_caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None  # as sent, any kind of markup
    media: dict[str, Any] = field(default_factory=dict)  # e.g. {"document": {...}}
    reply_to: StoredMessage | None = None
    edit_date: int | None = None
    deleted: bool = False
    history: list[dict[str, Any]] = field(default_factory=list)  # earlier versions
    params: dict[str, Any] = field(default_factory=dict)  # decoded request that made it

    @property
    def chat_id(self) -> int:
        return self.chat.id

    @property
    def version(self) -> int:
        return len(self.history)

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]]:
        markup = self.reply_markup or {}
        return markup.get("inline_keyboard", []) if isinstance(markup, dict) else []

    @property
    def button_rows(self) -> list[list[str]]:
        """Texts of the inline keyboard (or else reply keyboard) buttons, row by row."""
        markup = self.reply_markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard") or []
        return [[b if isinstance(b, str) else b.get("text", "") for b in row] for row in rows]

    @property
    def buttons(self) -> list[str]:
        return [text for row in self.button_rows for text in row]

    @property
    def callback_data(self) -> dict[str, str]:
        """Inline button text -> callback_data."""
        return {
            b["text"]: b["callback_data"]
            for row in self.inline_keyboard
            for b in row
            if "callback_data" in b
        }

    def find_button(self, label: str) -> dict[str, Any] | None:
        for row in self.inline_keyboard:
            for b in row:
                if b.get("text") == label or b.get("callback_data") == label:
                    return b
        return None

    def wire(self, *, nested: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender,
            "chat": self.chat.wire(),
            "date": self.date,
        }
        if self.edit_date is not None:
            out["edit_date"] = self.edit_date
        if self.reply_to is not None and not nested:
            out["reply_to_message"] = self.reply_to.wire(nested=True)
        if self.plain_text is not None:
            out["text"] = self.plain_text
            if self.entities:
                out["entities"] = self.entities
        out.update(self.media)
        if self.plain_caption is not None:
            out["caption"] = self.plain_caption
            if self.caption_entities:
                out["caption_entities"] = self.caption_entities
        if self.inline_keyboard:  # Telegram echoes only inline keyboards
            out["reply_markup"] = {"inline_keyboard": self.inline_keyboard}
        return out

    def __str__(self) -> str:
        body = self.text if self.text is not None else self.caption
        kinds = ",".join(self.media) or "text"
        extra = f" buttons={self.buttons}" if self.buttons else ""
        gone = " (deleted)" if self.deleted else ""
        who = "bot" if self.from_bot else self.sender.get("first_name", "user")
        return f"#{self.message_id} {who} [{kinds}] {body!r}{extra}{gone}"


@dataclass
class UploadedFile:
    name: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class RecordedRequest:
    method: str
    params: dict[str, Any]  # decoded values (ints, bools, JSON objects)
    raw_params: dict[str, str]
    files: dict[str, UploadedFile]
    time: float
    violations: list[str] = field(default_factory=list)
    status: int = 0
    response: Any = None
    fault: bool = False

    @property
    def ok(self) -> bool:
        return self.status == 200

    def __str__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.params.items())
        if self.files:
            args += f", files={sorted(self.files)}"
        answer = (
            "ok"
            if self.ok
            else (
                self.response.get("description")
                if isinstance(self.response, dict)
                else str(self.response)[:60]
            )
        )
        return f"{self.method}({args[:300]}) -> {self.status} {answer}"


@dataclass
class Problem:
    """Something that must fail the test: a spec violation, an unimplemented method, a bug."""

    kind: str  # "violation" | "unimplemented" | "fake-error"
    method: str
    message: str
    request: RecordedRequest | None = None

    def __str__(self) -> str:
        return f"[{self.kind}] {self.message}"


@dataclass
class CallbackQueryRecord:
    id: str
    user: UserInfo
    message: StoredMessage
    data: str
    message_version: int  # the message's version when the button was pressed
    answer: dict[str, Any] | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None


@dataclass
class PreCheckoutRecord:
    id: str
    user: UserInfo
    invoice_message: StoredMessage
    payload: dict[str, Any]
    answer: dict[str, Any] | None = None


@dataclass
class Draft:
    chat_id: int
    draft_id: int
    text: str | None
    parse_mode: str | None
    plain_text: str | None
    time: float


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
