"""/debts: what the user owes, each debt's details, and editing or deleting their own."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.context import FinbotContext
from bot.handlers.payments.buttons import pay_options, payable_button
from bot.render.formatting import day, money, percent
from bot.render.keyboards import choices, settle_choice
from services import debts, shared
from services.debts import DebtView
from services.payments import next_payable
from services.shared import DomainError, FlowState, parse_amount, parse_day_of_month, parse_rate

FLOW = "editdebt"
PARSERS = {
    "creditor": lambda text, language: text,
    "balance": parse_amount,
    "minimum_payment": parse_amount,
    "annual_rate": lambda text, language: parse_rate(text),
    "due_day": lambda text, language: parse_day_of_month(text),
}


async def list_debts(update: Update, context: FinbotContext) -> None:
    language = context.language_of(update)
    paying = pay_options(context.deps.settings)
    async with context.deps.unit_of_work() as uow:
        user = await context.current_user(uow, update)
        found = await debts.list_debts(
            uow, user_id=user.id, default_policy=context.deps.default_policy
        )
        operator_debts = [debt.id for debt in found if not debt.is_personal and paying]
        payable = await next_payable(uow, user_id=user.id, debt_ids=operator_debts)
        await uow.commit()
    if not found:
        await update.effective_message.reply_text(context.text(update, "debts_none"))
        return
    lines = [context.text(update, "debts_title")]
    rows = []
    for number, debt in enumerate(found, start=1):
        lines.append(_summary(update, context, number, debt, language))
        row = [
            InlineKeyboardButton(
                context.text(update, "button_debt_plan", number=number),
                callback_data=f"plan:debt:{debt.id}",
            ),
            InlineKeyboardButton(
                context.text(update, "button_debt_details", number=number),
                callback_data=f"debt:info:{debt.id}",
            ),
        ]
        if not debt.is_personal and debt.status == "open":
            row.insert(
                1,
                InlineKeyboardButton(
                    context.text(update, "button_debt_negotiate", number=number),
                    callback_data=f"neg:start:{debt.id}",
                ),
            )
        if debt.id in payable:
            pay = payable_button(
                paying, language, payable[debt.id], label="button_pay_debt", number=number
            )
            row[:0] = [pay] if pay is not None else []
        rows.append(row)
    await update.effective_message.reply_text(
        "\n\n".join(lines), reply_markup=InlineKeyboardMarkup(rows)
    )


def _summary(update, context: FinbotContext, number: int, debt: DebtView, language: str) -> str:
    title = context.text(
        update,
        "debt_title_personal" if debt.is_personal else "debt_title",
        number=number,
        creditor=debt.creditor,
        concept=debt.concept or "",
    )
    balance = context.text(
        update,
        "debt_balance",
        balance=money(debt.balance, debt.currency, language),
        rate=percent(debt.annual_rate, language),
    )
    if debt.next_due:
        upcoming = context.text(
            update,
            "debt_next_installment",
            due=day(debt.next_due, language),
            amount=money(debt.next_amount, debt.currency, language),
        )
    else:
        upcoming = context.text(update, "debt_no_plan")
    status = context.text(update, f"debt_status_{debt.status}")
    return f"{title}\n{balance}\n{upcoming}\n{status}"


async def details(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    debt = await _visible_debt(update, context, int(query.data.rsplit(":", 1)[1]))
    if debt is None:
        return
    await query.answer()
    language = context.language_of(update)
    title = context.text(
        update, "debt_details_title", creditor=debt.creditor, concept=debt.concept or ""
    )
    # the list's summary without its numbered title line
    lines = [title, _summary(update, context, 1, debt, language).split("\n", 1)[1]]
    if debt.policy:
        lines.append(
            context.text(
                update,
                "debt_policy",
                reference=debt.reference or "",
                max_months=debt.policy.max_months,
                min_installment=money(debt.policy.min_installment, debt.currency, language),
            )
        )
        markup = choices((context.text(update, "button_debt_plan_only"), f"plan:debt:{debt.id}"))
    else:
        lines.append(
            context.text(
                update,
                "debt_personal_terms",
                minimum=money(debt.minimum_payment or 0, debt.currency, language),
                due_day=debt.due_day or "-",
            )
        )
        markup = choices(
            (context.text(update, "button_debt_edit"), f"debt:edit:{debt.id}"),
            (context.text(update, "button_debt_delete"), f"debt:del:{debt.id}"),
        )
    await query.message.reply_text("\n".join(lines), reply_markup=markup)


async def choose_field(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    debt_id = int(query.data.rsplit(":", 1)[1])
    if await _visible_debt(update, context, debt_id) is None:
        return
    await query.answer()
    buttons = [
        (context.text(update, f"field_{field}"), f"debt:field:{debt_id}:{field}")
        for field in debts.EDITABLE_FIELDS
    ]
    await query.message.reply_text(
        context.text(update, "debt_edit_which"), reply_markup=choices(*buttons)
    )


async def ask_new_value(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    _, _, debt_id, field = query.data.split(":")
    if field not in PARSERS:
        await query.answer(context.text(update, "stale_button"), show_alert=True)
        return
    if await _visible_debt(update, context, int(debt_id)) is None:
        return
    await query.answer()
    await settle_choice(query)
    async with context.deps.unit_of_work() as uow:
        await shared.go_to_step(
            uow,
            chat_id=update.effective_chat.id,
            user_id=None,
            flow=FLOW,
            step=field,
            data={"debt_id": int(debt_id)},
            now=context.deps.clock(),
        )
        await uow.commit()
    await query.message.reply_text(context.text(update, f"debt_ask_{field}"))


async def on_message(update: Update, context: FinbotContext, state: FlowState) -> None:
    """The new value of the field being edited."""
    message = update.effective_message
    field = state.step
    try:
        if not message.text:
            raise debts.InvalidDebtTerm(field=field)
        value = PARSERS[field](message.text, context.language_of(update))
        async with context.deps.unit_of_work() as uow:
            user = await context.current_user(uow, update)
            await debts.update_personal_debt(
                uow,
                user_id=user.id,
                debt_id=state.data["debt_id"],
                field=field,
                value=value,
                now=context.deps.clock(),
            )
            await shared.finish_flow(uow, chat_id=update.effective_chat.id)
            await uow.commit()
    except DomainError as error:
        await message.reply_text(
            context.error_text(update, error) + "\n\n" + context.text(update, f"debt_ask_{field}")
        )
        return
    await message.reply_text(context.text(update, "debt_saved"))


async def ask_delete(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    debt = await _visible_debt(update, context, int(query.data.rsplit(":", 1)[1]))
    if debt is None:
        return
    await query.answer()
    await query.message.reply_text(
        context.text(update, "debt_delete_confirm", creditor=debt.creditor),
        reply_markup=choices(
            (context.text(update, "button_delete_debt_yes"), f"debt:delok:{debt.id}"),
            (context.text(update, "button_delete_debt_no"), "debt:delno"),
        ),
    )


async def delete_answer(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    await query.answer()
    await settle_choice(query)
    if query.data == "debt:delno":
        await query.message.reply_text(context.text(update, "debt_kept"))
        return
    try:
        async with context.deps.unit_of_work() as uow:
            user = await context.current_user(uow, update)
            await debts.delete_personal_debt(
                uow,
                user_id=user.id,
                debt_id=int(query.data.rsplit(":", 1)[1]),
                now=context.deps.clock(),
            )
            await uow.commit()
    except DomainError as error:
        await query.message.reply_text(context.error_text(update, error))
        return
    await query.message.reply_text(context.text(update, "debt_deleted"))


async def _visible_debt(update: Update, context: FinbotContext, debt_id: int) -> DebtView | None:
    """The debt if this user may see it; otherwise tell them and return None."""
    try:
        async with context.deps.unit_of_work() as uow:
            user = await context.current_user(uow, update)
            debt = await debts.get_debt(
                uow, user_id=user.id, debt_id=debt_id, default_policy=context.deps.default_policy
            )
            await uow.commit()
    except DomainError as error:
        await update.callback_query.answer(context.error_text(update, error), show_alert=True)
        return None
    return debt


def handlers(*, group: int) -> list:
    return [
        (group, CommandHandler("debts", list_debts, filters=filters.ChatType.PRIVATE)),
        (group, CallbackQueryHandler(details, pattern=r"^debt:info:\d{1,18}$")),
        (group, CallbackQueryHandler(choose_field, pattern=r"^debt:edit:\d{1,18}$")),
        (group, CallbackQueryHandler(ask_new_value, pattern=r"^debt:field:\d{1,18}:[a-z_]+$")),
        (group, CallbackQueryHandler(ask_delete, pattern=r"^debt:del:\d{1,18}$")),
        (group, CallbackQueryHandler(delete_answer, pattern=r"^debt:(delok:\d{1,18}|delno)$")),
    ]
