"""Pytest fixtures for the fake Telegram server.

Enable with ``pytest_plugins = ["tests.fakes.telegram.fixtures"]`` in ``tests/conftest.py``.

* ``fake_telegram``: a started :class:`FakeTelegram`; at teardown the test fails if the bot
  made a request that breaks the Bot API spec, called a method the fake does not implement,
  or the fake itself misbehaved, unless the test declared it with
  ``with fake_telegram.expect_violations(): ...``.
* ``fake_telegram_bot``: a real, initialized ``telegram.Bot`` talking to ``fake_telegram``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from .server import FakeTelegram


@pytest.fixture
async def fake_telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    failure = None
    try:
        fake.check_no_problems()
    except AssertionError as exc:
        failure = str(exc)
    if failure is not None:
        pytest.fail(failure, pytrace=False)


@pytest.fixture
async def fake_telegram_bot(fake_telegram: FakeTelegram) -> AsyncIterator[Any]:
    bot = fake_telegram.make_bot()
    async with bot:
        yield bot
