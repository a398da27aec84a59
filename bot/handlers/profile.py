"""Before any handler runs: the language this user chose, if they chose one."""

from __future__ import annotations

from telegram import Update
from telegram.ext import TypeHandler

from bot.context import FinbotContext
from services import users


async def load_chosen_language(update: Update, context: FinbotContext) -> None:
    if update.effective_user is None:
        return
    async with context.deps.unit_of_work() as uow:
        profile = await users.find_profile(uow, telegram_id=update.effective_user.id)
    context.chosen_language = profile.language if profile else None


def handlers(*, group: int) -> list[tuple[int, TypeHandler]]:
    return [(group, TypeHandler(Update, load_chosen_language))]
