"""`finbot rotate-secret-key`: re-encrypt the stored API keys under a new SECRET_KEY.

The old key is SECRET_KEY (settings), the new one the environment variable
NEW_SECRET_KEY: never an argument, so it lands neither in shell history nor in `ps`.
Neither key is ever printed. `bot/cli/main.py` registers the command with
``add_secret_commands`` and runs it with ``run_secret_command``, which returns the exit
code: 0 done, 1 some stored keys decrypt under neither secret (their users are named on
stderr; every other key was rotated), 2 a key is missing or unsuitable.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

from bot.cli.files import fail

if TYPE_CHECKING:
    from bot.settings import Settings
    from services.accounts import RotationReport

SECRET_COMMANDS = ("rotate-secret-key",)
NEW_SECRET_KEY_ENV = "NEW_SECRET_KEY"  # noqa: S105 - a variable name, not a key
MIN_SECRET_LENGTH = 32
NEXT_STEP = (
    "next: set SECRET_KEY to the new value and restart every replica. Invoices sent "
    "before the restart can no longer be paid; the user presses Pay again for a new one."
)


def add_secret_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    commands.add_parser(
        "rotate-secret-key",
        help="re-encrypt the users' stored API keys under a new SECRET_KEY",
        description="Re-encrypt every user's stored OpenAI API key from SECRET_KEY (the "
        f"old key) to the environment variable {NEW_SECRET_KEY_ENV} (the new key, at "
        "least 32 characters; never given as an argument, so it stays out of shell "
        "history). Best run with the bot stopped: replicas still on the old SECRET_KEY "
        "cannot read rotated keys, and a key set meanwhile stays under the old one. "
        "Running it again is safe: keys already under the new secret are left alone. "
        "Then set SECRET_KEY to the new value and restart every replica. Payment "
        "invoices sent before that can no longer be paid: the user presses Pay again.",
    )


async def run_secret_command(settings: Settings, arguments: argparse.Namespace) -> int:
    if arguments.command != "rotate-secret-key":
        raise ValueError(f"not a secret command: {arguments.command}")
    if settings.secret_key is None:
        fail("SECRET_KEY is not set: it must hold the current (old) secret key")
        return 2
    old_secret = settings.secret_key.get_secret_value()
    new_secret = os.environ.get(NEW_SECRET_KEY_ENV, "")
    problem = _new_secret_problem(new_secret, old_secret=old_secret)
    if problem is not None:
        fail(f"{NEW_SECRET_KEY_ENV} {problem}; nothing was changed")
        return 2
    from bot.app import migrated_database
    from services.accounts import reencrypt_api_keys

    async with migrated_database(settings) as database:
        report = await reencrypt_api_keys(
            database.unit_of_work, old_secret=old_secret, new_secret=new_secret
        )
    print(summary(report))
    if report.unreadable:
        ids = ", ".join(str(user_id) for user_id in report.unreadable)
        fail(
            f"the stored API key of {_count(len(report.unreadable), 'user')} (ids: {ids}) "
            "decrypts under neither secret and was left as it was; they need to set their "
            "key again with /apikey"
        )
    print(NEXT_STEP)
    return 1 if report.unreadable else 0


def summary(report: RotationReport) -> str:
    return (
        f"API keys: {report.rotated} rotated to the new secret, {report.already_rotated} "
        f"already rotated, {len(report.unreadable)} unreadable"
    )


def _new_secret_problem(new_secret: str, *, old_secret: str) -> str | None:
    if not new_secret:
        return (
            "is not set: put the new secret key (at least 32 random characters) in it, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    if len(new_secret) < MIN_SECRET_LENGTH:
        return f"must be at least {MIN_SECRET_LENGTH} characters"
    if new_secret != new_secret.strip():
        return "must not begin or end with spaces"
    if new_secret == old_secret:
        return "is the same as SECRET_KEY: give the new secret key"
    return None


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
