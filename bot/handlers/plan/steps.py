"""/plan: choose a debt (or all), terms by months or by amount, see it, confirm it.

The chat's step and what was chosen so far live in the database (`services.shared.flows`), so
any bot process can take the next answer and a restart loses nothing. The steps:

    debt → mode → months | amount → confirm        (one debt: plan_agree)
    debt → budget                                  (all debts: plan_payoff)

Buttons carry no amounts: a quick choice is the index of a value kept in the flow, and
confirming re-derives the plan from the terms kept there.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.context import FinbotContext
from bot.handlers.plan import agree as plan_agree
from bot.handlers.plan import payoff as plan_payoff
from bot.handlers.plan.flow import (
    KEY,
    ask_again,
    ask_mode,
    current,
    pressed_step,
    question,
    registered_user,
    save_step,
    step_of_button,
    today_for,
)
from bot.handlers.plan.render import debt_name, error_message, plain
from bot.render.formatting import money
from bot.render.keyboards import choices, settle_choice
from services import plans
from services.shared import DomainError, FlowState, parse_amount, parse_months

TYPED_STEPS = ("months", "amount", "budget")


async def begin(update: Update, context: FinbotContext) -> None:
    """/plan: the user's debts to choose from (straight to the terms when there is one)."""
    language = context.language_of(update)
    async with context.deps.unit_of_work() as uow:
        user = await registered_user(uow, update, context)
        if user is None:
            return
        debts = await plans.plannable_debts(
            uow, user_id=user.id, default_policy=context.deps.default_policy
        )
        if not debts:
            await update.effective_message.reply_text(context.text(update, "plan_no_debts"))
            return
        only = debts[0] if len(debts) == 1 else None
        step, data = ("mode", {"debt_id": only.id}) if only else ("debt", {})
        data = await save_step(uow, update, context, user_id=user.id, step=step, data=data)
        await uow.commit()
    if only:
        await ask_mode(update.effective_message, update, context, only, data["key"])
        return
    lines = [
        context.text(
            update,
            "plan_debt_line",
            name=plain(debt_name(update, context, debt)),
            balance=money(debt.balance, debt.currency, language),
        )
        for debt in debts
    ]
    buttons = [
        (
            plain(
                context.text(
                    update,
                    "button_plan_debt",
                    creditor=debt.creditor,
                    balance=money(debt.balance, debt.currency, language),
                )
            ),
            f"plan:debt:{debt.id}:{data['key']}",
        )
        for debt in debts
    ]
    buttons.append((context.text(update, "button_plan_all"), f"plan:debt:all:{data['key']}"))
    await update.effective_message.reply_text(
        context.text(update, "plan_ask_debt") + "\n\n" + "\n".join(lines),
        reply_markup=choices(*buttons, columns=1),
    )


async def choose_debt(update: Update, context: FinbotContext) -> None:
    """plan:debt:<id>|all[:<key>], from /plan's question (with its key) or from /debts:
    (re)start the flow with that debt, or with all of them."""
    query = update.callback_query
    _, _, target, *key = query.data.split(":")
    async with context.deps.unit_of_work() as uow:
        user = await registered_user(uow, update, context)
        if user is None:
            return
        state = await current(uow, update, context)
        from_picker = bool(key) and state is not None and state.data.get("key") == key[0]
        if target == "all":
            await plan_payoff.ask_budget(uow, update, context, user, settle=from_picker)
            return
        try:
            debt = await plans.plannable_debt(
                uow,
                user_id=user.id,
                debt_id=int(target),
                default_policy=context.deps.default_policy,
            )
        except DomainError as error:
            await query.answer(error_message(update, context, error), show_alert=True)
            return
        data = await save_step(
            uow, update, context, user_id=user.id, step="mode", data={"debt_id": debt.id}
        )
        await uow.commit()
    await query.answer()
    if from_picker:
        await settle_choice(query)
    await ask_mode(query.message, update, context, debt, data["key"])


async def choose_mode(update: Update, context: FinbotContext) -> None:
    """plan:mode:<key>:months|amount: ask for the number of months or the monthly amount."""
    query = update.callback_query
    mode = query.data.rsplit(":", 1)[1]
    async with context.deps.unit_of_work() as uow:
        found = await pressed_step(uow, update, context, "mode")
        if found is None:
            return
        user, state = found
        try:
            debt = await plans.plannable_debt(
                uow,
                user_id=user.id,
                debt_id=state.data["debt_id"],
                default_policy=context.deps.default_policy,
            )
        except DomainError as error:
            await query.answer(error_message(update, context, error), show_alert=True)
            return
        first_due = plans.first_due_for(debt, today_for(user, context))
        options = plans.term_choices(debt, first_due)
        data: dict = {
            "debt_id": debt.id,
            "currency": debt.currency,
            "first_due": first_due.isoformat(),
        }
        if mode == "months":
            data["choices"] = [str(months) for months in options.months]
        else:
            data["choices"] = [str(amount) for amount in options.amounts]
        if debt.policy is not None:  # the limits to quote; a debt of one's own has none
            data |= {"most": options.most_months, "least": str(options.least_amount)}
        data = await save_step(uow, update, context, user_id=user.id, step=mode, data=data)
        await uow.commit()
    await query.answer()
    await settle_choice(query)
    text, markup = question(update, context, mode, data)
    await query.message.reply_text(text, reply_markup=markup)


async def pick(update: Update, context: FinbotContext) -> None:
    """plan:pick:<key>:<index>: one of the quick choices of the current question."""
    query = update.callback_query
    index = int(query.data.rsplit(":", 1)[1])
    async with context.deps.unit_of_work() as uow:
        state = await step_of_button(uow, update, context, *TYPED_STEPS)
    if state is None:
        return
    picks = state.data.get("choices", [])
    if index >= len(picks):
        await query.answer(context.text(update, "stale_button"), show_alert=True)
        return
    await query.answer()
    await settle_choice(query)
    value = picks[index]
    await _answer(update, context, state, int(value) if state.step == "months" else value)


async def on_message(update: Update, context: FinbotContext, state: FlowState) -> None:
    """A typed answer while the chat is in /plan: months, an amount or a budget."""
    message = update.effective_message
    if state.step not in TYPED_STEPS or not message.text:
        await message.reply_text(context.text(update, "plan_use_buttons"))
        return
    try:
        if state.step == "months":
            value: int | str = parse_months(message.text)
        else:
            value = str(parse_amount(message.text, context.language_of(update)))
    except DomainError as error:
        await ask_again(update, context, state, error)
        return
    await _answer(update, context, state, value)


async def _answer(update: Update, context: FinbotContext, state: FlowState, value) -> None:
    if state.step == "budget":
        await plan_payoff.on_budget(update, context, state, value)
    else:
        await plan_agree.propose(update, context, state, value)


def handlers(*, group: int) -> list:
    private = filters.ChatType.PRIVATE
    return [
        (group, CommandHandler("plan", begin, filters=private)),
        (
            group,
            CallbackQueryHandler(choose_debt, pattern=rf"^plan:debt:(\d{{1,18}}|all)(:{KEY})?$"),
        ),
        (group, CallbackQueryHandler(choose_mode, pattern=rf"^plan:mode:{KEY}:(months|amount)$")),
        (group, CallbackQueryHandler(pick, pattern=rf"^plan:pick:{KEY}:\d{{1,2}}$")),
        *plan_agree.handlers(group=group),
    ]
