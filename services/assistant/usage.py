"""Tokens per user: recorded for every model response and summed for /usage. The daily
budget itself is kept in services/assistant/spend.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from db.unit_of_work import UnitOfWork
from services.assistant.counters import MODEL_TOKENS


@dataclass(frozen=True)
class Usage:
    input_tokens: int = 0
    cached_tokens: int = 0
    output_tokens: int = 0

    @property
    def total(self) -> int:
        return self.input_tokens + self.output_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.input_tokens + other.input_tokens,
            self.cached_tokens + other.cached_tokens,
            self.output_tokens + other.output_tokens,
        )


@dataclass(frozen=True)
class UsageReport:
    today: Usage
    last_30_days: Usage
    daily_budget: int  # 0: no limit
    budget_used: int = 0  # spent and reserved today on the operator's model

    @property
    def left_today(self) -> int | None:
        if not self.daily_budget:
            return None
        return max(self.daily_budget - self.budget_used, 0)


async def record_usage(
    uow: UnitOfWork, *, user_id: int, model: str, usage: Usage, now: datetime
) -> None:
    MODEL_TOKENS.labels("input").inc(usage.input_tokens)
    MODEL_TOKENS.labels("cached").inc(usage.cached_tokens)
    MODEL_TOKENS.labels("output").inc(usage.output_tokens)
    await uow.assistant_usage.add(
        user_id=user_id,
        model=model,
        input_tokens=usage.input_tokens,
        cached_tokens=usage.cached_tokens,
        output_tokens=usage.output_tokens,
        created_at=now,
    )


def start_of_local_day(now: datetime, timezone: str) -> datetime:
    zone = ZoneInfo(timezone)
    local_midnight = datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone)
    return local_midnight.astimezone(ZoneInfo("UTC"))


async def usage_since(uow: UnitOfWork, *, user_id: int, since: datetime) -> Usage:
    return Usage(*await uow.assistant_usage.totals_since(user_id, since))


async def usage_report(
    uow: UnitOfWork,
    *,
    user_id: int,
    now: datetime,
    timezone: str,
    daily_budget: int,
    budget_used: int = 0,
) -> UsageReport:
    """`timezone` is the budget's (the operator's) day; `budget_used` what the person's
    spend row says for it (see spend.py)."""
    today = await usage_since(uow, user_id=user_id, since=start_of_local_day(now, timezone))
    month = await usage_since(uow, user_id=user_id, since=now - timedelta(days=30))
    return UsageReport(
        today=today, last_30_days=month, daily_budget=daily_budget, budget_used=budget_used
    )
