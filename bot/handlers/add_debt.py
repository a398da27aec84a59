"""/adddebt: a debt of the user's own, for planning. Never negotiable, marked as theirs."""

from __future__ import annotations

from decimal import Decimal

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.context import FinbotContext
from bot.render.formatting import money, percent
from bot.render.keyboards import choices, settle_choice
from services import accounts, debts, shared
from services.shared import DomainError, FlowState, parse_amount, parse_day_of_month, parse_rate

FLOW = "adddebt"
STEPS = ("creditor", "balance", "annual_rate", "minimum_payment", "due_day")


async def begin(update: Update, context: FinbotContext) -> None:
    message = update.effective_message
    if not context.deps.settings.allow_personal_debts:
        await message.reply_text(context.text(update, "error_personal_debts_disabled"))
        return
    async with context.deps.unit_of_work() as uow:
        try:
            user = await accounts.registered_user(uow, telegram_id=update.effective_user.id)
        except DomainError as error:
            await message.reply_text(context.error_text(update, error))
            return
        await shared.go_to_step(
            uow,
            chat_id=update.effective_chat.id,
            user_id=user.id,
            flow=FLOW,
            step=STEPS[0],
            data={},
            now=context.deps.clock(),
        )
        await uow.commit()
    await message.reply_text(
        context.text(update, "adddebt_intro")
        + "\n\n"
        + context.text(update, "adddebt_ask_creditor")
    )


async def on_message(update: Update, context: FinbotContext, state: FlowState) -> None:
    message = update.effective_message
    step = state.step
    if step not in STEPS:  # waiting for the save button
        await message.reply_text(context.text(update, "adddebt_use_buttons"))
        return
    try:
        if not message.text:
            raise debts.InvalidDebtTerm(field=step)
        value = _parse(step, message.text, context.language_of(update))
    except DomainError as error:
        await message.reply_text(
            context.error_text(update, error) + "\n\n" + context.text(update, f"adddebt_ask_{step}")
        )
        return
    data = {**state.data, step: str(value) if isinstance(value, Decimal) else value}
    position = STEPS.index(step)
    next_step = STEPS[position + 1] if position + 1 < len(STEPS) else "confirm"
    async with context.deps.unit_of_work() as uow:
        await shared.go_to_step(
            uow,
            chat_id=update.effective_chat.id,
            user_id=None,
            flow=FLOW,
            step=next_step,
            data=data,
            now=context.deps.clock(),
        )
        await uow.commit()
    if next_step != "confirm":
        await message.reply_text(context.text(update, f"adddebt_ask_{next_step}"))
        return
    language = context.language_of(update)
    currency = context.deps.settings.currency
    await message.reply_text(
        context.text(
            update,
            "adddebt_confirm",
            creditor=data["creditor"],
            balance=money(Decimal(data["balance"]), currency, language),
            rate=percent(Decimal(data["annual_rate"]), language),
            minimum=money(Decimal(data["minimum_payment"]), currency, language),
            due_day=data["due_day"],
        ),
        reply_markup=choices(
            (context.text(update, "button_adddebt_save"), "adddebt:save"),
            (context.text(update, "button_adddebt_cancel"), "adddebt:cancel"),
        ),
    )


def _parse(step: str, text: str, language: str) -> object:
    if step == "creditor":
        name = " ".join(text.split())
        if not 1 <= len(name) <= 120 or name.startswith("/"):
            raise debts.InvalidDebtTerm(field=step)
        return name
    if step in ("balance", "minimum_payment"):
        return parse_amount(text, language)
    if step == "annual_rate":
        return parse_rate(text)
    return parse_day_of_month(text)


async def on_button(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    now = context.deps.clock()
    async with context.deps.unit_of_work() as uow:
        state = await shared.current_flow(uow, chat_id=update.effective_chat.id, now=now)
        if state is None or state.flow != FLOW or state.step != "confirm":
            await query.answer(context.text(update, "stale_button"), show_alert=True)
            return
        await query.answer()
        await settle_choice(query)
        await shared.finish_flow(uow, chat_id=update.effective_chat.id)
        if query.data == "adddebt:cancel":
            await uow.commit()
            await query.message.reply_text(context.text(update, "cancelled"))
            return
        user = await accounts.registered_user(uow, telegram_id=update.effective_user.id)
        data = state.data
        await debts.add_personal_debt(
            uow,
            user_id=user.id,
            creditor=data["creditor"],
            balance=Decimal(data["balance"]),
            annual_rate=Decimal(data["annual_rate"]),
            minimum_payment=Decimal(data["minimum_payment"]),
            due_day=int(data["due_day"]),
            currency=context.deps.settings.currency,
            now=now,
        )
        await uow.commit()
    await query.message.reply_text(context.text(update, "adddebt_saved"))


def handlers(*, group: int) -> list:
    return [
        (group, CommandHandler("adddebt", begin, filters=filters.ChatType.PRIVATE)),
        (group, CallbackQueryHandler(on_button, pattern=r"^adddebt:(save|cancel)$")),
    ]
