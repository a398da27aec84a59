"""What finbot says when nothing else understood a command or a button."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, filters

from bot.context import FinbotContext


async def not_understood(update: Update, context: FinbotContext) -> None:
    await update.effective_message.reply_text(context.text(update, "not_understood"))


async def stale_button(update: Update, context: FinbotContext) -> None:
    await update.callback_query.answer(context.text(update, "stale_button"), show_alert=True)


def handlers(*, group: int) -> list[tuple[int, MessageHandler | CallbackQueryHandler]]:
    private_messages = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    return [
        (group, MessageHandler(private_messages, not_understood)),
        (group, CallbackQueryHandler(stale_button)),
    ]
