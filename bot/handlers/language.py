"""/language: Spanish or English, remembered for every reply after."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.context import FinbotContext
from bot.render.keyboards import choices, edit_pressed
from services import accounts


async def ask(update: Update, context: FinbotContext) -> None:
    await update.effective_message.reply_text(
        context.text(update, "language_ask"),
        reply_markup=choices(("Español", "lang:es"), ("English", "lang:en")),
    )


async def choose(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    language = query.data.removeprefix("lang:")
    async with context.deps.unit_of_work() as uow:
        await accounts.choose_language(
            uow,
            telegram_id=update.effective_user.id,
            first_name=update.effective_user.first_name,
            language=language,
            now=context.deps.clock(),
        )
        await uow.commit()
    context.chosen_language = language
    await query.answer()
    await edit_pressed(query, context.text(update, "language_set"))


def handlers(*, group: int) -> list:
    return [
        (group, CommandHandler("language", ask, filters=filters.ChatType.PRIVATE)),
        (group, CallbackQueryHandler(choose, pattern=r"^lang:(es|en)$")),
    ]
