"""One chat's turn across processes: a PostgreSQL advisory lock per chat.

While a process holds a chat's turn, no other process handling the same database can
take it, so a chat's updates run one at a time whichever replica received them. The lock
lives in a transaction of its own connection (from a pool of its own, so it never waits
for the connections the handlers need) and ends with it: a crashed process, or a dropped
connection, frees the chat. On SQLite (one process) a turn is always free.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from db.engine import create_engine, is_sqlite

TURN_SERVER_SETTINGS = {
    "timezone": "UTC",
    "idle_in_transaction_session_timeout": "0",
    "statement_timeout": "0",
    "lock_timeout": "0",
}
# Keeps chat locks apart from any other advisory lock on the same database.
_NAMESPACE = b"finbot chat turn"


def lock_key(chat_key: int) -> int:
    """A signed 64-bit advisory lock key for a chat."""
    digest = hashlib.blake2b(_NAMESPACE + chat_key.to_bytes(8, "big", signed=True), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


class ChatTurns:
    def __init__(self, database_url: str, *, connections: int) -> None:
        self._engine: AsyncEngine | None = None
        if not is_sqlite(database_url):
            self._engine = create_engine(
                database_url,
                pool_size=connections,
                max_overflow=0,
                pool_timeout=3600,
                # A turn stays open (idle in its transaction) while the chat's update is
                # handled, a model's answer included: no server timeout may end it early.
                connect_args={"server_settings": {**TURN_SERVER_SETTINGS}},
            )
        self._slots = asyncio.Semaphore(connections)

    @property
    def shared(self) -> bool:
        """Whether other processes may hold turns too (PostgreSQL)."""
        return self._engine is not None

    @asynccontextmanager
    async def hold(self, chat_key: int, *, wait: bool = True) -> AsyncIterator[bool]:
        """Hold the chat's turn inside the block; yields False (without waiting) when
        `wait` is false and another process has it."""
        if self._engine is None:
            yield True
            return
        async with self._slots, self._engine.connect() as connection, connection.begin():
            key = lock_key(chat_key)
            if wait:
                await connection.execute(select(func.pg_advisory_xact_lock(key)))
                yield True
            else:
                yield bool(await connection.scalar(select(func.pg_try_advisory_xact_lock(key))))

    async def close(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
