"""Time as a dependency: services that care about "now" take a `Clock`, so tests can fix it;
and a person's local day, in their time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class FixedClock:
    """A clock that stays where it is told; `advance` moves it forward."""

    def __init__(self, now: datetime) -> None:
        if now.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self.now = now.astimezone(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def time_zone(name: str | None, default: str) -> ZoneInfo:
    """The IANA zone `name`, or `default` when it is empty or unknown (UTC as a last resort)."""
    for candidate in (name, default):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def local_today(now: datetime, timezone: str | ZoneInfo) -> date:
    """The date it is for the person at `now`, in their time zone."""
    zone = timezone if isinstance(timezone, ZoneInfo) else ZoneInfo(timezone)
    return now.astimezone(zone).date()
