"""Rotating SECRET_KEY: every stored API key is re-encrypted, once, in batches."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from db.models import User
from db.unit_of_work import UnitOfWork
from services.accounts import api_keys
from services.accounts.key_rotation import RotationReport, reencrypt_api_keys
from services.shared.clock import FixedClock
from tests.support.builders import add_user
from tests.support.clock import NOW
from tests.support.rows import audit_entries

OLD = "the-old-secret-key-of-at-least-32-characters"
NEW = "the-new-secret-key-of-at-least-32-characters"
THIRD = "a-third-secret-key-nobody-remembers-anymore!"
KEYS = [f"sk-proj-user{number}-Abc123def456ghi789jkl012" for number in range(5)]


async def users_with_keys(session_factory, tokens: list[bytes | None]) -> list[int]:
    async with UnitOfWork(session_factory) as uow:
        users = [await add_user(uow.session, openai_api_key_encrypted=token) for token in tokens]
        await uow.commit()
    return [user.id for user in users]


async def stored_tokens(session_factory) -> dict[int, bytes | None]:
    async with UnitOfWork(session_factory) as uow:
        rows = await uow.session.execute(select(User.id, User.openai_api_key_encrypted))
        return {user_id: token for user_id, token in rows}


async def rotate(session_factory, **options) -> RotationReport:
    return await reencrypt_api_keys(
        lambda: UnitOfWork(session_factory),
        old_secret=OLD,
        new_secret=NEW,
        clock=FixedClock(NOW),
        **options,
    )


def under(secret: str, key: str) -> bytes:
    return api_keys.encrypt_api_key(key, secret_key=secret)


async def test_every_key_reads_under_the_new_secret_and_no_longer_under_the_old(
    session_factory,
):
    ids = await users_with_keys(session_factory, [under(OLD, key) for key in KEYS] + [None])

    report = await rotate(session_factory, batch_size=2)

    assert report == RotationReport(rotated=5, already_rotated=0, unreadable=())
    tokens = await stored_tokens(session_factory)
    for user_id, key in zip(ids, KEYS, strict=False):
        assert api_keys.decrypt_api_key(tokens[user_id], secret_key=NEW) == key
        assert api_keys.decrypt_api_key(tokens[user_id], secret_key=OLD) is None
    assert tokens[ids[-1]] is None


async def test_a_second_run_changes_nothing(session_factory):
    await users_with_keys(session_factory, [under(OLD, key) for key in KEYS])
    await rotate(session_factory, batch_size=2)
    before = await stored_tokens(session_factory)

    report = await rotate(session_factory, batch_size=2)

    assert report == RotationReport(rotated=0, already_rotated=5, unreadable=())
    assert await stored_tokens(session_factory) == before


async def test_a_key_readable_under_neither_secret_is_reported_and_left_alone(session_factory):
    lost, garbled = under(THIRD, KEYS[1]), b"not a fernet token at all"
    ids = await users_with_keys(session_factory, [under(OLD, KEYS[0]), lost, garbled])

    report = await rotate(session_factory)

    assert report == RotationReport(rotated=1, already_rotated=0, unreadable=(ids[1], ids[2]))
    tokens = await stored_tokens(session_factory)
    assert (tokens[ids[1]], tokens[ids[2]]) == (lost, garbled)
    assert api_keys.decrypt_api_key(tokens[ids[0]], secret_key=NEW) == KEYS[0]


async def test_a_run_stopped_between_batches_finishes_when_run_again(session_factory):
    ids = await users_with_keys(session_factory, [under(OLD, key) for key in KEYS])
    opened = 0

    def failing_after_two_batches() -> UnitOfWork:
        nonlocal opened
        opened += 1
        if opened > 2:
            raise ConnectionError("the database went away")
        return UnitOfWork(session_factory)

    with pytest.raises(ConnectionError):
        await reencrypt_api_keys(
            failing_after_two_batches, old_secret=OLD, new_secret=NEW, batch_size=2
        )
    report = await rotate(session_factory, batch_size=2)

    assert report == RotationReport(rotated=1, already_rotated=4, unreadable=())
    tokens = await stored_tokens(session_factory)
    assert [api_keys.decrypt_api_key(tokens[i], secret_key=NEW) for i in ids] == KEYS


async def test_each_run_is_audited_once_without_any_key(session_factory):
    ids = await users_with_keys(session_factory, [under(OLD, KEYS[0]), under(THIRD, KEYS[1])])

    await rotate(session_factory, batch_size=1)
    await rotate(session_factory, batch_size=1)

    entries = await audit_entries(session_factory)
    assert [(entry.actor, entry.action) for entry in entries] == [
        ("operator", "secret_key.rotated"),
        ("operator", "secret_key.rotated"),
    ]
    assert [entry.details for entry in entries] == [
        {"rotated": 1, "already_rotated": 0, "unreadable_user_ids": [ids[1]]},
        {"rotated": 0, "already_rotated": 1, "unreadable_user_ids": [ids[1]]},
    ]
    assert all(entry.occurred_at == NOW for entry in entries)


async def test_the_same_secret_twice_is_refused(session_factory):
    with pytest.raises(ValueError, match="differ"):
        await reencrypt_api_keys(
            lambda: UnitOfWork(session_factory), old_secret=OLD, new_secret=OLD
        )


@pytest.mark.database_backends("postgresql")
async def test_a_key_being_set_meanwhile_waits_for_the_batch_and_is_not_lost(session_factory):
    (user_id,) = await users_with_keys(session_factory, [under(OLD, KEYS[0])])
    async with UnitOfWork(session_factory) as holder:
        # Someone else holds the user's row: the rotation waits for them.
        await holder.session.execute(select(User.id).where(User.id == user_id).with_for_update())
        rotation = asyncio.create_task(rotate(session_factory))
        await asyncio.sleep(0.3)
        assert not rotation.done()
        await api_keys.store_api_key(holder, user_id=user_id, key=KEYS[1], secret_key=OLD, now=NOW)
        await holder.commit()

    report = await asyncio.wait_for(rotation, timeout=10)

    assert report.rotated == 1
    tokens = await stored_tokens(session_factory)
    assert api_keys.decrypt_api_key(tokens[user_id], secret_key=NEW) == KEYS[1]
