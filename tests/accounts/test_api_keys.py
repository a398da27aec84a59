"""A user's own OpenAI key is kept encrypted, read back only with the same SECRET_KEY."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest

from db.models import User
from services.accounts import api_keys
from tests.support.builders import add_user
from tests.support.rows import audit_entries

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
SECRET = "a-secret-key-of-at-least-32-characters!"
OTHER_SECRET = "another-secret-key-of-32-characters-or-more"
KEY = "sk-proj-Abc123def456ghi789jkl012mno345"


async def test_a_stored_key_reads_back_and_is_not_kept_in_clear(uow):
    user = await add_user(uow.session)
    await api_keys.store_api_key(uow, user_id=user.id, key=KEY, secret_key=SECRET, now=NOW)
    await uow.flush()
    stored = await uow.session.get(User, user.id)
    assert stored.openai_api_key_encrypted
    assert KEY.encode() not in stored.openai_api_key_encrypted
    assert await api_keys.user_api_key(uow, user_id=user.id, secret_key=SECRET) == KEY


async def test_without_a_key_there_is_nothing_to_read_or_remove(uow):
    user = await add_user(uow.session)
    assert await api_keys.user_api_key(uow, user_id=user.id, secret_key=SECRET) is None
    assert not await api_keys.remove_api_key(uow, user_id=user.id, now=NOW)


async def test_a_removed_key_is_gone(uow):
    user = await add_user(uow.session)
    await api_keys.store_api_key(uow, user_id=user.id, key=KEY, secret_key=SECRET, now=NOW)
    assert await api_keys.remove_api_key(uow, user_id=user.id, now=NOW)
    assert await api_keys.user_api_key(uow, user_id=user.id, secret_key=SECRET) is None


async def test_after_secret_key_changes_the_key_is_ignored_with_a_warning(uow, caplog):
    user = await add_user(uow.session)
    await api_keys.store_api_key(uow, user_id=user.id, key=KEY, secret_key=SECRET, now=NOW)
    with caplog.at_level(logging.DEBUG):
        assert await api_keys.user_api_key(uow, user_id=user.id, secret_key=OTHER_SECRET) is None
    assert "cannot be decrypted" in caplog.text
    assert KEY not in caplog.text


async def test_setting_and_removing_are_audited_without_the_key(session_factory, uow):
    user = await add_user(uow.session)
    await api_keys.store_api_key(uow, user_id=user.id, key=KEY, secret_key=SECRET, now=NOW)
    await api_keys.remove_api_key(uow, user_id=user.id, now=NOW)
    await uow.commit()
    entries = [entry for entry in await audit_entries(session_factory)]
    assert [entry.action for entry in entries] == ["api_key.set", "api_key.removed"]
    assert all(entry.actor == f"user:{user.id}" for entry in entries)
    assert KEY[-4:] not in str([entry.details for entry in entries])


@pytest.mark.parametrize(
    ("text", "looks_like_a_key"),
    [
        (KEY, True),
        ("sk-" + "a" * 17, True),
        ("sk-" + "a" * 16, False),  # 19 characters
        ("x" * 301, False),
        ("sk-abc def ghi jkl mno pqr", False),
        ("sk-abcdefghijklmnopqr\tstu", False),
        ("sk-abcdefghijklmnopqrstu\x00", False),
        ("sk-ñandú-0123456789abcdef", False),
        ("hola, ¿qué tal estás hoy?", False),
    ],
)
def test_only_key_shaped_text_looks_like_a_key(text, looks_like_a_key):
    assert api_keys.looks_like_api_key(text) is looks_like_a_key
