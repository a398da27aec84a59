"""Unit of work: one session and one transaction per business operation."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker


class UnitOfWork:
    """Groups the work of one operation in one transaction.

    ::

        async with UnitOfWork(session_factory) as uow:
            uow.session.add(...)
            await uow.commit()

    Nothing is written unless ``commit()`` is awaited: leaving the block, normally
    or by an exception, rolls back whatever was not committed and closes the
    session. Repositories use ``uow.session`` and never commit themselves.

    After a normal exit, objects loaded or committed in the block stay readable
    (detached, ``expire_on_commit=False``); unloaded relationships are not. Note
    that uncommitted in-memory changes to them are not undone in Python, only in
    the database. After an exception the objects are expired (unusable).
    A ``UnitOfWork`` is single use.
    """

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self._session: AsyncSession | None = None
        self._used = False

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("UnitOfWork.session is only available inside `async with`")
        return self._session

    async def __aenter__(self) -> Self:
        if self._used:
            raise RuntimeError("a UnitOfWork cannot be entered twice; create a new one")
        self._used = True
        self._session = self._session_factory()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        try:
            if exc_type is not None:
                # Also expires the loaded objects: their state is not to be trusted.
                await session.rollback()
        finally:
            # Rolls back anything uncommitted and detaches the objects, keeping
            # their loaded attributes readable (a read-only unit of work needs no
            # commit).
            await session.close()

    async def commit(self) -> None:
        """Commit everything done so far; later work needs another ``commit()``."""
        await self.session.commit()

    async def rollback(self) -> None:
        """Discard everything not yet committed; the unit of work stays usable."""
        await self.session.rollback()

    async def flush(self) -> None:
        """Send pending changes to the database (e.g. to get generated ids) without
        committing."""
        await self.session.flush()
