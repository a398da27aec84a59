"""A debt's installments as an iCalendar file the person can import into their calendar.

One all-day event per installment on its due date, with a reminder some days before at
09:00. Each event's UID is "{reference}-{number}@{uid_domain}", so importing the file
again updates the events instead of adding copies.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event

from services.plans.exports.labels import ScheduleLabels
from services.plans.schedules import Installment, Schedule
from services.shared.money import format_money

PRODID = "-//finbot//Payment plan//EN"
REMINDER_TIME = time(9, 0)
MAX_REMINDER_DAYS = 28


def schedule_ics(
    schedule: Schedule,
    *,
    creditor: str,
    reference: str,
    currency: str,
    language: str,
    labels: ScheduleLabels,
    timezone: str,
    reminder_days_before: int = 2,
    uid_domain: str = "finbot",
    stamped_at: datetime | None = None,
) -> bytes:
    """The schedule as an iCalendar (RFC 5545) file, UTF-8.

    `timezone` (an IANA name such as "Europe/Madrid") names the calendar's zone, in
    which the all-day events and their 09:00 reminders are read. `stamped_at` is when
    the file is made (each event's DTSTAMP); pass the injected clock's now. Without it,
    midnight UTC of the first due date stands in, so a schedule always gives the same bytes.
    """
    _check_timezone(timezone)
    if not 0 <= reminder_days_before <= MAX_REMINDER_DAYS:
        raise ValueError(
            f"reminder_days_before must be 0 to {MAX_REMINDER_DAYS}, not {reminder_days_before}"
        )
    if not reference.strip():
        raise ValueError("a reference is needed to give the events stable UIDs")
    if stamped_at is None:
        stamped_at = datetime.combine(schedule.installments[0].due_date, time(), UTC)
    elif stamped_at.tzinfo is None:
        raise ValueError("stamped_at must be timezone-aware")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{labels.title} · {creditor}")
    calendar.add("x-wr-timezone", timezone)
    for installment in schedule.installments:
        summary = (
            f"{labels.installment} {installment.number}/{schedule.months}: "
            f"{format_money(installment.amount, currency, language)} · {creditor}"
        )
        event = Event()
        event.add("uid", installment_uid(reference, installment.number, uid_domain))
        event.add("dtstamp", stamped_at.astimezone(UTC))
        event.add("dtstart", installment.due_date)
        event.add("dtend", installment.due_date + timedelta(days=1))
        event.add("summary", summary)
        event.add("description", _description(installment, reference, currency, language, labels))
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        event.add_component(_reminder(summary, reminder_days_before))
        calendar.add_component(event)
    return calendar.to_ical()


def installment_uid(reference: str, number: int, uid_domain: str = "finbot") -> str:
    """The stable UID of installment `number` of the plan `reference`."""
    return f"{reference.strip()}-{number}@{uid_domain}"


def reminder_trigger(days_before: int) -> timedelta:
    """When to remind, from the start of an all-day event (its local midnight):
    09:00 `days_before` days earlier. Two days before is -P1DT15H."""
    return timedelta(days=-days_before, hours=REMINDER_TIME.hour, minutes=REMINDER_TIME.minute)


def _check_timezone(timezone: str) -> None:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {timezone!r}") from None


def _reminder(summary: str, days_before: int) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", reminder_trigger(days_before))  # relative: all-day events float
    return alarm


def _description(
    installment: Installment,
    reference: str,
    currency: str,
    language: str,
    labels: ScheduleLabels,
) -> str:
    lines = (
        (labels.principal, format_money(installment.principal, currency, language)),
        (labels.interest, format_money(installment.interest, currency, language)),
        (labels.balance_after, format_money(installment.balance_after, currency, language)),
        (labels.reference, reference),
    )
    return "\n".join(f"{label}: {value}" for label, value in lines)
