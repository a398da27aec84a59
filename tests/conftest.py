"""Test plugins: the fake Telegram and OpenAI servers, throwaway databases, a running bot."""

import pytest

# The shared helpers' asserts report what they compared, as a test module's do.
pytest.register_assert_rewrite("tests.support")

pytest_plugins = [
    "tests.fakes.telegram.fixtures",
    "tests.fakes.openai.fixtures",
    "tests.support.database",
    "tests.support.bot",
]
