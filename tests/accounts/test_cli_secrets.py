"""`finbot rotate-secret-key` as the operator meets it (run in-process through `main`)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.cli.main import main
from db.engine import create_engine, create_session_factory
from db.models import User
from db.unit_of_work import UnitOfWork
from services.accounts import api_keys
from tests.support.builders import add_user

OLD = "the-old-secret-key-of-at-least-32-characters"
NEW = "the-new-secret-key-of-at-least-32-characters"
KEY = "sk-proj-Abc123def456ghi789jkl012mno345"
NEXT_STEP = "next: set SECRET_KEY to the new value and restart every replica."


@pytest.fixture
def environment(database_url, tmp_path, monkeypatch):
    """The operator's shell: no .env around, the database and both keys in the environment."""
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "LOG_LEVEL", "LOG_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("SECRET_KEY", OLD)
    monkeypatch.setenv("NEW_SECRET_KEY", NEW)
    return monkeypatch


async def _with_database(database_url: str, work):
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            result = await work(uow)
            await uow.commit()
            return result
    finally:
        await engine.dispose()


def users_with_keys(database_url: str, *tokens: bytes) -> list[int]:
    async def add(uow):
        return [(await add_user(uow.session, openai_api_key_encrypted=t)).id for t in tokens]

    return asyncio.run(_with_database(database_url, add))


def stored_tokens(database_url: str) -> dict[int, bytes]:
    async def read(uow):
        rows = await uow.session.execute(select(User.id, User.openai_api_key_encrypted))
        return {user_id: token for user_id, token in rows}

    return asyncio.run(_with_database(database_url, read))


def test_the_command_has_help_that_says_where_the_new_key_comes_from(capsys):
    with pytest.raises(SystemExit) as leaving:
        main(["rotate-secret-key", "--help"])

    assert leaving.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "usage: finbot rotate-secret-key" in out
    assert "NEW_SECRET_KEY" in out and "Pay again" in out


def test_rotating_prints_a_summary_and_the_next_step_and_a_second_run_changes_nothing(
    environment, database_url, capsys
):
    ids = users_with_keys(
        database_url,
        api_keys.encrypt_api_key(KEY, secret_key=OLD),
        api_keys.encrypt_api_key(KEY[::-1], secret_key=OLD),
    )

    assert main(["rotate-secret-key"]) == 0
    first = capsys.readouterr()
    rotated = stored_tokens(database_url)
    assert main(["rotate-secret-key"]) == 0
    second = capsys.readouterr()

    assert first.out.splitlines()[0] == (
        "API keys: 2 rotated to the new secret, 0 already rotated, 0 unreadable"
    )
    assert NEXT_STEP in first.out and "Pay again" in first.out
    assert second.out.splitlines()[0] == (
        "API keys: 0 rotated to the new secret, 2 already rotated, 0 unreadable"
    )
    assert first.err == second.err == ""
    assert stored_tokens(database_url) == rotated
    for user_id, key in zip(ids, (KEY, KEY[::-1]), strict=True):
        assert api_keys.decrypt_api_key(rotated[user_id], secret_key=NEW) == key
        assert api_keys.decrypt_api_key(rotated[user_id], secret_key=OLD) is None
    printed = first.out + first.err + second.out + second.err
    assert OLD not in printed and NEW not in printed and KEY not in printed


def test_a_key_readable_under_neither_secret_is_named_and_exits_with_1(
    environment, database_url, capsys
):
    lost = api_keys.encrypt_api_key(KEY, secret_key="a-third-secret-key-nobody-remembers-now")
    good, unreadable = users_with_keys(
        database_url, api_keys.encrypt_api_key(KEY, secret_key=OLD), lost
    )

    assert main(["rotate-secret-key"]) == 1

    output = capsys.readouterr()
    assert "API keys: 1 rotated to the new secret, 0 already rotated, 1 unreadable" in output.out
    assert NEXT_STEP in output.out
    assert output.err.strip() == (
        f"finbot: the stored API key of 1 user (ids: {unreadable}) decrypts under neither "
        "secret and was left as it was; they need to set their key again with /apikey"
    )
    tokens = stored_tokens(database_url)
    assert tokens[unreadable] == lost
    assert api_keys.decrypt_api_key(tokens[good], secret_key=NEW) == KEY


@pytest.mark.parametrize(
    ("new_secret", "message"),
    [
        (None, "finbot: NEW_SECRET_KEY is not set: put the new secret key"),
        ("", "finbot: NEW_SECRET_KEY is not set: put the new secret key"),
        ("too-short-for-a-key", "finbot: NEW_SECRET_KEY must be at least 32 characters"),
        (f" {NEW} ", "finbot: NEW_SECRET_KEY must not begin or end with spaces"),
        (OLD, "finbot: NEW_SECRET_KEY is the same as SECRET_KEY"),
    ],
)
def test_an_unsuitable_new_key_changes_nothing_and_exits_with_2(
    environment, database_url, capsys, new_secret, message
):
    if new_secret is None:
        environment.delenv("NEW_SECRET_KEY")
    else:
        environment.setenv("NEW_SECRET_KEY", new_secret)
    (user_id,) = users_with_keys(database_url, api_keys.encrypt_api_key(KEY, secret_key=OLD))

    assert main(["rotate-secret-key"]) == 2

    output = capsys.readouterr()
    assert output.out == ""
    assert output.err.startswith(message) and "nothing was changed" in output.err
    assert api_keys.decrypt_api_key(stored_tokens(database_url)[user_id], secret_key=OLD) == KEY


def test_without_secret_key_there_is_no_old_key_and_it_exits_with_2(environment, capsys):
    environment.delenv("SECRET_KEY")

    assert main(["rotate-secret-key"]) == 2

    assert "SECRET_KEY is not set" in capsys.readouterr().err


def test_the_new_key_is_not_an_argument(environment, capsys):
    with pytest.raises(SystemExit) as leaving:
        main(["rotate-secret-key", NEW])

    assert leaving.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err
