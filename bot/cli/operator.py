"""The operator's commands: `finbot import-debts FILE.csv` and `finbot invite REFERENCE`.

`bot/cli/main.py` registers them with ``add_operator_commands`` and runs them with
``run_operator_command``, which returns the exit code: 0 done, 1 the data or the
reference is wrong (the reason is on stderr), 2 a setting or an argument is missing.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.files import fail, import_all_or_nothing, readable

if TYPE_CHECKING:
    from bot.settings import Settings
    from services.debts import ImportReport

OPERATOR_COMMANDS = ("import-debts", "invite", "export-agreements")
DEMO_CSV = Path(__file__).resolve().parents[1] / "demo" / "debts.csv"
DEFAULT_INVITE_TTL_DAYS = 14
_BOT_USERNAME = re.compile(r"[A-Za-z0-9_]{5,32}")


def add_operator_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    importer = commands.add_parser(
        "import-debts",
        help="load debtors and debts from a CSV file (all rows or none)",
        description=lambda: (
            "Load the operator's debtors and debts from a UTF-8 CSV file whose header is: "
            f"{','.join(_debts().DEBTS_CSV_HEADER)}. Rows with the same phone are one "
            "debtor; a known reference updates its debt. If any row is wrong, every problem "
            "is listed with its line and nothing is imported. Empty max_months, "
            "min_installment and max_discount_pct follow the POLICY_* settings; an empty "
            "currency means CURRENCY."
        ),
    )
    importer.add_argument("file", metavar="FILE", nargs="?", type=Path, help="the CSV file")
    importer.add_argument(
        "--demo", action="store_true", help="import the bundled demo debts instead of a FILE"
    )
    invite = commands.add_parser(
        "invite",
        help="print a one-time Telegram link that lets a debtor sign in",
        description="Print a https://t.me/<bot>?start=<token> link for the debtor of the "
        "debt REFERENCE. The link works once and expires after INVITE_TTL_DAYS days; when "
        "the debtor has a phone, it links only the person who shares that phone. A debtor "
        "already linked to a Telegram account gets no link unless --relink.",
    )
    invite.add_argument("reference", metavar="REFERENCE", help="the debt's reference")
    invite.add_argument(
        "--relink",
        action="store_true",
        help="the debtor is linked to the wrong Telegram account: unlink them now (audited) "
        "and print a link for the right one",
    )
    exporter = commands.add_parser(
        "export-agreements",
        help="write every negotiated agreement and hardship case to a CSV file",
        description="Write a CSV (UTF-8) with every agreement reached by negotiation (its "
        "offer, terms and plan status) and every hardship case waiting for the operator.",
    )
    exporter.add_argument("file", metavar="FILE", type=Path, help="the CSV file to write")
    invite.add_argument(
        "--bot-username",
        default=None,
        help="the bot's username (default: TELEGRAM_BOT_USERNAME, else asked from Telegram)",
    )


async def run_operator_command(settings: Settings, arguments: argparse.Namespace) -> int:
    if arguments.command == "import-debts":
        return await _import_debts(settings, arguments)
    if arguments.command == "invite":
        return await _invite(settings, arguments)
    if arguments.command == "export-agreements":
        return await _export_agreements(settings, arguments.file)
    raise ValueError(f"not an operator command: {arguments.command}")


async def _import_debts(settings: Settings, arguments: argparse.Namespace) -> int:
    if arguments.demo == (arguments.file is not None):
        fail("import-debts needs a FILE, or --demo for the demo data (not both)")
        return 2
    source: Path = DEMO_CSV if arguments.demo else arguments.file
    if not readable(source):
        return 1
    default_currency = settings.currency
    from services.shared import system_clock

    report = await import_all_or_nothing(
        settings,
        source,
        (),
        lambda uow: _debts().import_debts(
            uow, rows=source, default_currency=default_currency, now=system_clock()
        ),
    )
    if report is None:
        return 1
    print(_summary(source, report))
    return 0


def _debts():
    """The debts capability, imported when a command or its help needs it."""
    from services import debts

    return debts


def _summary(source: Path, report: ImportReport) -> str:
    return (
        f"imported {source.name}: debts {report.debts_created} created, "
        f"{report.debts_updated} updated, {report.debts_unchanged} unchanged; "
        f"debtors {report.debtors_created} created, {report.debtors_updated} updated"
    )


async def _invite(settings: Settings, arguments: argparse.Namespace) -> int:
    bot_username = await _bot_username(settings, arguments.bot_username)
    if bot_username is None:
        return 2
    ttl = timedelta(days=getattr(settings, "invite_ttl_days", DEFAULT_INVITE_TTL_DAYS))
    from bot.app import migrated_database
    from services import accounts
    from services.shared import system_clock

    try:
        async with migrated_database(settings) as database, database.unit_of_work() as uow:
            invite = await accounts.create_invite(
                uow,
                reference=arguments.reference,
                now=system_clock(),
                ttl=ttl,
                relink=arguments.relink,
            )
            await uow.commit()
    except accounts.DebtReferenceUnknown:
        fail(f"no debt has the reference {arguments.reference!r}; check it, or import it first")
        return 1
    except accounts.DebtorAlreadyLinked as linked:
        since = linked.values.get("linked_at")
        fail(
            f"the debtor of {arguments.reference!r} is already linked to a Telegram account"
            f"{f' (since {since:%Y-%m-%d})' if since else ''}; no link printed. To move them to "
            "another account, run it again with --relink"
        )
        return 1
    if invite.unlinked_user_id is not None:
        fail(f"unlinked the debtor of {arguments.reference!r} from their Telegram account")
    if not invite.debtor_has_phone:
        fail(
            "this debtor has no phone on file, so whoever opens the link first and confirms is "
            "linked: send it only where the debtor alone will read it"
        )
    print(accounts.deep_link(bot_username=bot_username, token=invite.token))
    return 0


async def _bot_username(settings: Settings, given: str | None) -> str | None:
    """The bot's username from the option, the setting, or Telegram's getMe."""
    username = given or getattr(settings, "telegram_bot_username", None)
    if not username:
        username = await _ask_telegram(settings)
        if username is None:
            return None
    username = username.strip().lstrip("@")
    if not _BOT_USERNAME.fullmatch(username):
        fail(f"{username!r} is not a bot username (5 to 32 letters, digits or _)")
        return None
    return username


async def _ask_telegram(settings: Settings) -> str | None:
    token = settings.telegram_bot_token
    if token is None or not token.get_secret_value():
        fail(
            "the invite link needs the bot's username: pass --bot-username, or set "
            "TELEGRAM_BOT_USERNAME (or TELEGRAM_BOT_TOKEN to ask Telegram for it)"
        )
        return None
    from telegram import Bot
    from telegram.error import TelegramError

    try:
        async with Bot(token.get_secret_value(), base_url=settings.telegram_api_base_url) as bot:
            return bot.username
    except TelegramError as error:
        fail(f"could not ask Telegram for the bot's username ({error}); pass --bot-username")
        return None


async def _export_agreements(settings: Settings, target: Path) -> int:
    from bot.app import migrated_database
    from services import negotiation

    async with migrated_database(settings) as database, database.unit_of_work() as uow:
        rows = await negotiation.list_agreements_and_hardship(uow)
    try:
        with target.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(negotiation.EXPORT_COLUMNS)
            writer.writerows(row.csv_values() for row in rows)
    except OSError as error:
        fail(f"cannot write {target}: {error.strerror or error}")
        return 1
    counts = Counter(row.case for row in rows)
    print(
        f"wrote {target}: {counts['agreement']} agreements, {counts['broken_plan']} broken "
        f"plans, {counts['hardship']} hardship cases"
    )
    return 0
