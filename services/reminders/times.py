"""When reminders go: which kinds an installment gets, on which local day, and the hours
of that day in which a message may arrive. Pure functions over an injected `now`.

A reminder is due at the start of the sending window (e.g. 09:00) of its day in the
user's time zone, stored in UTC; all of a user's reminders for one day share that
instant, so they are claimed together and merged into one message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.shared.clock import local_today

DUE = "due"


@dataclass(frozen=True)
class ReminderPolicy:
    days_before: int = 3
    days_after: tuple[int, ...] = (1, 7)
    from_hour: int = 9
    until_hour: int = 20

    def kinds(self) -> list[tuple[str, int]]:
        """(kind, days from the due date), earliest first: before_3, due, after_1, after_7."""
        kinds = [(f"before_{self.days_before}", -self.days_before)] if self.days_before else []
        kinds.append((DUE, 0))
        kinds += [(f"after_{days}", days) for days in self.days_after]
        return kinds


def offset_of(kind: str) -> int:
    """Days from the due date of a reminder kind ("before_3" -> -3, "after_7" -> 7)."""
    if kind == DUE:
        return 0
    name, _, days = kind.partition("_")
    if name not in ("before", "after") or not days.isdigit():
        raise ValueError(f"not a reminder kind: {kind!r}")
    return -int(days) if name == "before" else int(days)


def window_start(day: date, tz: ZoneInfo, policy: ReminderPolicy) -> datetime:
    """The UTC instant at which reminders of local `day` may start to go."""
    return datetime.combine(day, time(policy.from_hour), tzinfo=tz).astimezone(UTC)


def start_of_day(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


def in_window(now: datetime, tz: ZoneInfo, policy: ReminderPolicy) -> bool:
    local = now.astimezone(tz)
    return policy.from_hour <= local.hour < policy.until_hour


def next_window(now: datetime, tz: ZoneInfo, policy: ReminderPolicy) -> datetime:
    """The start of the next sending window after `now` (tomorrow's when today's began)."""
    today = local_today(now, tz)
    start = window_start(today, tz, policy)
    return start if start > now else window_start(today + timedelta(days=1), tz, policy)


def send_day(due_date: date, kind: str) -> date:
    return due_date + timedelta(days=offset_of(kind))
