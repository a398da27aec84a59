"""pytest fixture: `fake_openai`, a started FakeOpenAI that is checked at teardown.

Enable with `pytest_plugins = ["tests.fakes.openai.fixtures"]` in tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from .server import FakeOpenAI


@pytest_asyncio.fixture
async def fake_openai() -> AsyncIterator[FakeOpenAI]:
    """A fake OpenAI server on 127.0.0.1. At teardown the test fails if a request problem was
    recorded (unless declared with `expect_problems`), a scripted reply or fault was left unused
    (unless `allow_leftovers()`), or a scripted tool call was never answered
    (unless `allow_unanswered_calls()`)."""
    fake = FakeOpenAI()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()
    failure = None
    try:
        fake.verify()
    except AssertionError as error:
        failure = str(error)
    if failure:
        pytest.fail(failure, pytrace=False)
