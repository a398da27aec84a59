"""Pending updates and ``getUpdates`` long polling, with Telegram's confirm-by-offset rules;
``deliverable``/``acknowledge`` serve the webhook sender (``webhooks.py``)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

from .models import ApiError

# Update kinds delivered when allowed_updates is empty / never given (Bot API default).
NOT_BY_DEFAULT = {"chat_member", "message_reaction", "message_reaction_count"}
MAX_LONG_POLL = 60.0  # seconds; keeps every wait bounded even if a client asks for more


class UpdateQueue:
    """Updates the fake users made, kept until the bot confirms them with ``offset``."""

    def __init__(self, first_update_id: int = 100_000_001) -> None:
        self._pending: list[dict[str, Any]] = []
        self.delivered: list[dict[str, Any]] = []  # every update ever returned to the bot
        self._delivered_ids: set[int] = set()
        self.dropped: list[dict[str, Any]] = []  # filtered out by allowed_updates
        self._next_id = first_update_id
        self._allowed: set[str] | None = None  # None: the default set
        self._arrived = asyncio.Event()
        self._poll_generation = 0
        self._closing = False
        self.on_push: Callable[[], None] | None = None  # the webhook sender's wake-up call

    @property
    def pending(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot (returned or not)."""
        return list(self._pending)

    @property
    def allowed(self) -> list[str] | None:
        """The allowed_updates setting (None: the default set)."""
        return sorted(self._allowed) if self._allowed is not None else None

    def set_allowed(self, allowed: list[str] | None) -> None:
        """Apply getUpdates' or setWebhook's allowed_updates: omitted keeps the previous
        setting, an empty list means the default set."""
        if allowed is not None:
            self._allowed = set(allowed) if allowed else None

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        self._pending.append(update)
        self._wake()
        if self.on_push is not None:
            self.on_push()
        return update

    def close(self) -> None:
        self._closing = True
        self._wake()

    def drop_pending(self) -> None:
        self._pending.clear()

    def _wake(self) -> None:
        self._arrived.set()
        self._arrived = asyncio.Event()

    def _allowed_kind(self, update: dict[str, Any]) -> bool:
        kind = next(k for k in update if k != "update_id")
        if self._allowed is None:
            return kind not in NOT_BY_DEFAULT
        return kind in self._allowed

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        if offset < 0:  # the last -offset updates stay, all earlier ones are forgotten
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]

    def _take(self, limit: int) -> list[dict[str, Any]]:
        return self.deliverable()[:limit]

    def deliverable(self) -> list[dict[str, Any]]:
        """Pending updates the filter lets through, oldest first (the rest are dropped)."""
        keep = []
        for u in self._pending:
            if self._allowed_kind(u):
                keep.append(u)
            else:
                self.dropped.append(u)
        self._pending = keep
        return list(keep)

    def acknowledge(self, update_id: int) -> None:
        """The webhook answered 2xx: the update is delivered and never sent again."""
        for u in self._pending:
            if u["update_id"] == update_id:
                self._pending.remove(u)
                self._mark_delivered(u)
                return

    def _mark_delivered(self, update: dict[str, Any]) -> None:
        if update["update_id"] not in self._delivered_ids:
            self._delivered_ids.add(update["update_id"])
            self.delivered.append(update)

    async def get(
        self,
        offset: int | None,
        limit: int | None,
        wait: float | None,
        allowed: list[str] | None,
    ) -> list[dict[str, Any]]:
        """Answer one getUpdates call (raises ApiError 409 if another call supersedes it)."""
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake()  # an older pending call notices it is superseded
        self.set_allowed(allowed)
        limit = 100 if not limit or limit > 100 else max(limit, 1)
        self._confirm(offset)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + min(max(wait or 0, 0), MAX_LONG_POLL)
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make "
                    "sure that only one bot instance is running",
                )
            batch = self._take(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closing:
                for u in batch:
                    self._mark_delivered(u)
                return batch
            arrived = self._arrived
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), remaining)
