"""Pending updates and ``getUpdates`` long polling, with Telegram's confirm-by-offset rules."""

from __future__ import annotations

import asyncio
import contextlib
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

    @property
    def pending(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by the bot (returned or not)."""
        return list(self._pending)

    def push(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self._next_id, kind: payload}
        self._next_id += 1
        self._pending.append(update)
        self._wake()
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
        keep = []
        for u in self._pending:
            if self._allowed_kind(u):
                keep.append(u)
            else:
                self.dropped.append(u)
        self._pending = keep
        return keep[:limit]

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
        if allowed is not None:
            self._allowed = set(allowed) if allowed else None
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
                    if u["update_id"] not in self._delivered_ids:
                        self._delivered_ids.add(u["update_id"])
                        self.delivered.append(u)
                return batch
            arrived = self._arrived
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), remaining)
