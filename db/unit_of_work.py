"""Unit of work: one session and one transaction per business operation, and the
repositories that work through it (``uow.debts``, ``uow.plans``...)."""

from __future__ import annotations

from functools import cached_property
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction, async_sessionmaker

from db.repositories.assistant_spend import AssistantSpendRepository
from db.repositories.assistant_threads import AssistantThreadRepository
from db.repositories.assistant_usage import AssistantUsageRepository
from db.repositories.audit import AuditLogRepository
from db.repositories.chat_flows import ChatFlowRepository
from db.repositories.debtors import DebtorRepository
from db.repositories.debts import DebtRepository
from db.repositories.documents import DocumentRepository
from db.repositories.group_chats import GroupChatRepository
from db.repositories.handovers import HandoverRepository
from db.repositories.invites import InviteRepository
from db.repositories.negotiations import NegotiationRepository
from db.repositories.payments import PaymentRepository
from db.repositories.personal_data import PersonalDataRepository
from db.repositories.plans import PlanRepository
from db.repositories.received_updates import ReceivedUpdateRepository
from db.repositories.reminders import ReminderRepository
from db.repositories.users import UserRepository


class UnitOfWork:
    """Groups the work of one operation in one transaction.

    ::

        async with UnitOfWork(session_factory) as uow:
            debt = await uow.debts.by_reference("R-1")
            ...
            await uow.commit()

    Services reach the database only through the repositories it hands out; each is
    made on first use, on this unit's session, and never commits. Nothing is written
    unless ``commit()`` is awaited: leaving the block, normally or by an exception,
    rolls back whatever was not committed and closes the session.

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

    def savepoint(self) -> AsyncSessionTransaction:
        """A nested transaction (SAVEPOINT): ``async with uow.savepoint():`` undoes only
        the work inside it when that work raises."""
        return self.session.begin_nested()

    async def flush(self) -> None:
        """Send pending changes to the database (e.g. to get generated ids) without
        committing."""
        await self.session.flush()

    # -- the repositories, one per group of tables --------------------------------------

    @cached_property
    def users(self) -> UserRepository:
        return UserRepository(self.session)

    @cached_property
    def debtors(self) -> DebtorRepository:
        return DebtorRepository(self.session)

    @cached_property
    def invites(self) -> InviteRepository:
        return InviteRepository(self.session)

    @cached_property
    def debts(self) -> DebtRepository:
        return DebtRepository(self.session)

    @cached_property
    def plans(self) -> PlanRepository:
        return PlanRepository(self.session)

    @cached_property
    def negotiations(self) -> NegotiationRepository:
        return NegotiationRepository(self.session)

    @cached_property
    def payments(self) -> PaymentRepository:
        return PaymentRepository(self.session)

    @cached_property
    def reminders(self) -> ReminderRepository:
        return ReminderRepository(self.session)

    @cached_property
    def documents(self) -> DocumentRepository:
        return DocumentRepository(self.session)

    @cached_property
    def assistant_threads(self) -> AssistantThreadRepository:
        return AssistantThreadRepository(self.session)

    @cached_property
    def assistant_usage(self) -> AssistantUsageRepository:
        return AssistantUsageRepository(self.session)

    @cached_property
    def assistant_spend(self) -> AssistantSpendRepository:
        return AssistantSpendRepository(self.session)

    @cached_property
    def handovers(self) -> HandoverRepository:
        return HandoverRepository(self.session)

    @cached_property
    def chat_flows(self) -> ChatFlowRepository:
        return ChatFlowRepository(self.session)

    @cached_property
    def group_chats(self) -> GroupChatRepository:
        return GroupChatRepository(self.session)

    @cached_property
    def personal_data(self) -> PersonalDataRepository:
        return PersonalDataRepository(self.session)

    @cached_property
    def received_updates(self) -> ReceivedUpdateRepository:
        return ReceivedUpdateRepository(self.session)

    @cached_property
    def audit(self) -> AuditLogRepository:
        return AuditLogRepository(self.session)
