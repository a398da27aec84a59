"""Updates of different chats run in parallel; updates of one chat run one at a time, in
the order they arrived, so a message sent while a reply is being written waits its turn.

In webhook mode (`InboxUpdateProcessor` in bot/runtime/inbox_processor.py) the turn is also held
across processes, so the order holds whichever replica received an update.

Payments never wait for the turn (`pays`): Telegram gives up on a pre-checkout query not
answered within 10 seconds, and an assistant's answer can take longer. Both payment
updates are safe out of order: the check only reads, and recording a payment locks its
debt and does nothing for a charge already recorded (services/payments/record.py).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

from bot.runtime.metrics import measured

MAX_CONCURRENT_UPDATES = 1024


def chat_key(update: object) -> int | None:
    """Whose updates run in order: the chat's, or for updates without a chat (a
    pre-checkout query) the sender's, which is the same number as their private chat."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


def pays(update: object) -> bool:
    """A pre-checkout query or a successful payment: handled at once, out of turn."""
    if not isinstance(update, Update):
        return False
    message = update.message
    return update.pre_checkout_query is not None or (
        message is not None and message.successful_payment is not None
    )


class PerChatUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # lock and its waiter count
        self.tasks: set[asyncio.Task[Any]] = set()  # updates in hand, for a shutdown cut short

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.tasks.add(task)
        try:
            with measured(update):
                key = chat_key(update)
                if key is None:
                    await coroutine
                    return
                if pays(update):
                    await self._out_of_turn(update, coroutine)
                    return
                async with self.local_turn(key):
                    await self._in_turn(key, update, coroutine)
        finally:
            self.tasks.discard(task)
            if inspect.iscoroutine(coroutine) and (
                inspect.getcoroutinestate(coroutine) == inspect.CORO_CREATED
            ):
                coroutine.close()  # handled elsewhere, or cut short: never started here

    @asynccontextmanager
    async def local_turn(self, key: int) -> AsyncIterator[None]:
        """The chat's turn in this process, first come, first served."""
        lock, waiting = self._chats.get(key, (asyncio.Lock(), 0))
        self._chats[key] = (lock, waiting + 1)
        try:
            async with lock:  # asyncio.Lock wakes its waiters first come, first served
                yield
        finally:
            lock, waiting = self._chats[key]
            if waiting == 1:
                del self._chats[key]
            else:
                self._chats[key] = (lock, waiting - 1)

    def busy(self, key: int) -> bool:
        """Whether this process is handling (or holding back) an update of the chat."""
        return key in self._chats

    async def _in_turn(self, key: int, update: object, coroutine: Awaitable[Any]) -> None:
        """Handle the update; its chat's turn is held in this process."""
        await coroutine

    async def _out_of_turn(self, update: Update, coroutine: Awaitable[Any]) -> None:
        """Handle a payment without waiting for its chat's turn."""
        await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
