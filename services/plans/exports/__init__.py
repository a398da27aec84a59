"""A debt's schedule and a payoff plan as files to keep: calendar (`ics`), spreadsheet
(`spreadsheet`) and PDF (`pdf`), with the words given by the caller (`labels`)."""

from services.plans.exports.ics import installment_uid, reminder_trigger, schedule_ics
from services.plans.exports.labels import PayoffCsvLabels, ScheduleLabels
from services.plans.exports.pdf import ROWS_PER_PAGE, schedule_pdf
from services.plans.exports.spreadsheet import payoff_csv, schedule_csv

__all__ = [
    "ROWS_PER_PAGE",
    "PayoffCsvLabels",
    "ScheduleLabels",
    "installment_uid",
    "payoff_csv",
    "reminder_trigger",
    "schedule_csv",
    "schedule_ics",
    "schedule_pdf",
]
