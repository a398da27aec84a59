"""The reminder job: every REMINDER_CHECK_SECONDS it creates the reminders of newly agreed
plans, marks plans broken after PLAN_BROKEN_AFTER_DAYS overdue, and sends what is due.

Sending keeps under Telegram's limits by itself (PTB's limiter retries 429s, and here
only errors that prove nothing was sent, never a request that may have arrived):
at most REMINDER_SEND_RATE messages a second overall, from a few concurrent slots so a
slow round trip doesn't lower the rate, and one message per person a day (the claim
sees to that). Each message is claimed right before it is sent, in its own unit of
work, and its outcome recorded in another: a process killed in between leaves at most
one claim per slot, which is never sent again (see services/reminders_outcomes).
"""

from __future__ import annotations

import asyncio
import collections
import logging
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.deps import Deps
from bot.handlers.payments.buttons import pay_options
from bot.handlers.reminders.render import render_reminder
from bot.runtime.metrics import REMINDERS, REMINDERS_WAITING
from bot.runtime.rate_limit import SEND_ONCE, not_sent
from bot.texts import normalise_language
from services.plans import break_overdue_plans
from services.reminders import (
    ReminderMessage,
    claim_next,
    count_waiting,
    record_sent,
    record_unconfirmed,
    record_unreachable,
    recover_stale_claims,
    release,
    schedule_new_plans,
)
from services.shared import time_zone

log = logging.getLogger(__name__)

SEND_SLOTS = 4
"""Messages in flight at once: enough for the rate over a 100 ms round trip."""
RELEASE_DELAY = timedelta(minutes=1)
"""A message Telegram refused to take now (429 after the limiter's retries) waits this long."""
TICK_SHARE = 0.9
"""A tick stops claiming after this share of the interval; the next one goes on."""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Pacer:
    """At most `rate` messages a second. `wait()` spaces claims evenly; `wait_to_send()`,
    right before each request, also keeps any one-second window to `rate` sends, however
    long each claim took (Telegram refuses bursts over ~30 a second with a 429)."""

    def __init__(self, rate: float) -> None:
        self._interval = 1.0 / rate
        self._per_window = max(1, int(rate))
        self._next = 0.0
        self._sent: collections.deque[float] = collections.deque()
        self._lock = asyncio.Lock()
        self._window_lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            now = asyncio.get_running_loop().time()
            start = max(self._next, now)
            self._next = start + self._interval
        if start > now:
            await asyncio.sleep(start - now)

    async def wait_to_send(self) -> None:
        loop = asyncio.get_running_loop()
        async with self._window_lock:
            while True:
                now = loop.time()
                while self._sent and self._sent[0] <= now - 1.0:
                    self._sent.popleft()
                if len(self._sent) < self._per_window:
                    self._sent.append(now)
                    return
                await asyncio.sleep(self._sent[0] + 1.0 - now)


@dataclass
class TickReport:
    scheduled: int = 0
    broken: int = 0
    recovered: int = 0
    sent: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


async def run_tick(
    deps: Deps,
    bot: Bot,
    *,
    worker: str,
    pacer: Pacer,
    budget: float,
    stopping: Callable[[], bool] = lambda: False,
) -> TickReport:
    """One look: housekeeping, then send what is due for at most `budget` seconds, or
    until `stopping()` (the bot is shutting down: no new claim, the ones in hand finish)."""
    report = TickReport()
    settings = deps.settings
    now = deps.clock()
    async with deps.unit_of_work() as uow:
        report.recovered = await recover_stale_claims(
            uow, now=now, older_than=timedelta(seconds=settings.reminder_claim_timeout_seconds)
        )
        report.scheduled = await schedule_new_plans(
            uow, now=now, policy=deps.reminder_policy, default_timezone=settings.default_timezone
        )
        today = now.astimezone(time_zone(None, settings.default_timezone)).date()
        broken = await break_overdue_plans(
            uow, today=today, days=settings.plan_broken_after_days, now=now
        )
        report.broken = len(broken)
        await uow.commit()
        REMINDERS_WAITING.set(await count_waiting(uow, now=now))
    if report.recovered:
        log.warning(
            "reminders: %d claims of a stopped process marked unconfirmed", report.recovered
        )
    deadline = asyncio.get_running_loop().time() + budget
    await asyncio.gather(
        *(_slot(deps, bot, worker, pacer, deadline, report, stopping) for _ in range(SEND_SLOTS))
    )
    return report


async def _slot(deps, bot, worker, pacer: Pacer, deadline: float, report, stopping) -> None:
    loop = asyncio.get_running_loop()
    while loop.time() < deadline and not stopping():
        await pacer.wait()
        async with deps.unit_of_work() as uow:
            claim = await claim_next(
                uow,
                now=deps.clock(),
                worker=worker,
                policy=deps.reminder_policy,
                default_timezone=deps.settings.default_timezone,
            )
            await uow.commit()
        if claim.message is not None:
            await pacer.wait_to_send()
            outcome = await send_one(deps, bot, claim.message)
            report.outcomes[outcome] = report.outcomes.get(outcome, 0) + 1
            REMINDERS.labels(outcome).inc()
            report.sent += outcome == "sent"
        elif not claim.due:
            return  # nothing is due
        elif claim.handled == 0:
            await asyncio.sleep(0.05)  # everyone due is being claimed by another worker


async def send_one(deps: Deps, bot: Bot, message: ReminderMessage) -> str:
    """Send one claimed message and record what became of it; returns the outcome."""
    language = normalise_language(message.language, deps.settings.default_language)
    text, buttons = render_reminder(message, language, pay=pay_options(deps.settings))
    ids = message.reminder_ids
    async with deps.unit_of_work() as uow:
        try:
            sent = await bot.send_message(
                message.telegram_id, text, reply_markup=buttons, rate_limit_args=SEND_ONCE
            )
        except TelegramError as error:
            outcome = await _record_failure(uow, deps, message, error)
        except Exception as error:  # a fault of ours: whether it went out is not known
            log.exception("reminder for user %s could not be sent", message.user_id)
            reason = f"failed: {type(error).__name__}"
            await record_unconfirmed(uow, reminder_ids=ids, reason=reason)
            outcome = "unconfirmed"
        else:
            await record_sent(uow, reminder_ids=ids, message_id=sent.message_id, now=deps.clock())
            outcome = "sent"
        await uow.commit()
    return outcome


async def _record_failure(uow, deps: Deps, message: ReminderMessage, error: TelegramError) -> str:
    ids = message.reminder_ids
    gone = isinstance(error, Forbidden) or (
        isinstance(error, BadRequest) and "chat not found" in str(error).lower()
    )
    if gone:  # blocked, or the account is gone: not tried again
        await record_unreachable(
            uow, user_id=message.user_id, reminder_ids=ids, now=deps.clock(), reason=str(error)
        )
        return "unreachable"
    if isinstance(error, RetryAfter) or not_sent(error):  # nothing delivered: try later
        await release(
            uow,
            user_id=message.user_id,
            reminder_ids=ids,
            reason=str(error),
            retry_at=deps.clock() + RELEASE_DELAY,
        )
        return "released"
    if isinstance(error, BadRequest):
        log.error("reminder for user %s refused by Telegram: %s", message.user_id, error)
        await record_unconfirmed(uow, reminder_ids=ids, reason=f"refused: {error}")
        return "refused"
    # A timeout or a broken connection: it may have arrived, so it is never sent twice.
    await record_unconfirmed(uow, reminder_ids=ids, reason=str(error) or type(error).__name__)
    return "unconfirmed"
