"""/reminders, the buttons of a reminder message, STOP / BAJA, and a blocked bot.

"I've paid" marks a person's own installment paid, or reports an operator's for it to
confirm; "Can't pay this time" on an operator debt is the negotiation's hardship button
(`neg:hardship:<debt>`), on an own debt it suggests re-planning; "Stop reminders" turns
off that debt's reminders (or all, under a merged message).
"""

from __future__ import annotations

import html

from telegram import ChatMemberUpdated, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.context import FinbotContext
from bot.render.formatting import day, money
from bot.render.keyboards import edit_pressed
from services.reminders import (
    ReminderOverview,
    answer_paid,
    reminder_overview,
    set_all_reminders,
    set_debt_reminders,
    set_reachable,
)
from services.shared import DomainError, time_zone

STOP_WORDS = r"(?i)^\s*(stop|baja)\s*[.!]?\s*$"


async def overview(update: Update, context: FinbotContext, *, edit: bool = False) -> None:
    deps = context.deps
    async with deps.unit_of_work() as uow:
        user = await context.current_user(uow, update)
        found = await reminder_overview(uow, user_id=user.id, now=deps.clock())
        await uow.commit()
    text, buttons = _render(update, context, found)
    if edit:
        await edit_pressed(update.callback_query, text, reply_markup=buttons)
    else:
        await update.effective_message.reply_text(text, reply_markup=buttons)


def _render(update, context: FinbotContext, found: ReminderOverview):
    settings = context.deps.settings
    language = context.language_of(update)
    tz = time_zone(found.timezone, settings.default_timezone)
    lines = [context.text(update, "reminders_title"), ""]
    if found.enabled:
        lines.append(
            context.text(
                update,
                "reminders_on",
                from_hour=f"{settings.reminder_from_hour}:00",
                until_hour=f"{settings.reminder_until_hour}:00",
                timezone=tz.key,
            )
        )
        lines.append("")
        if found.upcoming:
            lines.append(context.text(update, "reminders_next"))
            lines += [
                context.text(
                    update,
                    "reminders_next_item",
                    day=day(item.due_at.astimezone(tz).date(), language),
                    creditor=item.creditor,
                    amount=money(item.amount, item.currency, language),
                    due=day(item.due_date, language),
                )
                for item in found.upcoming
            ]
        else:
            lines.append(context.text(update, "reminders_none_next"))
    else:
        lines.append(context.text(update, "reminders_off"))
    rows = []
    if found.enabled and found.debts:
        lines += ["", context.text(update, "reminders_debts")]
        for debt in found.debts:
            key = "reminders_debt_on" if debt.enabled else "reminders_debt_off"
            lines.append(context.text(update, key, creditor=debt.creditor))
            button = "reminders_button_debt_off" if debt.enabled else "reminders_button_debt_on"
            switch = "off" if debt.enabled else "on"
            rows.append(
                [
                    InlineKeyboardButton(
                        html.unescape(context.text(update, button, creditor=debt.creditor)),
                        callback_data=f"rem:debt:{debt.debt_id}:{switch}",
                    )
                ]
            )
    lines += ["", context.text(update, "reminders_timezone_hint", timezone=tz.key)]
    all_key = "reminders_button_all_off" if found.enabled else "reminders_button_all_on"
    all_data = "rem:all:off" if found.enabled else "rem:all:on"
    rows.append([InlineKeyboardButton(context.text(update, all_key), callback_data=all_data)])
    return "\n".join(lines), InlineKeyboardMarkup(rows)


async def on_switch(update: Update, context: FinbotContext) -> None:
    """rem:all:on|off and rem:debt:<id>:on|off from /reminders."""
    query = update.callback_query
    parts = query.data.split(":")
    enabled = parts[-1] == "on"
    deps = context.deps
    try:
        async with deps.unit_of_work() as uow:
            user = await context.current_user(uow, update)
            if parts[1] == "all":
                await set_all_reminders(uow, user_id=user.id, enabled=enabled, now=deps.clock())
            else:
                await set_debt_reminders(
                    uow, user_id=user.id, debt_id=int(parts[2]), enabled=enabled, now=deps.clock()
                )
            await uow.commit()
    except DomainError as error:
        await query.answer(context.error_text(update, error), show_alert=True)
        return
    await query.answer()
    await overview(update, context, edit=True)


