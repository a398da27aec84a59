"""What the operator's model may spend, and how often a person may ask it.

Every model call on the operator's key reserves its worst case (the request's estimated
input plus `max_output_tokens`) against the person's and the operator's budget for the
day before it is made, and is settled afterwards: the real usage is charged and the rest
released. A call whose worst case does not fit is not made. The day is the operator's
(`DEFAULT_TIMEZONE`), whatever zone the person chose.

Spend and turns are kept per *subject*: a person is an HMAC of their Telegram id under a
key derived from SECRET_KEY, the operator's total is `operator`. The rows name nobody, so
erasure leaves them, and a person who erases their data and comes back the same day finds
the day's spend where it was; the scheduler deletes old rows. A budget of 0 keeps no row.
A person's own API key (`/apikey`) spends their money: their calls are rate-limited like
anyone's but reserve nothing.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from db.unit_of_work import UnitOfWork
from services.assistant.counters import OPERATOR_TOKENS_TODAY, REFUSALS
from services.assistant.usage import Usage
from services.shared.clock import Clock, local_today
from services.shared.errors import DomainError

OPERATOR = "operator"
KEPT_DAYS = 3  # days of spend kept before the scheduler deletes them


class SpendRefused(DomainError):
    """A model call the budget has no room for; the turn stops without it."""


class DailyBudgetSpent(SpendRefused):
    """The person used their tokens for today; the assistant is back tomorrow."""

    code = "assistant_budget_spent"


class OperatorBudgetSpent(SpendRefused):
    """Everyone together used the operator's tokens for today. `first_notice` is True for
    the one refusal of the day that should tell the operator."""

    code = "assistant_operator_budget_spent"
    first_notice = False


class TurnLimitReached(DomainError):
    """Too many turns this hour; `retry_at` is when the next hour begins (aware UTC)."""

    code = "assistant_turn_limit"

    def __init__(self, *, retry_at: datetime) -> None:
        super().__init__()
        self.retry_at = retry_at


@dataclass(frozen=True)
class SpendLimits:
    person_daily_tokens: int = 0  # 0: no limit
    operator_daily_tokens: int = 0  # 0: no limit
    turns_per_hour: int = 0  # 0: no limit
    timezone: str = "UTC"  # the operator's: when the budget's day begins
    subject_key: bytes = b""


@dataclass(frozen=True)
class Reservation:
    subjects: tuple[str, ...]  # none: the person's own key, or no budget set
    day: date
    tokens: int


def subject_key(secret_key: str | None) -> bytes:
    """The HMAC key for subjects, derived from SECRET_KEY with a label of its own."""
    material = (secret_key or "finbot without a secret key").encode()
    return hashlib.sha256(b"finbot assistant spend subject\0" + material).digest()


def subject_of(telegram_id: int, key: bytes) -> str:
    return hmac.new(key, f"telegram:{telegram_id}".encode(), hashlib.sha256).hexdigest()


class Spending:
    """The budgets and the turn rate, each step in a short unit of work of its own."""

    def __init__(
        self, limits: SpendLimits, unit_of_work: Callable[[], UnitOfWork], clock: Clock
    ) -> None:
        self.limits = limits
        self._unit_of_work = unit_of_work
        self._clock = clock

    def subject(self, telegram_id: int) -> str:
        return subject_of(telegram_id, self.limits.subject_key)

    def today(self, now: datetime) -> date:
        return local_today(now, self.limits.timezone)

    async def count_turn(self, uow: UnitOfWork, telegram_id: int) -> None:
        """Count a turn in the caller's unit of work (the one that opens the turn); raise
        TurnLimitReached past `turns_per_hour`, and the caller's rollback uncounts it."""
        if not self.limits.turns_per_hour:
            return
        hour = self._clock().replace(minute=0, second=0, microsecond=0)
        turns = await uow.assistant_spend.count_turn(subject=self.subject(telegram_id), hour=hour)
        if turns > self.limits.turns_per_hour:
            REFUSALS.labels("turn_rate").inc()
            raise TurnLimitReached(retry_at=hour + timedelta(hours=1))

    async def reserve(self, telegram_id: int, tokens: int, *, operator_key: bool) -> Reservation:
        """Reserve `tokens` for the person and the operator, or raise SpendRefused. A budget
        of 0 (no limit) keeps no row, so the operator's row is no hot spot unless set."""
        limits = self.limits
        now = self._clock()
        day = self.today(now)
        budgets = [
            (subject, budget)
            for subject, budget in (
                (self.subject(telegram_id), limits.person_daily_tokens),
                (OPERATOR, limits.operator_daily_tokens),
            )
            if budget and operator_key
        ]
        if not budgets:
            return Reservation((), day, 0)
        async with self._unit_of_work() as uow:
            await uow.assistant_spend.without_waiting_for_disk()
            for subject, budget in budgets:
                if await uow.assistant_spend.reserve(
                    subject=subject, day=day, tokens=tokens, budget=budget
                ):
                    continue
                await uow.rollback()  # nothing stays reserved
                if subject != OPERATOR:
                    REFUSALS.labels("person_budget").inc()
                    raise DailyBudgetSpent()
                REFUSALS.labels("operator_budget").inc()
                refusal = OperatorBudgetSpent()
                refusal.first_notice = await uow.assistant_spend.mark_noticed(
                    subject=OPERATOR, day=day, now=now
                )
                await uow.commit()
                raise refusal
            await uow.commit()
        return Reservation(tuple(subject for subject, _ in budgets), day, tokens)

    async def settle(self, reservation: Reservation, used: Usage | None) -> None:
        """Charge what the call used and release the rest; `used` None (the outcome is
        unknown: a cut stream, a timeout) charges the whole reservation."""
        if not reservation.subjects:
            return
        spent = reservation.tokens if used is None else used.total
        async with self._unit_of_work() as uow:
            await uow.assistant_spend.without_waiting_for_disk()
            for subject in reservation.subjects:
                await uow.assistant_spend.settle(
                    subject=subject, day=reservation.day, reserved=reservation.tokens, spent=spent
                )
            if OPERATOR in reservation.subjects:
                today = await uow.assistant_spend.of_day(OPERATOR, reservation.day)
                OPERATOR_TOKENS_TODAY.set(sum(today))
            await uow.commit()


async def forget_old_spend(uow: UnitOfWork, *, now: datetime, limits: SpendLimits) -> None:
    """Delete spend older than KEPT_DAYS and turn counts older than two hours: no budget
    looks at them again (the scheduler calls this)."""
    await uow.assistant_spend.forget_before(
        day=local_today(now, limits.timezone) - timedelta(days=KEPT_DAYS),
        hour=now - timedelta(hours=2),
    )


async def spent_today(
    uow: UnitOfWork, *, telegram_id: int, now: datetime, limits: SpendLimits
) -> int:
    """The person's tokens spent and reserved on the operator's model today (its day)."""
    spent, reserved = await uow.assistant_spend.of_day(
        subject_of(telegram_id, limits.subject_key), local_today(now, limits.timezone)
    )
    return spent + reserved
