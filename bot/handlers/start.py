"""/start (with or without an invite, see `invite`), /help: who finbot is and what it can do."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot.context import FinbotContext
from bot.handlers import invite
from bot.render.keyboards import choices
from services import accounts

# What Telegram allows in a /start payload.
START_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


async def start(update: Update, context: FinbotContext) -> None:
    tg_user = update.effective_user
    async with context.deps.unit_of_work() as uow:
        profile = await accounts.record_visit(
            uow, telegram_id=tg_user.id, first_name=tg_user.first_name, now=context.deps.clock()
        )
        await uow.commit()
    if context.args and START_PAYLOAD.match(context.args[0]):
        await invite.offer(update, context, context.args[0], profile.id)
        return
    markup = None
    if not profile.registered:
        markup = choices((context.text(update, "button_register"), "reg:begin"))
    await update.effective_message.reply_text(
        context.text(update, "welcome", name=tg_user.first_name), reply_markup=markup
    )


async def help_command(update: Update, context: FinbotContext) -> None:
    await update.effective_message.reply_text(context.text(update, "help"))


def handlers(*, group: int) -> list:
    private = filters.ChatType.PRIVATE
    return [
        (group, CommandHandler("start", start, filters=private)),
        (group, CommandHandler("help", help_command, filters=private)),
    ]
