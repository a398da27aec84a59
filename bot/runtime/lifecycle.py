"""Start and stop the Application the way `run_polling` does, for callers that own the loop.

`finbot run` uses `serve`: polling, or a webhook server when WEBHOOK_URL is set, until
SIGTERM or SIGINT; then it stops taking updates, finishes those in hand for at most
SHUTDOWN_TIMEOUT_SECONDS, and exits. The terminal shell and the end-to-end tests run
inside an event loop they already have, so they use `running(...)`, which keeps PTB's
order: initialize, post_init, start polling (or finbot's webhook server,
bot/runtime/webhook_server.py), start; then the reverse.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from telegram.ext import Application

from bot.app import ALLOWED_UPDATES, OPS_KEY
from bot.runtime.inbox_processor import InboxQueue
from bot.runtime.webhook_server import WebhookServer, set_webhook
from bot.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Webhook:
    """Where the webhook server listens, and what Telegram is told with setWebhook."""

    url: str
    secret: str
    listen: str = "0.0.0.0"  # noqa: S104 - behind a load balancer, in a container
    port: int = 8080
    path: str = ""
    max_connections: int = 40

    @classmethod
    def from_settings(cls, settings: Settings) -> Webhook | None:
        if not settings.webhook_url or settings.webhook_secret is None:
            return None
        return cls(
            url=settings.webhook_url,
            secret=settings.webhook_secret.get_secret_value(),
            listen=settings.webhook_listen,
            port=settings.webhook_port,
            path=settings.webhook_path,
            max_connections=settings.webhook_max_connections,
        )


@asynccontextmanager
async def running(
    application: Application,
    *,
    poll: bool = True,
    poll_timeout: int = 10,
    webhook: Webhook | None = None,
    stop_timeout: float | None = None,
) -> AsyncIterator[Application]:
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        server = None
        if webhook is not None:
            server = WebhookServer(
                application.bot,
                application.update_queue,
                secret=webhook.secret,
                listen=webhook.listen,
                port=webhook.port,
                path=webhook.path,
            )
            server.start()
            try:
                await set_webhook(
                    application.bot,
                    url=webhook.url,
                    secret=webhook.secret,
                    allowed_updates=ALLOWED_UPDATES,
                    max_connections=webhook.max_connections,
                )
            except BaseException:
                await server.stop()
                raise
        elif poll and application.updater:
            await application.updater.start_polling(
                poll_interval=0.0,
                timeout=poll_timeout,
                allowed_updates=ALLOWED_UPDATES,
                bootstrap_retries=5,
            )
        await application.start()
        try:
            yield application
        finally:
            if server is not None:
                await server.stop()  # no new updates from here on
            if application.updater and application.updater.running:
                await application.updater.stop()
            if isinstance(application.update_queue, InboxQueue):
                application.update_queue.close()
            await _stop_within(application, stop_timeout)
    finally:
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


async def _stop_within(application: Application, limit: float | None) -> None:
    """Finish the updates and jobs in hand; past `limit` seconds, cut them short (each
    update's work is one transaction, rolled back when cut short; in webhook mode another
    replica takes the update up from the inbox)."""
    stopping = asyncio.ensure_future(application.stop())
    try:
        await asyncio.wait_for(asyncio.shield(stopping), limit)
    except TimeoutError:
        processor = application.update_processor
        in_hand = list(getattr(processor, "tasks", ()))
        log.warning(
            "shutdown: %d updates still in hand after %.0f s; cut short", len(in_hand), limit
        )
        for task in in_hand:
            task.cancel()
        try:
            await asyncio.wait_for(stopping, CUT_SHORT_SECONDS)
        except TimeoutError:
            log.error("shutdown: the bot did not stop; exiting anyway")
    if application.post_stop:
        await application.post_stop(application)


# After cutting the updates in hand short, how long stopping may still take.
CUT_SHORT_SECONDS = 10.0


async def serve(application: Application, settings: Settings) -> None:
    """Run until SIGTERM or SIGINT, then shut down gracefully."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    webhook = Webhook.from_settings(settings)
    async with running(
        application, webhook=webhook, stop_timeout=settings.shutdown_timeout_seconds
    ):
        log.info("taking updates by %s", "webhook" if webhook else "long polling")
        await stop.wait()
        log.info("stopping: no new updates; finishing those in hand")
        ops = application.bot_data.get(OPS_KEY)
        if ops is not None:
            ops.stopping = True
