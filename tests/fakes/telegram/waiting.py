"""Waiting for the bot's answers to a fake user's actions, always with a time limit."""

# ruff: noqa: ASYNC109 - the helpers' API takes timeout= (seconds) on purpose; every wait is
# bounded by World.wait_until, which turns a timeout into an AssertionError with a report.

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .models import CallbackQueryRecord, Chat, StoredMessage

if TYPE_CHECKING:
    from .server import FakeTelegram


class ReplyWaiter:
    """Per chat, a cursor into the bot's messages: each user action moves it to "now", and
    ``wait_for_reply`` returns the bot messages after it, one by one."""

    fake: FakeTelegram
    _last_press: CallbackQueryRecord | None
    last_message: StoredMessage | None

    def __init__(self) -> None:
        self._cursor: dict[int, int] = {}
        self._versions: dict[tuple[int, int], int] = {}
        self._last_press = None

    def _chat(self, chat: Any) -> Chat:
        raise NotImplementedError

    def _mark(self, chat: Chat) -> None:
        """From now on, wait_for_reply looks at bot messages sent after this point."""
        sent = self.fake.messages_in(chat.id, include_deleted=True)
        self._cursor[chat.id] = len(sent)
        for m in sent:
            self._versions[(chat.id, m.message_id)] = m.version

    def _new_messages(self, chat: Chat) -> list[StoredMessage]:
        sent = self.fake.messages_in(chat.id, include_deleted=True)
        return sent[self._cursor.get(chat.id, 0) :]

    async def wait_for(
        self, predicate: Callable[[StoredMessage], Any], timeout: float = 5.0, *, chat: Any = None
    ) -> StoredMessage:
        """The next bot message to the chat matching ``predicate`` (after earlier ones)."""
        target = self._chat(chat)

        def found() -> StoredMessage | None:
            for m in self._new_messages(target):
                self._cursor[target.id] = self._cursor.get(target.id, 0) + 1
                if predicate(m):
                    return m
            return None

        def describe() -> str:
            return (
                f"a bot message to chat {target.id}; the bot sent there: "
                f"{[str(m) for m in self.fake.messages_in(target.id, include_deleted=True)]}"
            )

        return await self.fake.wait_until(found, timeout, describe)

    async def wait_for_reply(self, timeout: float = 5.0, *, chat: Any = None) -> StoredMessage:
        """The next message the bot sends to the chat after the user's last action."""
        return await self.wait_for(lambda m: True, timeout, chat=chat)

    async def wait_for_replies(
        self, count: int, timeout: float = 5.0, *, chat: Any = None
    ) -> list[StoredMessage]:
        return [await self.wait_for_reply(timeout, chat=chat) for _ in range(count)]

    async def wait_for_edit(
        self, message: StoredMessage | None = None, timeout: float = 5.0
    ) -> StoredMessage:
        """Wait until ``message`` (default: the one whose button was pressed last) is edited
        after the user's last action."""
        msg = message or (self._last_press.message if self._last_press else self.last_message)
        if msg is None:
            raise AssertionError("no message to wait for an edit of")
        base = self._versions.get((msg.chat.id, msg.message_id), 0)
        return await self.fake.wait_until(
            lambda: msg if msg.version > base else None, timeout, f"an edit of message {msg}"
        )

    async def assert_no_reply(self, within: float = 0.3, *, chat: Any = None) -> None:
        """Wait ``within`` seconds and assert the bot sent nothing new to the chat."""
        await asyncio.sleep(within)
        new = self._new_messages(self._chat(chat))
        assert not new, f"expected no reply, the bot sent: {[str(m) for m in new]}"
