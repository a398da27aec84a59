"""The composition root: the only place that builds the Application, opens the database
(for the bot and for every CLI command) and wires the parts together."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot.context import DEPS_KEY, FinbotApplication, FinbotContext
from bot.deps import Database, Deps
from bot.handlers import all_handlers
from bot.handlers.errors import on_error
from bot.handlers.reminders.sender import TICK_SHARE, Pacer, run_tick, worker_name
from bot.runtime.assistant_setup import build_assistant
from bot.runtime.command_menu import register_menu
from bot.runtime.document_shelf import DocumentShelf, index_at_start
from bot.runtime.flow_purge import schedule_flow_purge
from bot.runtime.inbox_processor import Inbox, InboxQueue, InboxUpdateProcessor
from bot.runtime.logs import named
from bot.runtime.metrics import UPDATES_WAITING
from bot.runtime.model_clients import ModelClients
from bot.runtime.ops_server import OpsServer
from bot.runtime.rate_limit import RetryingRateLimiter
from bot.runtime.update_order import PerChatUpdateProcessor
from bot.settings import Settings
from db.chat_turns import ChatTurns
from db.engine import create_engine, create_session_factory
from db.migrations import upgrade_to_head
from db.unit_of_work import UnitOfWork
from services.assistant import forget_old_spend
from services.inbox import UpdateInbox
from services.shared import Clock, system_clock

log = logging.getLogger(__name__)

# Opt in to PTB 23's durations as `timedelta` now (PTB's documented switch), so upgrading
# changes nothing and PTB stops warning about it.
os.environ.setdefault("PTB_TIMEDELTA", "true")

# Connections to the Bot API. httpcore scans its whole pool on every request, so PTB's
# default of 256 costs more CPU under load than it buys; a request waits up to the pool
# timeout for a free connection instead of failing.
BOT_API_CONNECTIONS = 64
BOT_API_POOL_TIMEOUT_SECONDS = 10.0

# The update types finbot handles; polling and webhooks ask Telegram for these only.
ALLOWED_UPDATES = [
    Update.MESSAGE,
    Update.EDITED_MESSAGE,
    Update.CALLBACK_QUERY,
    Update.MY_CHAT_MEMBER,
    Update.PRE_CHECKOUT_QUERY,
]


def build_application(
    settings: Settings,
    *,
    clock: Clock = system_clock,
    request: BaseRequest | None = None,
) -> FinbotApplication:
    """Build finbot's Application.

    `request` replaces the HTTP transport (the terminal shell uses it to run without
    Telegram); then there is no updater. Everything else, the rate limiter included, is
    the same, so reminders and their buttons work in the shell as in Telegram.
    """
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    builder = (
        ApplicationBuilder()
        .token(token or "local:shell")
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .context_types(ContextTypes(context=FinbotContext))
        .post_init(_post_init_with(settings, clock))
        .post_shutdown(_post_shutdown)
    )
    inbox = Inbox()
    if settings.webhook_url:
        processor: PerChatUpdateProcessor = InboxUpdateProcessor(inbox)
        builder = builder.update_queue(InboxQueue(inbox))
    else:
        processor = PerChatUpdateProcessor()
    builder = builder.concurrent_updates(processor).rate_limiter(RetryingRateLimiter())
    if request is None:
        builder = builder.connection_pool_size(settings.telegram_connections).pool_timeout(
            BOT_API_POOL_TIMEOUT_SECONDS
        )
    else:
        builder = builder.request(request).get_updates_request(request).updater(None)
    application: FinbotApplication = builder.build()
    application.bot_data[INBOX_KEY] = inbox
    if isinstance(processor, InboxUpdateProcessor):
        processor.application = application
    for group, handler in all_handlers():
        handler.callback = named(handler.callback)  # for the per-update log line
        application.add_handler(handler, group=group)
    application.add_error_handler(on_error)
    return application


def open_database(settings: Settings) -> Database:
    """The database at DATABASE_URL: the one engine of a process, and its units of work."""
    engine = create_engine(settings.database_url)
    return Database(engine=engine, session_factory=create_session_factory(engine))


@asynccontextmanager
async def migrated_database(settings: Settings) -> AsyncIterator[Database]:
    """The database for one CLI command: migrated to the newest schema first, its
    connections closed afterwards."""
    await upgrade_to_head(settings.database_url)
    database = open_database(settings)
    try:
        yield database
    finally:
        await database.close()


def _post_init_with(settings: Settings, clock: Clock):
    async def post_init(application: Application) -> None:
        database = open_database(settings)
        engine, session_factory = database.engine, database.session_factory
        unit_of_work = database.unit_of_work

        documents = DocumentShelf(unit_of_work)
        await index_at_start(settings.documents_dir, unit_of_work, clock)
        await documents.reload_if_changed()
        application.bot_data[DEPS_KEY] = Deps(
            settings=settings,
            clock=clock,
            engine=engine,
            session_factory=session_factory,
            model_clients=ModelClients(settings),
            assistant=build_assistant(settings, clock, unit_of_work, lambda: documents.index),
            documents=documents,
        )
        application.job_queue.run_repeating(
            _reload_documents,
            interval=settings.documents_refresh_seconds,
            first=settings.documents_refresh_seconds,
            name="reload documents",
        )
        application.job_queue.run_repeating(
            _forget_old_spend, interval=3600, first=60, name="forget old assistant spend"
        )
        schedule_flow_purge(application)
        application.bot_data[REMINDERS_KEY] = (worker_name(), Pacer(settings.reminder_send_rate))
        if settings.send_reminders:
            schedule_reminders(application, settings.reminder_check_seconds)
        if settings.webhook_url:
            _open_inbox(application, settings, clock, unit_of_work)
        if settings.health_port:
            ops = OpsServer(engine, host=settings.health_host, port=settings.health_port)
            ops.start()
            application.bot_data[OPS_KEY] = ops
        tune_garbage_collector()
        await register_menu(application.bot, default_language=settings.default_language)
        log.info("finbot is up as @%s", application.bot.username)

    return post_init


def schedule_reminders(application: Application, interval: float) -> None:
    """The reminder job, every `interval` seconds (the first look 10 seconds in)."""
    application.job_queue.run_repeating(
        _send_reminders, interval=interval, first=min(10.0, interval), name="reminders"
    )


GC_YOUNG_THRESHOLD = 50_000


def tune_garbage_collector() -> None:
    """Everything loaded at start-up lives as long as the process: `gc.freeze` keeps the
    collector from walking it again, and a young generation of 50,000 objects (700 by
    default) stops it running every few updates. Measured: about a fifth more replies a
    second under load (tests/bench/test_assistant_speed.py)."""
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, middle, old)


def _open_inbox(
    application: Application,
    settings: Settings,
    clock: Clock,
    unit_of_work: Callable[[], UnitOfWork],
) -> None:
    inbox: Inbox = application.bot_data[INBOX_KEY]
    inbox.updates = UpdateInbox(unit_of_work)
    inbox.turns = ChatTurns(settings.database_url, connections=settings.chat_order_connections)
    inbox.clock = clock
    application.job_queue.run_repeating(
        _take_up_stalled_updates, interval=STALLED_CHECK_SECONDS, name="stalled updates"
    )


STALLED_CHECK_SECONDS = 10


async def _take_up_stalled_updates(context: FinbotContext) -> None:
    processor = context.application.update_processor
    inbox: Inbox = context.application.bot_data[INBOX_KEY]
    if isinstance(processor, InboxUpdateProcessor) and inbox.updates is not None:
        chats = await processor.handle_stalled()
        if chats:
            log.warning("took up waiting updates of %d chats left by a stopped process", chats)
        await inbox.updates.forget_old(context.deps.clock())
        UPDATES_WAITING.set(await inbox.updates.count_waiting())


REMINDERS_KEY = "finbot.reminders"
INBOX_KEY = "finbot.inbox"
OPS_KEY = "finbot.ops"


async def _send_reminders(context: FinbotContext) -> None:
    worker, pacer = context.application.bot_data[REMINDERS_KEY]
    budget = context.deps.settings.reminder_check_seconds * TICK_SHARE
    application = context.application
    report = await run_tick(
        context.deps,
        context.bot,
        worker=worker,
        pacer=pacer,
        budget=budget,
        stopping=lambda: not application.running,
    )
    if report.sent or report.outcomes or report.scheduled or report.broken:
        log.info(
            "reminders: %d scheduled, %d plans broken, outcomes %s",
            report.scheduled,
            report.broken,
            report.outcomes,
        )


async def _reload_documents(context: FinbotContext) -> None:
    await context.deps.documents.reload_if_changed()


async def _forget_old_spend(context: FinbotContext) -> None:
    deps = context.deps
    async with deps.unit_of_work() as uow:
        await forget_old_spend(uow, now=deps.clock(), limits=deps.assistant.spending.limits)
        await uow.commit()


async def _post_shutdown(application: Application) -> None:
    ops: OpsServer | None = application.bot_data.pop(OPS_KEY, None)
    if ops is not None:
        await ops.stop()
    inbox: Inbox | None = application.bot_data.get(INBOX_KEY)
    if inbox is not None and inbox.turns is not None:
        await inbox.turns.close()
    deps: Deps | None = application.bot_data.pop(DEPS_KEY, None)
    if deps is not None:
        await deps.model_clients.close()
        await deps.engine.dispose()
