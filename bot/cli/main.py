"""The `finbot` command: run the bot, migrate the database, or talk to it in a terminal."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from bot.cli.documents import DOCUMENT_COMMANDS, add_document_commands, run_document_command
from bot.cli.operator import OPERATOR_COMMANDS, add_operator_commands, run_operator_command
from bot.cli.payments import PAYMENT_COMMANDS, add_payment_commands, run_payment_command
from bot.cli.reminders import REMINDER_COMMANDS, add_reminder_commands, run_reminder_command
from bot.cli.secrets import SECRET_COMMANDS, add_secret_commands, run_secret_command

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger("finbot")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    command = arguments.command or "run"
    # Imported after the arguments are read: `finbot --help` needs none of it.
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings()
        configure_logging(settings, quiet=command == "shell")
        if command == "run":
            return _run(settings)
        if command == "migrate":
            return asyncio.run(_migrate(settings))
        if command == "shell":
            return asyncio.run(_shell(settings, arguments))
        if command in OPERATOR_COMMANDS:
            return asyncio.run(run_operator_command(settings, arguments))
        if command in REMINDER_COMMANDS:
            return asyncio.run(run_reminder_command(settings, arguments))
        if command in DOCUMENT_COMMANDS:
            return asyncio.run(run_document_command(settings, arguments))
        if command in PAYMENT_COMMANDS:
            return asyncio.run(run_payment_command(settings, arguments))
        if command in SECRET_COMMANDS:
            return asyncio.run(run_secret_command(settings, arguments))
    except SettingsError as error:
        print(f"finbot: {error}", file=sys.stderr)
        return 2
    parser.error(f"unknown command {command}")
    return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="finbot",
        description="finbot: a Telegram assistant that helps people deal with their debts. "
        "Without a command, `finbot` runs the bot.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    commands.add_parser(
        "run",
        help="apply pending migrations, then run the bot (the default)",
        description="Apply pending database migrations, then run the bot: by long polling, "
        "or as a webhook server when WEBHOOK_URL is set. Needs TELEGRAM_BOT_TOKEN and "
        "SECRET_KEY (see .env.example). SIGTERM stops it gracefully.",
    )
    commands.add_parser(
        "migrate",
        help="apply pending database migrations and exit",
        description="Bring the database at DATABASE_URL up to the newest schema.",
    )
    shell = commands.add_parser(
        "shell",
        help="talk to the bot in this terminal, without Telegram",
        description="Run the real bot in this terminal: each line is a message from you; "
        "#N presses inline button N; '@contact +34600000000' shares your phone number; "
        "/quit or end of input leaves. Input may be piped from a file.",
    )
    shell.add_argument(
        "--demo",
        action="store_true",
        help="first import the demo debts; register with '@contact +34600000000' to see them",
    )
    shell.add_argument("--user-id", type=int, default=1001, help="your Telegram user id here")
    shell.add_argument("--name", default=None, help="your first name (default: your login)")
    shell.add_argument(
        "--language",
        choices=["es", "en"],
        default=None,
        help="your Telegram language (default: DEFAULT_LANGUAGE)",
    )
    add_operator_commands(commands)
    add_document_commands(commands)
    add_reminder_commands(commands)
    add_payment_commands(commands)
    add_secret_commands(commands)
    return parser


class CommandParser(argparse.ArgumentParser):
    """A command's parser whose description may be a function, so that its help can quote
    what a service defines (a CSV header) without importing it until that help is shown."""

    description: str | Callable[[], str] | None

    def format_help(self) -> str:
        if callable(self.description):
            self.description = self.description()
        return super().format_help()


def configure_logging(settings: Settings, *, quiet: bool, stream: TextIO | None = None) -> None:
    """LOG_LEVEL and LOG_FORMAT (WARNING when `quiet`), to stderr or `stream`, with every
    secret setting's value redacted."""
    from bot.runtime.logs import configure

    level = logging.WARNING if quiet else getattr(logging, settings.log_level.upper(), logging.INFO)
    configure(level, settings.log_format, secrets=secret_settings(settings), stream=stream)


def secret_settings(settings: Settings) -> list[str]:
    """The values of every secret setting (the token, keys, secrets): never logged."""
    from pydantic import SecretStr

    values = settings.model_dump().values()
    return [value.get_secret_value() for value in values if isinstance(value, SecretStr)]


def _run(settings: Settings) -> int:
    from bot.settings import require_for_polling

    require_for_polling(settings)
    from bot.app import build_application
    from bot.runtime.lifecycle import serve
    from db.migrations import upgrade_to_head

    async def run() -> None:
        await upgrade_to_head(settings.database_url)
        await serve(build_application(settings), settings)

    asyncio.run(run())
    return 0


async def _migrate(settings: Settings) -> int:
    from db.migrations import current_revision, upgrade_to_head

    await upgrade_to_head(settings.database_url)
    print(f"database is at revision {await current_revision(settings.database_url)}")
    return 0


async def _shell(settings: Settings, arguments: argparse.Namespace) -> int:
    from bot.runtime.lifecycle import running
    from bot.shell.console import ShellSession, ShellUser, shell_application, stdin_is_interactive
    from db.migrations import upgrade_to_head

    await upgrade_to_head(settings.database_url)
    if arguments.demo:
        demo = argparse.Namespace(command="import-debts", demo=True, file=None)
        if await run_operator_command(settings, demo) != 0:
            return 1
        print("demo: /register and share '@contact +34600000000' to see Lucía's debts")
    person = ShellUser(
        user_id=arguments.user_id,
        first_name=arguments.name or getpass.getuser().capitalize(),
        language_code=arguments.language or settings.default_language,
    )
    application, api = shell_application(settings, person, sys.stdout)
    interactive = stdin_is_interactive()
    if interactive:
        print("finbot shell: type a message, #N to press a button, /quit to leave.")
    async with running(application, poll=False):
        await ShellSession(application, api, person, sys.stdout).run(
            sys.stdin, echo=not interactive
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
