"""What every step of /plan needs: the flow's name, the registered user, the saved step."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from telegram import Message, Update

from bot.context import FinbotContext
from bot.handlers.plan.render import debt_summary, error_message
from bot.render.formatting import money
from bot.render.keyboards import choices
from db.unit_of_work import UnitOfWork
from services import accounts, shared
from services.accounts import Profile
from services.debts import DebtView
from services.shared import DomainError, FlowState, local_today

FLOW = "plan"
KEY_BYTES = 3
"""Each step's key: six hex digits in its buttons' callback data."""
KEY = "[0-9a-f]{6}"


async def registered_user(
    uow: UnitOfWork, update: Update, context: FinbotContext
) -> Profile | None:
    """The registered user behind the update; otherwise a kind pointer to /register."""
    try:
        return await accounts.registered_user(uow, telegram_id=update.effective_user.id)
    except accounts.NotRegistered:
        if update.callback_query:
            await update.callback_query.answer()
        await update.effective_message.reply_text(
            context.text(update, "plan_not_registered"),
            reply_markup=choices((context.text(update, "button_register"), "reg:begin")),
        )
        return None


async def save_step(
    uow: UnitOfWork,
    update: Update,
    context: FinbotContext,
    *,
    user_id: int,
    step: str,
    data: dict[str, Any],
) -> dict[str, Any]:
    """Move the chat to `step`; returns `data` with the step's new key, which the step's
    buttons carry so that buttons of an earlier question are known to be stale."""
    data = {**data, "key": secrets.token_hex(KEY_BYTES)}
    await shared.go_to_step(
        uow,
        chat_id=update.effective_chat.id,
        user_id=user_id,
        flow=FLOW,
        step=step,
        data=data,
        now=context.deps.clock(),
    )
    return data


async def current(uow: UnitOfWork, update: Update, context: FinbotContext) -> FlowState | None:
    """The chat's /plan step, or None when the chat is elsewhere."""
    state = await shared.current_flow(
        uow, chat_id=update.effective_chat.id, now=context.deps.clock()
    )
    return state if state is not None and state.flow == FLOW else None


async def step_of_button(
    uow: UnitOfWork, update: Update, context: FinbotContext, *steps: str
) -> FlowState | None:
    """The /plan step a pressed button (plan:<action>:<key>...) belongs to; None, and a
    "stale button" answer, when the chat has moved on since the button was sent."""
    state = await current(uow, update, context)
    key = update.callback_query.data.split(":")[2]
    if state is None or state.step not in steps or state.data.get("key") != key:
        await update.callback_query.answer(context.text(update, "stale_button"), show_alert=True)
        return None
    return state


def timezone_of(user: Profile, context: FinbotContext) -> str:
    return user.timezone or context.deps.settings.default_timezone


def today_for(user: Profile, context: FinbotContext) -> date:
    """Today's date where the user lives."""
    return local_today(context.deps.clock(), timezone_of(user, context))


def question(update: Update, context: FinbotContext, step: str, data: dict[str, Any]):
    """The question of a typed-answer step (months, amount, budget) and its quick choices:
    (text, keyboard). The buttons carry only the index of a choice kept in `data`."""
    language = context.language_of(update)
    currency = data["currency"]
    if step == "months":
        if "most" in data:
            text = context.text(update, "plan_ask_months", most=data["most"])
        else:
            text = context.text(update, "plan_ask_months_any")
        labels = [months_label(update, context, int(choice)) for choice in data["choices"]]
    else:
        labels = [money(Decimal(choice), currency, language) for choice in data["choices"]]
        if step == "amount" and "least" in data:
            least = money(Decimal(data["least"]), currency, language)
            text = context.text(update, "plan_ask_amount", least=least)
        elif step == "amount":
            text = context.text(update, "plan_ask_amount_any")
        else:
            minimums = money(Decimal(data["minimums"]), currency, language)
            text = context.text(update, "plan_ask_budget", minimums=minimums)
    key = data["key"]
    buttons = [(label, f"plan:pick:{key}:{index}") for index, label in enumerate(labels)]
    return text, choices(*buttons, columns=2)


def months_label(update: Update, context: FinbotContext, months: int) -> str:
    if months == 1:
        return context.text(update, "button_plan_one_month")
    return context.text(update, "button_plan_months", months=months)


async def ask_mode(
    message: Message, update: Update, context: FinbotContext, debt: DebtView, key: str
) -> None:
    """The debt, its limits, and "how would you like to pay it?"."""
    summary = debt_summary(update, context, debt, context.language_of(update))
    await message.reply_text(
        summary + "\n\n" + context.text(update, "plan_ask_mode"),
        reply_markup=choices(
            (context.text(update, "button_plan_by_months"), f"plan:mode:{key}:months"),
            (context.text(update, "button_plan_by_amount"), f"plan:mode:{key}:amount"),
            columns=1,
        ),
    )


async def ask_again(
    update: Update, context: FinbotContext, state: FlowState, error: DomainError
) -> None:
    """The error in plain words, and the same question again: nothing chosen is lost."""
    hint = error_message(update, context, error, state.data["currency"])
    text, markup = question(update, context, state.step, state.data)
    await update.effective_message.reply_text(hint + "\n\n" + text, reply_markup=markup)


async def pressed_step(
    uow: UnitOfWork, update: Update, context: FinbotContext, *steps: str
) -> tuple[Profile, FlowState] | None:
    """The registered user and the /plan step of the pressed button, or None once the user
    has been told why not (not registered, or a stale button)."""
    user = await registered_user(uow, update, context)
    if user is None:
        return None
    state = await step_of_button(uow, update, context, *steps)
    return None if state is None else (user, state)
