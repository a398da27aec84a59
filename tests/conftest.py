"""Test plugins: the fake Telegram and OpenAI servers, throwaway databases, a running bot."""

pytest_plugins = [
    "tests.fakes.telegram.fixtures",
    "tests.fakes.openai.fixtures",
    "tests.fixtures.database",
    "tests.fixtures.bot",
]
