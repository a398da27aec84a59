"""Reminders: the job that sends them, their message and buttons, /reminders, STOP."""

from bot.handlers.reminders.preferences import handlers

__all__ = ["handlers"]
