"""Start and stop the Application the way `run_polling` does, for callers that own the loop.

`finbot run` uses PTB's own `run_polling`. The terminal shell and the end-to-end tests run
inside an event loop they already have, so they use `running(...)`, which keeps the same
order: initialize, post_init, start polling, start; then the reverse.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram.ext import Application

from bot.app import ALLOWED_UPDATES


@asynccontextmanager
async def running(
    application: Application, *, poll: bool = True, poll_timeout: int = 10
) -> AsyncIterator[Application]:
    await application.initialize()
    try:
        if application.post_init:
            await application.post_init(application)
        if poll and application.updater:
            await application.updater.start_polling(
                poll_interval=0.0, timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES
            )
        await application.start()
        try:
            yield application
        finally:
            if application.updater and application.updater.running:
                await application.updater.stop()
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
    finally:
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
