"""Messages that are not commands: the answer to a flow's question, or free text.

A chat in the middle of a flow (registration, adding a debt...) has its step in the
database; the message goes to that flow. Anything else gets a pointer to /help (the
assistant takes over free text once it exists).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import FinbotContext
from services import flows
from services.flows import FlowState

FlowStep = Callable[[Update, FinbotContext, FlowState], Awaitable[None]]


def handlers(*, group: int, flow_steps: Mapping[str, FlowStep]) -> list:
    async def route(update: Update, context: FinbotContext) -> None:
        async with context.deps.unit_of_work() as uow:
            state = await flows.current(
                uow, chat_id=update.effective_chat.id, now=context.deps.clock()
            )
        step = flow_steps.get(state.flow) if state else None
        if step is not None:
            await step(update, context, state)
            return
        await update.effective_message.reply_text(context.text(update, "not_understood"))

    private_messages = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & ~filters.COMMAND
    return [(group, MessageHandler(private_messages, route))]
