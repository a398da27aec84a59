"""Before any handler runs: who the user is (their profile, if they have one) and where
their chat is (the step of a flow), read in one unit of work and kept on the context for
the handlers of this update."""

from __future__ import annotations

from telegram import Update
from telegram.ext import TypeHandler

from bot.context import FinbotContext
from services import accounts, shared


async def load_profile_and_flow(update: Update, context: FinbotContext) -> None:
    if update.effective_user is None:
        return
    chat = update.effective_chat
    async with context.deps.unit_of_work() as uow:
        context.profile = await accounts.find_profile(uow, telegram_id=update.effective_user.id)
        if chat is not None:
            context.flow_state = await shared.current_flow(
                uow, chat_id=chat.id, now=context.deps.clock()
            )
    context.chosen_language = context.profile.language if context.profile else None


def handlers(*, group: int) -> list[tuple[int, TypeHandler]]:
    return [(group, TypeHandler(Update, load_profile_and_flow))]
