"""Webhook mode across replicas: every update is recorded before Telegram gets its 200, and
a chat's updates are handled once and in order by whichever process holds the chat's turn.

`InboxQueue` is the Application's update queue: PTB's webhook server puts each update into
it, and the record is written before `put` returns, that is, before the 200. An update
already recorded (Telegram sent it again) is not queued again.

`InboxUpdateProcessor` takes the chat's turn (an advisory lock on PostgreSQL), then handles
every earlier update of the chat still waiting in the inbox, wherever it arrived, and the
update itself, marking each handled. An update whose process died waiting is taken up by
`handle_stalled`, a job every few seconds.

Payments skip the turn (see bot/runtime/update_order.py): recorded like any update, then
handled at once and marked handled. Should another turn or the stalled-update job handle
one too, recording a payment again changes nothing (and a second answer to a pre-checkout
query is refused by Telegram).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update

from bot.runtime.update_order import PerChatUpdateProcessor, chat_key
from db.chat_turns import ChatTurns
from services.inbox import UpdateInbox
from services.shared import Clock

if TYPE_CHECKING:
    from telegram.ext import Application

log = logging.getLogger(__name__)


class Inbox:
    """What the queue and the processor share; filled in by post_init."""

    def __init__(self) -> None:
        self.updates: UpdateInbox | None = None
        self.turns: ChatTurns | None = None
        self.clock: Clock | None = None

    @property
    def ready(self) -> bool:
        return self.updates is not None


class InboxQueue(asyncio.Queue):
    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self._inbox = inbox
        self.closed = False

    def close(self) -> None:
        """No more updates for this process (it is stopping): an update still being
        recorded stays in the inbox for another replica."""
        self.closed = True

    async def put(self, item: Any) -> None:
        key = chat_key(item)
        if key is not None and self._inbox.ready:
            assert self._inbox.updates is not None and self._inbox.clock is not None
            state = await self._inbox.updates.record(
                item.update_id, key, item.to_dict(), self._inbox.clock()
            )
            if state == "handled":
                log.info("update %d arrived again; already handled", item.update_id)
                return
            if self.closed:
                return
        await super().put(item)


class InboxUpdateProcessor(PerChatUpdateProcessor):
    def __init__(self, inbox: Inbox) -> None:
        super().__init__()
        self._inbox = inbox
        self.application: Application | None = None

    async def _in_turn(self, key: int, update: object, coroutine: Awaitable[Any]) -> None:
        if not self._inbox.ready or not isinstance(update, Update):
            await coroutine
            return
        await self._handle_waiting(key, update.update_id, own=coroutine)

    async def _out_of_turn(self, update: Update, coroutine: Awaitable[Any]) -> None:
        await coroutine
        if not self._inbox.ready:
            return
        updates, clock = self._inbox.updates, self._inbox.clock
        assert updates is not None and clock is not None
        try:
            await updates.mark_handled(update.update_id, clock())
        except (SQLAlchemyError, OSError) as error:
            log.warning(
                "payment update %d handled but not marked (%s); it may be handled again",
                update.update_id,
                type(error).__name__,
            )

    async def _handle_waiting(
        self, key: int, through: int, *, own: Awaitable[Any] | None, wait: bool = True
    ) -> None:
        """Handle the chat's waiting updates up to `through` (`own` being the coroutine of
        update `through` itself, if this process received it). A database failure leaves
        the rest waiting for the next turn or the stalled-update job; it is not the
        person's error, so it gets no apology."""
        updates, turns, clock = self._inbox.updates, self._inbox.turns, self._inbox.clock
        assert updates is not None and turns is not None and clock is not None
        try:
            async with turns.hold(key, wait=wait) as held:
                if not held:
                    return
                for update_id, payload in await updates.waiting(key, through):
                    if update_id == through and own is not None:
                        await own
                    else:
                        await self._handle_stored(update_id, payload)
                    if not await updates.mark_handled(update_id, clock()):
                        log.warning("update %d was also handled by another process", update_id)
        except (SQLAlchemyError, OSError) as error:
            log.warning(
                "the turn of a chat failed (%s: %s); its updates wait for the next try",
                type(error).__name__,
                error,
            )

    async def _handle_stored(self, update_id: int, payload: Any) -> None:
        """An update another process recorded; one that cannot be read is logged and
        passed over, so it never blocks its chat."""
        assert self.application is not None
        try:
            update = Update.de_json(payload, self.application.bot)
        except Exception:
            log.exception("update %d could not be read back; passed over", update_id)
            return
        await self.application.process_update(update)

    async def handle_stalled(self) -> int:
        """Handle updates left waiting by a process that stopped; returns how many chats."""
        updates, clock = self._inbox.updates, self._inbox.clock
        if updates is None or clock is None:
            return 0
        chats = 0
        for key, newest in await updates.stalled_chats(clock()):
            if self.busy(key):
                continue  # this process has the chat in hand
            async with self.local_turn(key):
                await self._handle_waiting(key, newest, own=None, wait=False)
            chats += 1
        return chats
