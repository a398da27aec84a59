"""The time zone a user lives in: finding the IANA name they mean, storing it, and moving
their pending reminders to the sending window of the same local day in the new zone."""

from __future__ import annotations

import re
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from db.unit_of_work import UnitOfWork
from services.reminders.times import ReminderPolicy, send_day, window_start
from services.shared.clock import time_zone
from services.shared.errors import DomainError

COMMON_TIMEZONES = (
    "Europe/Madrid",
    "Atlantic/Canary",
    "Europe/Lisbon",
    "Europe/London",
    "America/Mexico_City",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Caracas",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
)
"""The zones offered as buttons: where most Spanish and English speaking users live."""

_REGIONS = {
    "Africa",
    "America",
    "Antarctica",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
}
"""Areas whose last part names a city ("Europe/Paris"), unlike legacy ones ("US/Pacific")."""

_NAME_SHOWN_MAX = 64


class UnknownTimezone(DomainError):
    code = "unknown_timezone"


def _key(text: str) -> str:
    """What is left of a zone name once case, underscores and spacing no longer matter."""
    spaced = " ".join(text.replace("_", " ").split())
    return re.sub(r" ?/ ?", "/", spaced).casefold()


@cache
def _lookup() -> tuple[dict[str, str], dict[str, str]]:
    """(full name key -> IANA name, city key -> IANA name), computed once."""
    names = sorted(available_timezones() | {"UTC"})
    by_name = {_key(name): name for name in names}
    by_city: dict[str, str] = {}
    # A city in several names ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"):
    # the offered zone first, then the longest (canonical) name.
    cities = [name for name in names if name.split("/")[0] in _REGIONS]
    cities.sort(key=lambda name: (name not in COMMON_TIMEZONES, -name.count("/"), name))
    for name in cities:
        by_city.setdefault(_key(name.rsplit("/", 1)[1]), name)
    return by_name, by_city


def resolve_timezone(text: str) -> str:
    """The IANA name the user means: "europe/madrid", "America/Mexico City", "UTC", or
    just a city such as "Bogota". UnknownTimezone otherwise."""
    key = _key(text)
    by_name, by_city = _lookup()
    found = by_name.get(key) or by_city.get(key)
    if found is None:
        shown = " ".join(text.split())
        if len(shown) > _NAME_SHOWN_MAX:
            shown = shown[: _NAME_SHOWN_MAX - 1] + "…"
        raise UnknownTimezone(name=shown)
    return found


async def current_timezone(uow: UnitOfWork, *, user_id: int, default: str) -> str:
    """The user's zone, or `default` when they chose none (or it is no longer known)."""
    chosen = await uow.users.timezone_of(user_id)
    return time_zone(chosen, default).key


async def set_timezone(uow: UnitOfWork, *, user_id: int, name: str, policy: ReminderPolicy) -> str:
    """Store the user's zone and move their pending reminders to the start of the sending
    window of the same local day there. Flushes, does not commit. Returns the IANA name."""
    canonical = resolve_timezone(name)
    tz = ZoneInfo(canonical)
    await uow.users.set_timezone(user_id, canonical)
    moves = []
    for reminder_id, kind, due_date in await uow.users.lock_pending_reminders(user_id):
        try:
            day = send_day(due_date, kind)
        except ValueError:  # a kind that names no day ("before"): its time stays
            continue
        moves.append({"id": reminder_id, "due_at": window_start(day, tz, policy)})
    # A reminder claimed meanwhile keeps its time.
    await uow.users.move_pending_reminders(moves)
    await uow.flush()
    return canonical
