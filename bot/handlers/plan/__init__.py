"""/plan: a payment plan for one debt (by months or by amount, confirmed by the person's
press, then sent as calendar, PDF and CSV files) or for all debts from one budget."""

from bot.handlers.plan.flow import FLOW
from bot.handlers.plan.steps import handlers, on_message

__all__ = ["FLOW", "handlers", "on_message"]
