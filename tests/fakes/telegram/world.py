"""What the fake Telegram knows: the bot, users, chats, messages, files and queries."""

# ruff: noqa: ASYNC109 - the helpers' API takes timeout= (seconds) on purpose; every wait is
# bounded by World.wait_until, which turns a timeout into an AssertionError with a report.

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from .models import (
    CallbackQueryRecord,
    Chat,
    Draft,
    PreCheckoutRecord,
    StoredFile,
    StoredMessage,
    UserInfo,
    bad_request,
)
from .problems import ProblemLog
from .updates import UpdateQueue

if TYPE_CHECKING:
    from .actors import FakeGroup, FakeUser

T = TypeVar("T")
DEFAULT_TOKEN = "7000000001:AAFakeTokenForFinbotTests0123456789"
_FILE_PREFIX = {"photo": "AgACAgIAAxkBAAI", "document": "BQACAgIAAxkBAAI"}


class World(ProblemLog):
    """State shared by the HTTP side (the bot's requests) and the actors (fake users)."""

    def __init__(self, token: str, bot_username: str, bot_first_name: str) -> None:
        super().__init__()
        self.token = token
        self.bot_user: dict[str, Any] = {
            "id": int(token.split(":", 1)[0]),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.chats: dict[int, Chat] = {}
        self.users: dict[int, UserInfo] = {}
        self.files: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.pre_checkout_queries: dict[str, PreCheckoutRecord] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.descriptions: dict[str, str] = {}
        self.short_descriptions: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.drafts: list[Draft] = []
        self.chat_actions: list[tuple[int, str]] = []
        self.webhook: dict[str, Any] = {"url": ""}
        self.updates = UpdateQueue()
        self._messages: dict[int, list[StoredMessage]] = {}
        self._all_messages: list[StoredMessage] = []
        self._next_message_id: dict[int, int] = {}
        self._actors: dict[int, FakeUser] = {}
        self._groups: dict[int, FakeGroup] = {}
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()

    # -- change notification and bounded waiting -------------------------------------------
    def notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(
        self,
        condition: Callable[[], T],
        timeout: float = 5.0,
        describe: Callable[[], str] | str = "condition",
    ) -> T:
        """Wait until ``condition()`` is truthy and return it; AssertionError on timeout."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            changed = self._changed
            result = condition()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0:
                what = describe() if callable(describe) else describe
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {what}\n" + self.activity_report()
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), min(remaining, 0.5))

    def activity_report(self) -> str:
        """What happened so far, for assertion messages (overridden to add requests)."""
        return ""

    # -- users, chats, messages ------------------------------------------------------------
    def user(
        self,
        user_id: int | None = None,
        first_name: str = "Ana",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
    ) -> FakeUser:
        """A Telegram user who has a private chat with the bot (same handle per user_id)."""
        from .actors import FakeUser

        if user_id is None:
            user_id = 10_000 + len(self.users) + 1
            while user_id in self.users:
                user_id += 1
        if user_id in self._actors:
            return self._actors[user_id]
        info = UserInfo(user_id, first_name, last_name, username, language_code)
        self.users[user_id] = info
        self.chats[user_id] = Chat(
            user_id, "private", username=username, first_name=first_name, last_name=last_name
        )
        self._actors[user_id] = FakeUser(self, info)  # type: ignore[arg-type]
        return self._actors[user_id]

    def group(
        self, chat_id: int = -1001234567890, title: str = "Group", *, username: str | None = None
    ) -> FakeGroup:
        """A group the bot is a member of (ids <= -10**12 are supergroups)."""
        from .actors import FakeGroup

        if chat_id in self._groups:
            return self._groups[chat_id]
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        kind = "supergroup" if chat_id <= -1_000_000_000_000 else "group"
        self.chats[chat_id] = Chat(chat_id, kind, title=title, username=username)
        self._groups[chat_id] = FakeGroup(self, self.chats[chat_id])  # type: ignore[arg-type]
        return self._groups[chat_id]

    @property
    def unanswered_callback_queries(self) -> list[CallbackQueryRecord]:
        """Button presses the bot never answered (Telegram clients show a spinner)."""
        return [q for q in self.callback_queries.values() if not q.answered]

    def get_chat(self, chat_id: int | str) -> Chat:
        if isinstance(chat_id, str):
            if chat_id.lstrip("-").isdigit():
                chat_id = int(chat_id)
            else:
                name = chat_id.lstrip("@").lower()
                for chat in self.chats.values():
                    if chat.type != "private" and (chat.username or "").lower() == name:
                        return chat
                raise bad_request("chat not found")
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def messages_in(
        self, chat_id: int, *, from_bot: bool | None = True, include_deleted: bool = False
    ) -> list[StoredMessage]:
        return [
            m
            for m in self._messages.get(chat_id, [])
            if (from_bot is None or m.from_bot == from_bot) and (include_deleted or not m.deleted)
        ]

    @property
    def sent_messages(self) -> list[StoredMessage]:
        """Every message the bot sent, in all chats, oldest first (deleted ones too)."""
        return [m for m in self._all_messages if m.from_bot]

    def find_message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        for m in self._messages.get(chat_id, []):
            if m.message_id == message_id and not m.deleted:
                return m
        return None

    def add_message(
        self, chat: Chat, *, from_user: UserInfo | None = None, **fields: Any
    ) -> StoredMessage:
        """Store a new message (by the bot when from_user is None) with the next id."""
        message_id = self._next_message_id.get(chat.id, 1)
        self._next_message_id[chat.id] = message_id + 1
        sender = self.bot_user if from_user is None else from_user.wire()
        msg = StoredMessage(
            chat=chat,
            message_id=message_id,
            date=int(time.time()),
            sender=sender,
            from_bot=from_user is None,
            **fields,
        )
        self._messages.setdefault(chat.id, []).append(msg)
        self._all_messages.append(msg)
        self.check_wire(msg.wire(), "Message", "a stored message")
        return msg

    def new_id(self) -> int:
        return next(self._ids)

    def store_file(
        self,
        data: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        url: str | None = None,
    ) -> StoredFile:
        n = self.new_id()
        ext = (
            (file_name or "").rsplit(".", 1)[-1]
            if file_name and "." in file_name
            else ("jpg" if kind == "photo" else "bin")
        )
        folder = "photos" if kind == "photo" else "documents"
        stored = StoredFile(
            file_id=f"{_FILE_PREFIX.get(kind, 'CQACAgIAAxkBAAI')}{n:08d}fake{kind}",
            file_unique_id=f"AQAD{n:08d}",
            file_path=f"{folder}/file_{n}.{ext}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
            url=url,
        )
        self.files[stored.file_id] = stored
        return stored

    def push_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = self.updates.push(kind, payload)
        self.check_wire(update, "Update", f"a {kind} update")
        self.notify()
        return update
