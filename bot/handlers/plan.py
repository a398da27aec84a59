"""/plan: choose a debt (or all), terms by months or by amount, see it, confirm it."""

from __future__ import annotations

from telegram import Update

from bot.context import FinbotContext
from services.flows import FlowState

FLOW = "plan"


async def on_message(update: Update, context: FinbotContext, state: FlowState) -> None:
    """A typed answer while the user is in the /plan flow."""


def handlers(*, group: int) -> list:
    return []
