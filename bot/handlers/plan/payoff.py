"""/plan for all debts: one monthly budget, avalanche against snowball, and the chart."""

from __future__ import annotations

import asyncio

from telegram import Update

from bot.context import FinbotContext
from bot.handlers.plan.flow import ask_again, question, registered_user, save_step, today_for
from bot.handlers.plan.render import error_message, payoff_chart, payoff_text, strategy_name
from bot.render.keyboards import settle_choice
from db.unit_of_work import UnitOfWork
from services import shared
from services.accounts import Profile
from services.plans import (
    BudgetBelowInterest,
    BudgetBelowMinimums,
    PayoffTooLong,
    add_months,
    budget_choices,
    compare_payoff,
    payoff_setup,
)
from services.shared import DomainError, FlowState

BUDGET_ERRORS = (BudgetBelowMinimums, BudgetBelowInterest, PayoffTooLong)


async def ask_budget(
    uow: UnitOfWork, update: Update, context: FinbotContext, user: Profile, *, settle: bool
) -> None:
    """ "All my debts": how much a month, with round budgets from the minimums up."""
    query = update.callback_query
    try:
        setup = await payoff_setup(uow, user_id=user.id, default_policy=context.deps.default_policy)
    except DomainError as error:
        await query.answer(error_message(update, context, error), show_alert=True)
        return
    data = {
        "currency": setup.currency,
        "minimums": str(setup.minimums),
        "choices": [str(budget) for budget in budget_choices(setup.minimums)],
    }
    data = await save_step(uow, update, context, user_id=user.id, step="budget", data=data)
    await uow.commit()
    await query.answer()
    if settle:
        await settle_choice(query)
    text, markup = question(update, context, "budget", data)
    await query.message.reply_text(text, reply_markup=markup)


async def on_budget(update: Update, context: FinbotContext, state: FlowState, budget: str) -> None:
    """Compare avalanche and snowball for `budget` (a decimal string) a month; a budget
    that falls short is explained and asked for again."""
    message = update.effective_message
    async with context.deps.unit_of_work() as uow:
        user = await registered_user(uow, update, context)
        if user is None:
            return
        try:
            setup = await payoff_setup(
                uow, user_id=user.id, default_policy=context.deps.default_policy
            )
            start = add_months(today_for(user, context), 1)
            comparison = compare_payoff(setup, budget=budget, start=start)
        except BUDGET_ERRORS as error:
            await ask_again(update, context, state, error)
            return
        except DomainError as error:
            await shared.finish_flow(uow, chat_id=update.effective_chat.id)
            await uow.commit()
            await message.reply_text(error_message(update, context, error))
            return
        await shared.finish_flow(uow, chat_id=update.effective_chat.id)
        await uow.commit()
    names = setup.names
    chart = await asyncio.to_thread(
        payoff_chart, update, context, comparison, names, setup.currency
    )
    cheaper = strategy_name(update, context, comparison.cheapest.strategy)
    await message.reply_photo(
        chart,
        filename="payoff.png",
        caption=context.text(update, "plan_payoff_chart_caption", strategy=cheaper),
    )
    await message.reply_text(payoff_text(update, context, comparison, names, setup.currency))