async def on_paid(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    deps = context.deps
    try:
        async with deps.unit_of_work() as uow:
            user = await context.current_user(uow, update)
            answer = await answer_paid(
                uow,
                user_id=user.id,
                installment_id=int(query.data.rsplit(":", 1)[1]),
                now=deps.clock(),
            )
            await uow.commit()
    except DomainError:
        await query.answer()
        await query.message.reply_text(context.text(update, "reminder_gone"))
        return
    await query.answer()
    if answer.outcome == "already":
        await query.message.reply_text(context.text(update, "reminder_already_paid"))
        return
    key = "reminder_marked_paid" if answer.outcome == "paid" else "reminder_reported_paid"
    await query.message.reply_text(
        context.text(
            update,
            key,
            number=answer.number,
            creditor=answer.creditor,
            amount=money(answer.amount, answer.currency, context.language_of(update)),
        )
    )


async def on_cant_pay(update: Update, context: FinbotContext) -> None:
    await update.callback_query.answer()
    await update.callback_query.message.reply_text(
        context.text(update, "reminder_cant_pay_personal")
    )


async def on_stop(update: Update, context: FinbotContext) -> None:
    """rem:stop:<debt> or rem:stop:all from a reminder message."""
    query = update.callback_query
    target = query.data.rsplit(":", 1)[1]
    deps = context.deps
    try:
        async with deps.unit_of_work() as uow:
            user = await context.current_user(uow, update)
            if target == "all":
                await set_all_reminders(uow, user_id=user.id, enabled=False, now=deps.clock())
                reply = context.text(update, "reminder_stopped_all")
            else:
                creditor = await set_debt_reminders(
                    uow, user_id=user.id, debt_id=int(target), enabled=False, now=deps.clock()
                )
                reply = context.text(update, "reminder_stopped_debt", creditor=creditor)
            await uow.commit()
    except DomainError as error:
        await query.answer(context.error_text(update, error), show_alert=True)
        return
    await query.answer()
    await query.message.reply_text(reply)


async def on_stop_word(update: Update, context: FinbotContext) -> None:
    """ "STOP" or "BAJA" typed on its own: every reminder stops."""
    deps = context.deps
    async with deps.unit_of_work() as uow:
        user = await context.current_user(uow, update)
        await set_all_reminders(uow, user_id=user.id, enabled=False, now=deps.clock())
        await uow.commit()
    await update.effective_message.reply_text(context.text(update, "reminder_stopped_all"))


async def on_membership(update: Update, context: FinbotContext) -> None:
    """The person blocked the bot (kicked) or started it again (member)."""
    change: ChatMemberUpdated = update.my_chat_member
    status = change.new_chat_member.status
    if status not in ("kicked", "member"):
        return
    async with context.deps.unit_of_work() as uow:
        await set_reachable(
            uow,
            telegram_id=change.from_user.id,
            reachable=status == "member",
            now=context.deps.clock(),
        )
        await uow.commit()


def handlers(*, group: int) -> list:
    private = filters.ChatType.PRIVATE
    return [
        (group, CommandHandler("reminders", overview, filters=private)),
        (group, MessageHandler(private & filters.Regex(STOP_WORDS), on_stop_word)),
        (
            group,
            CallbackQueryHandler(on_switch, pattern=r"^rem:(all:(on|off)|debt:\d{1,18}:(on|off))$"),
        ),
        (group, CallbackQueryHandler(on_paid, pattern=r"^rem:paid:\d{1,18}$")),
        (group, CallbackQueryHandler(on_cant_pay, pattern=r"^rem:cantpay:\d{1,18}$")),
        (group, CallbackQueryHandler(on_stop, pattern=r"^rem:stop:(\d{1,18}|all)$")),
        (group, ChatMemberHandler(on_membership, ChatMemberHandler.MY_CHAT_MEMBER)),
    ]
