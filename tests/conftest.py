"""Test plugins: the fake Telegram and OpenAI servers, throwaway databases, a running bot."""

import os
import sys

import pytest

# The tests start many `finbot` processes. Where PYTHONDONTWRITEBYTECODE is set, each would
# compile every package it imports, again (seconds each): this run and the processes it
# starts keep the compiled modules instead.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

# The shared helpers' asserts report what they compared, as a test module's do.
pytest.register_assert_rewrite("tests.support")

pytest_plugins = [
    "tests.fakes.telegram.fixtures",
    "tests.fakes.openai.fixtures",
    "tests.support.database",
    "tests.support.bot",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that take minutes start first, one to a worker, so none of them is left to
    run alone at the end of the run."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
