"""`finbot send-reminders [--once]`: the reminder job without taking updates.

`finbot run` already sends reminders; this runs them on their own, for a dedicated worker
beside webhook replicas, or with `--once` from cron or by hand (it sends what is due now,
then exits). Several may run on one PostgreSQL: each message is claimed once.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings

REMINDER_COMMANDS = ("send-reminders",)
ONCE_BUDGET_SECONDS = 3600.0


def add_reminder_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sender = commands.add_parser(
        "send-reminders",
        help="send due payment reminders without taking updates (--once: what is due now)",
        description="Run the reminder job alone: every REMINDER_CHECK_SECONDS it schedules "
        "the reminders of new plans and sends the due ones, within each person's local "
        "hours. With --once it sends what is due now and exits.",
    )
    sender.add_argument("--once", action="store_true", help="send what is due now, then exit")


async def run_reminder_command(settings: Settings, arguments: argparse.Namespace) -> int:
    from bot.app import REMINDERS_KEY, build_application, schedule_reminders
    from bot.context import DEPS_KEY
    from bot.handlers.reminders.sender import run_tick
    from bot.runtime.lifecycle import running
    from bot.settings import require_for_polling
    from db.migrations import upgrade_to_head

    require_for_polling(settings)
    await upgrade_to_head(settings.database_url)
    # This command sends them itself, whatever SEND_REMINDERS says for `finbot run`.
    application = build_application(settings.model_copy(update={"send_reminders": False}))
    async with running(application, poll=False):
        if arguments.once:
            worker, pacer = application.bot_data[REMINDERS_KEY]
            report = await run_tick(
                application.bot_data[DEPS_KEY],
                application.bot,
                worker=worker,
                pacer=pacer,
                budget=ONCE_BUDGET_SECONDS,
            )
            print(f"reminders: {report.sent} sent, {report.scheduled} scheduled, {report.outcomes}")
            return 0
        schedule_reminders(application, settings.reminder_check_seconds)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
    return 0
