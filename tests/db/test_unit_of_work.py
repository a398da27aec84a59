"""UnitOfWork: commit persists, everything else rolls back."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import User
from db.unit_of_work import UnitOfWork
from tests.support.builders import add_user

Factory = async_sessionmaker[AsyncSession]


async def count_users(factory: Factory) -> int:
    async with UnitOfWork(factory) as uow:
        return await uow.session.scalar(select(func.count()).select_from(User)) or 0


async def test_commit_persists(session_factory: Factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        user = await add_user(uow.session, first_name="Ana")
        await uow.commit()
    assert await count_users(session_factory) == 1
    # Objects stay readable after the block (expire_on_commit=False).
    assert user.first_name == "Ana"
    assert user.created_at.tzinfo is not None


async def test_leaving_without_commit_rolls_back(session_factory: Factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        await add_user(uow.session)
    assert await count_users(session_factory) == 0


async def test_work_after_a_commit_needs_another_commit(session_factory: Factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        await add_user(uow.session)
        await uow.commit()
        await add_user(uow.session)
    assert await count_users(session_factory) == 1


async def test_an_exception_rolls_back_and_propagates(session_factory: Factory) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        async with UnitOfWork(session_factory) as uow:
            await add_user(uow.session)
            raise RuntimeError("boom")
    assert await count_users(session_factory) == 0


async def test_explicit_rollback_keeps_the_unit_usable(session_factory: Factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        await add_user(uow.session)
        await uow.rollback()
        await add_user(uow.session)
        await uow.commit()
    assert await count_users(session_factory) == 1


async def test_objects_read_without_commit_stay_readable(session_factory: Factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        await add_user(uow.session, first_name="Bea")
        await uow.commit()
    async with UnitOfWork(session_factory) as uow:
        user = await uow.session.scalar(select(User))
    assert user is not None
    assert user.first_name == "Bea"


async def test_savepoint_first_then_leaving_without_commit_rolls_back(
    session_factory: Factory,
) -> None:
    # A nested transaction as the very first statement must not become the real
    # transaction (on SQLite its RELEASE would commit).
    async with UnitOfWork(session_factory) as uow, uow.session.begin_nested():
        await add_user(uow.session)
    assert await count_users(session_factory) == 0


async def test_savepoint_rollback_keeps_earlier_work(session_factory: Factory) -> None:
    async with UnitOfWork(session_factory) as uow:
        await add_user(uow.session, telegram_id=1)
        with pytest.raises(IntegrityError):
            async with uow.session.begin_nested():
                await add_user(uow.session, telegram_id=1)
        await add_user(uow.session, telegram_id=2)
        await uow.commit()
    assert await count_users(session_factory) == 2


async def test_session_is_only_available_inside_the_block(session_factory: Factory) -> None:
    unit = UnitOfWork(session_factory)
    with pytest.raises(RuntimeError):
        _ = unit.session
    async with unit:
        assert unit.session is not None
    with pytest.raises(RuntimeError):
        _ = unit.session
    with pytest.raises(RuntimeError):
        async with unit:
            pass


async def test_uow_fixture_is_entered(uow: UnitOfWork) -> None:
    user = await add_user(uow.session)
    assert user.id is not None
