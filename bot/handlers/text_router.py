"""Messages that are not commands: the answer to a flow's question, or free text.

A chat in the middle of a flow (registration, adding a debt...) has its step in the
database; the message goes to that flow. Free text anywhere else goes to the assistant,
as does text while a plan the assistant proposed waits for its button; other kinds of
message (voice, photos...) get a word on what the bot can take.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import FinbotContext
from services.shared import FlowState

FlowStep = Callable[[Update, FinbotContext, FlowState], Awaitable[None]]
Handler = Callable[[Update, FinbotContext], Awaitable[None]]


def handlers(
    *, group: int, flow_steps: Mapping[str, FlowStep], free_text: Handler, other: Handler
) -> list:
    async def route(update: Update, context: FinbotContext) -> None:
        state = context.flow_state  # read before the handlers, in bot/handlers/profile.py
        text = update.effective_message.text
        if state is not None and not (text and state.data.get("origin") == "assistant"):
            step = flow_steps.get(state.flow)
            if step is not None:
                await step(update, context, state)
                return
        await (free_text if text else other)(update, context)

    private_messages = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & ~filters.COMMAND
    return [(group, MessageHandler(private_messages, route))]
