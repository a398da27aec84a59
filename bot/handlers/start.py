"""/start, /help and /privacy: who finbot is, what it can do, how it treats data."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.context import FinbotContext
from services import users


async def start(update: Update, context: FinbotContext) -> None:
    user = update.effective_user
    async with context.deps.unit_of_work() as uow:
        await users.record_visit(
            uow,
            telegram_id=user.id,
            first_name=user.first_name,
            now=context.deps.clock(),
        )
        await uow.commit()
    await update.effective_message.reply_text(context.text(update, "welcome", name=user.first_name))


async def help_command(update: Update, context: FinbotContext) -> None:
    await update.effective_message.reply_text(context.text(update, "help"))


async def privacy(update: Update, context: FinbotContext) -> None:
    await update.effective_message.reply_text(context.text(update, "privacy"))


def handlers(*, group: int) -> list[tuple[int, CommandHandler]]:
    private = filters.ChatType.PRIVATE
    return [
        (group, CommandHandler("start", start, filters=private)),
        (group, CommandHandler("help", help_command, filters=private)),
        (group, CommandHandler("privacy", privacy, filters=private)),
    ]
