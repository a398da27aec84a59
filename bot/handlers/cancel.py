"""/cancel: leave whatever flow the chat is in."""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import CommandHandler, filters

from bot.context import FinbotContext
from services import shared


async def cancel(update: Update, context: FinbotContext) -> None:
    now = context.deps.clock()
    async with context.deps.unit_of_work() as uow:
        state = await shared.current_flow(uow, chat_id=update.effective_chat.id, now=now)
        await shared.finish_flow(uow, chat_id=update.effective_chat.id)
        await uow.commit()
    key = "cancelled" if state else "nothing_to_cancel"
    await update.effective_message.reply_text(
        context.text(update, key), reply_markup=ReplyKeyboardRemove()
    )


def handlers(*, group: int) -> list:
    return [(group, CommandHandler("cancel", cancel, filters=filters.ChatType.PRIVATE))]
