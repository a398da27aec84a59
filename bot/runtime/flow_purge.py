"""The scheduler's purge of flow steps left alone longer than FLOW_RETENTION_DAYS: what a
person typed into a flow they never finished (a name, an email, a phone) is not kept."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram.ext import Application

from bot.context import FinbotContext
from services import shared

log = logging.getLogger(__name__)

PURGE_EVERY_SECONDS = 3600
FIRST_PURGE_SECONDS = 1.0  # soon after start, so a bot that restarts often still purges


def schedule_flow_purge(application: Application) -> None:
    application.job_queue.run_repeating(
        purge_old_flows,
        interval=PURGE_EVERY_SECONDS,
        first=FIRST_PURGE_SECONDS,
        name="purge old flow steps",
    )


async def purge_old_flows(context: FinbotContext) -> None:
    deps = context.deps
    retention = timedelta(days=deps.settings.flow_retention_days)
    async with deps.unit_of_work() as uow:
        purged = await shared.purge_old_flows(uow, now=deps.clock(), retention=retention)
        await uow.commit()
    if purged:
        log.info("deleted %d flow steps untouched for %s", purged, retention)
