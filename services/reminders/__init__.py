"""Payment reminders: scheduling them for agreed plans, claiming and recording each message
exactly once, and what a person can do about them."""

from services.reminders.claim import claim_next
from services.reminders.message import ReminderLine, ReminderMessage
from services.reminders.outcomes import (
    count_waiting,
    record_sent,
    record_unconfirmed,
    record_unreachable,
    recover_stale_claims,
    release,
)
from services.reminders.preferences import (
    ReminderOverview,
    answer_paid,
    reminder_overview,
    set_all_reminders,
    set_debt_reminders,
    set_reachable,
)
from services.reminders.schedule import schedule_new_plans
from services.reminders.times import ReminderPolicy

__all__ = [
    "ReminderLine",
    "ReminderMessage",
    "ReminderOverview",
    "ReminderPolicy",
    "answer_paid",
    "claim_next",
    "count_waiting",
    "record_sent",
    "record_unconfirmed",
    "record_unreachable",
    "recover_stale_claims",
    "release",
    "reminder_overview",
    "schedule_new_plans",
    "set_all_reminders",
    "set_debt_reminders",
    "set_reachable",
]
