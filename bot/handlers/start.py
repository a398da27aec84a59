"""/start (with or without an invite), /help: who finbot is and what it can do."""

from __future__ import annotations

import re

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.context import FinbotContext
from bot.render.keyboards import choices, settle_choice
from services import accounts
from services.shared import DomainError

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
        await _offer_invite(update, context, context.args[0], profile.id)
        return
    markup = None
    if not profile.registered:
        markup = choices((context.text(update, "button_register"), "reg:begin"))
    await update.effective_message.reply_text(
        context.text(update, "welcome", name=tg_user.first_name), reply_markup=markup
    )


async def _offer_invite(update: Update, context: FinbotContext, token: str, user_id: int) -> None:
    async with context.deps.unit_of_work() as uow:
        try:
            preview = await accounts.preview_invite(
                uow, token=token, now=context.deps.clock(), user_id=user_id
            )
        except DomainError as error:
            await update.effective_message.reply_text(context.error_text(update, error))
            return
    await update.effective_message.reply_text(
        context.text(update, "welcome", name=update.effective_user.first_name)
        + "\n\n"
        + context.text(
            update,
            "invite_confirm",
            name=preview.full_name,
            count=preview.open_debts,
            creditors=", ".join(preview.creditors),
        ),
        reply_markup=choices(
            (context.text(update, "button_invite_yes"), f"inv:yes:{token}"),
            (context.text(update, "button_invite_no"), "inv:no"),
        ),
    )


async def invite_answer(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    await query.answer()
    await settle_choice(query)
    if query.data == "inv:no":
        await query.message.reply_text(context.text(update, "invite_declined"))
        return
    token = query.data.removeprefix("inv:yes:")
    tg_user = update.effective_user
    now = context.deps.clock()
    async with context.deps.unit_of_work() as uow:
        user = await accounts.record_visit(
            uow, telegram_id=tg_user.id, first_name=tg_user.first_name, now=now
        )
        try:
            result = await accounts.redeem_invite(uow, token=token, user_id=user.id, now=now)
        except DomainError as error:
            await query.message.reply_text(context.error_text(update, error))
            return
        await uow.commit()
    await query.message.reply_text(context.text(update, "invite_linked", count=result.debt_count))


async def help_command(update: Update, context: FinbotContext) -> None:
    await update.effective_message.reply_text(context.text(update, "help"))


def handlers(*, group: int) -> list:
    private = filters.ChatType.PRIVATE
    return [
        (group, CommandHandler("start", start, filters=private)),
        (group, CommandHandler("help", help_command, filters=private)),
        (group, CallbackQueryHandler(invite_answer, pattern=r"^inv:(yes:[A-Za-z0-9_-]+|no)$")),
    ]
