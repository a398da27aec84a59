"""A fake Telegram Bot API server for tests: a real PTB bot talks to it over HTTP.

    async with FakeTelegram() as fake:              # or the ``fake_telegram`` fixture
        app = fake.application_builder().build()   # real PTB, long polling
        user = fake.user(first_name="Ana")
        await user.send("/start")
        reply = await user.wait_for_reply()

Every request is checked against the Bot API spec (``spec.py``); see ``server.py`` for the
server, ``actors.py`` for fake users and groups, ``fixtures.py`` for the pytest fixtures.
"""

from .actors import FakeGroup, FakeUser
from .models import (
    ApiError,
    CallbackQueryRecord,
    Chat,
    Draft,
    PreCheckoutRecord,
    Problem,
    RecordedRequest,
    StoredFile,
    StoredMessage,
    UploadedFile,
)
from .server import FakeTelegram
from .spec import DEFAULT_SPEC_PATH, BotApiSpec
from .world import DEFAULT_TOKEN

__all__ = [
    "DEFAULT_SPEC_PATH",
    "DEFAULT_TOKEN",
    "ApiError",
    "BotApiSpec",
    "CallbackQueryRecord",
    "Chat",
    "Draft",
    "FakeGroup",
    "FakeTelegram",
    "FakeUser",
    "PreCheckoutRecord",
    "Problem",
    "RecordedRequest",
    "StoredFile",
    "StoredMessage",
    "UploadedFile",
]
