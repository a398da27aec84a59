"""At LOG_LEVEL=DEBUG, in text and JSON, the logs keep no token, phone, email, name or key."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from bot.cli.main import configure_logging
from bot.runtime.logs import QUIET_LOGGERS
from bot.runtime.redaction import redact
from bot.settings import Settings
from tests.support.chat import answer
from tests.support.database import SQLITE
from tests.support.people import seed_debtor

PHONE = "+34611222333"
EMAIL = "zuleika.mar@example.com"
FULL_NAME = "Zuleika Marañón Ibarra"
FIRST_NAME = "Zuleika"
PASTED_KEY = "sk-proj-Zq8mW3xLp0a9Rt5vY2nB7cK4dF6gH1jJ"


@contextmanager
def logs_at_debug(settings: Settings, log_format: str) -> Iterator[io.StringIO]:
    """What `finbot` writes with LOG_LEVEL=DEBUG and `log_format`, configured by the
    command's own function (in place of pytest's capture while it lasts)."""
    root = logging.getLogger()
    handlers = root.handlers[:]
    levels = {name: logging.getLogger(name).level for name in ("", *QUIET_LOGGERS)}
    stream = io.StringIO()
    root.handlers.clear()
    debug = settings.model_copy(update={"log_level": "DEBUG", "log_format": log_format})
    configure_logging(debug, quiet=False, stream=stream)
    try:
        yield stream
    finally:
        root.handlers[:] = handlers
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


async def refuse_flow_steps(session_factory, database_backend: str) -> None:
    """From now on the database refuses to save a flow step: the statement it refuses
    carries the person's name, email and phone (the registration's data)."""
    if database_backend == SQLITE:
        statements = [
            "CREATE TRIGGER refuse BEFORE UPDATE ON chat_flows "
            "BEGIN SELECT RAISE(ABORT, 'flow step refused'); END"
        ]
    else:
        statements = [
            "CREATE FUNCTION refuse() RETURNS trigger AS "
            "$$ BEGIN RAISE EXCEPTION 'flow step refused'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse BEFORE UPDATE ON chat_flows "
            "FOR EACH ROW EXECUTE FUNCTION refuse()",
        ]
    async with session_factory() as session:
        for statement in statements:
            await session.execute(text(statement))
        await session.commit()


@pytest.mark.parametrize("log_format", ["text", "json"])
async def test_debug_logs_keep_no_token_phone_email_name_or_key(
    finbot, fake_telegram, bot_settings, session_factory, database_backend, log_format
):
    await seed_debtor(session_factory, phone=PHONE, debts=1)
    with logs_at_debug(bot_settings, log_format) as logs:
        person = fake_telegram.user(first_name=FIRST_NAME, last_name="Ibarra", language_code="es")
        await answer(person, "/register")
        await answer(person, FULL_NAME)
        await answer(person, EMAIL)
        await answer(person, f"mi clave de OpenAI es {PASTED_KEY}, y mi móvil 611 222 333")
        await refuse_flow_steps(session_factory, database_backend)
        await person.share_contact(PHONE)
        await person.wait_for(lambda m: "algo ha fallado" in (m.plain_text or ""))
    written = logs.getvalue()
    assert "DEBUG" in written and "getUpdates" in written  # PTB's own lines are there
    assert "(message) failed: " in written and "flow step refused" in written  # what broke
    for secret in (
        fake_telegram.token,
        fake_telegram.token.split(":")[1],
        PHONE,
        PHONE.removeprefix("+"),
        "611 222 333",
        EMAIL,
        FULL_NAME,
        FIRST_NAME,
        PASTED_KEY,
    ):
        assert secret not in written, f"{secret!r} was logged"


def test_a_token_in_a_bot_api_url_and_an_exceptions_text_are_redacted():
    log = logging.getLogger("test.redaction")
    settings = Settings(_env_file=None)  # no token set: found by its shape
    with logs_at_debug(settings, "json") as stream:
        log.debug(
            "HTTP Request: POST %s",
            "https://api.telegram.org/bot123456789:AAH4xZ_9kQ-abcdefghijklmnopqrstuvwx/sendMessage",
        )
        try:
            raise ValueError(f"no debtor with phone {PHONE} or email {EMAIL}")
        except ValueError:
            log.exception("lookup failed for %s", {"full_name": FULL_NAME})
    written = stream.getvalue()
    assert "/bot[bot token]/sendMessage" in written
    assert "ValueError" in written and "lookup failed" in written
    for secret in ("AAH4xZ_9kQ", PHONE, EMAIL, FULL_NAME):
        assert secret not in written


@pytest.mark.parametrize(
    "line",
    [
        "{'contact': {'phone_number': '600111222', 'first_name': 'Zuleika'}}",  # a dict's repr
        '{"phone": "600111222", "full_name": "Zuleika Marañón Ibarra"}',  # JSON
        "Contact(first_name='Zuleika', phone_number='600111222')",  # PTB's repr
        "llámame al 611 222 333 o al 0034611222333, escribe a zuleika.mar@example.com",
        "key sk-proj-Zq8mW3xLp0a9Rt5vY2nB7cK4dF6gH1jJ and (611) 22-23-33",
    ],
)
def test_phones_names_emails_and_keys_are_redacted_in_every_form_they_are_logged(line):
    redacted = redact(line)
    for secret in ("600111222", "Zuleika", "611 222 333", "611222333", "example.com", "Zq8mW3"):
        assert secret not in redacted
    assert "[redacted]" in redacted or "[phone]" in redacted


def test_what_identifies_an_update_stays_readable():
    line = "update 857463123 (message) by start.start in 3.2 ms: ok; 1.200,00 € due 2026-11-24 9:30"
    assert redact(line) == line
