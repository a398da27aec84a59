"""/plan for one debt: show the plan for the chosen terms, confirm or change it, and send
the agreed schedule as a calendar, PDF or CSV file."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal

from telegram import Update
from telegram.ext import CallbackQueryHandler

from bot.context import FinbotContext
from bot.handlers.payments.buttons import first_row, next_installment_button
from bot.handlers.plan.files import FILE_KINDS, plan_file
from bot.handlers.plan.flow import (
    KEY,
    ask_mode,
    pressed_step,
    registered_user,
    save_step,
    timezone_of,
)
from bot.handlers.plan.render import agreed_text, balance_chart, error_message, proposal_text
from bot.render.keyboards import choices, settle_choice
from services import plans, shared
from services.plans import PlanTerms
from services.shared import DomainError, FlowState


async def propose(update: Update, context: FinbotContext, state: FlowState, value) -> None:
    """The plan for `value` months (an int) or `value` a month (a decimal string): the
    chart, the schedule and the Confirm / Change buttons. The offered terms (the closest
    that keep the debt's policy, when the asked ones break it) are kept for confirming."""
    if state.step == "months":
        terms = PlanTerms(months=int(value))
    else:
        terms = PlanTerms(monthly_amount=Decimal(value))
    async with context.deps.unit_of_work() as uow:
        user = await registered_user(uow, update, context)
        if user is None:
            return
        try:
            proposal = await plans.propose_plan(
                uow,
                user_id=user.id,
                debt_id=state.data["debt_id"],
                terms=terms,
                first_due=date.fromisoformat(state.data["first_due"]),
                default_policy=context.deps.default_policy,
            )
        except DomainError as error:
            await _give_up(update, context, uow, error, pressed=False)
            return
        await uow.commit()
    await show_proposal(update, context, user_id=user.id, proposal=proposal)


async def show_proposal(
    update: Update, context: FinbotContext, *, user_id: int, proposal, origin: str = "plan"
) -> None:
    """Keep the offered terms as the chat's "confirm" step and show the chart, the schedule
    and the Confirm / Change buttons. The assistant shows its proposals this way too
    (`origin="assistant"`), so only this button ever agrees a plan."""
    message = update.effective_message
    offered = proposal.offered
    data = {
        "debt_id": proposal.debt.id,
        "currency": proposal.debt.currency,
        "first_due": proposal.first_due.isoformat(),
        "total": str(proposal.schedule.total),
        "origin": origin,
    }
    if offered.months is not None:
        data["months"] = offered.months
    else:
        data["monthly_amount"] = str(offered.monthly_amount)
    async with context.deps.unit_of_work() as uow:
        data = await save_step(uow, update, context, user_id=user_id, step="confirm", data=data)
        await uow.commit()
    chart = await asyncio.to_thread(
        balance_chart, update, context, proposal.schedule, proposal.debt
    )
    await message.reply_photo(
        chart,
        filename="plan.png",
        caption=context.text(update, "plan_chart_caption", creditor=proposal.debt.creditor),
    )
    await message.reply_text(
        proposal_text(update, context, proposal, context.language_of(update)),
        reply_markup=choices(
            (context.text(update, "button_plan_confirm"), f"plan:confirm:{data['key']}"),
            (context.text(update, "button_plan_change"), f"plan:change:{data['key']}"),
        ),
    )


async def confirm(update: Update, context: FinbotContext) -> None:
    """plan:confirm:<key>: agree the plan kept in the flow. The flow ends with it, so a second
    press finds nothing to confirm."""
    query = update.callback_query
    async with context.deps.unit_of_work() as uow:
        found = await pressed_step(uow, update, context, "confirm")
        if found is None:
            return
        user, state = found
        terms = state.data
        try:
            agreed = await plans.agree_plan(
                uow,
                user_id=user.id,
                debt_id=terms["debt_id"],
                months=terms.get("months"),
                monthly_amount=(
                    Decimal(terms["monthly_amount"]) if "monthly_amount" in terms else None
                ),
                first_due=date.fromisoformat(terms["first_due"]),
                default_policy=context.deps.default_policy,
                now=context.deps.clock(),
                expected_total=Decimal(terms["total"]),
            )
        except DomainError as error:
            await _give_up(update, context, uow, error)
            return
        await shared.finish_flow(uow, chat_id=update.effective_chat.id)
        await uow.commit()
    if not agreed.created:  # another process agreed this very plan a moment ago
        await query.answer(context.text(update, "stale_button"), show_alert=True)
        return
    await query.answer()
    await settle_choice(query)
    buttons = [
        (context.text(update, f"button_plan_file_{kind}"), f"plan:file:{kind}:{agreed.plan_id}")
        for kind in FILE_KINDS
    ]
    pay = await next_installment_button(update, context, debt_id=agreed.debt.id)
    await query.message.reply_text(
        agreed_text(update, context, agreed, context.language_of(update)),
        reply_markup=first_row(pay, choices(*buttons, columns=2)),
    )


async def change(update: Update, context: FinbotContext) -> None:
    """plan:change:<key>: back to "by months or by amount?" for the same debt."""
    query = update.callback_query
    async with context.deps.unit_of_work() as uow:
        found = await pressed_step(uow, update, context, "confirm")
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
            await _give_up(update, context, uow, error)
            return
        data = await save_step(
            uow, update, context, user_id=user.id, step="mode", data={"debt_id": debt.id}
        )
        await uow.commit()
    await query.answer()
    await settle_choice(query)
    await ask_mode(query.message, update, context, debt, data["key"])


async def send_file(update: Update, context: FinbotContext) -> None:
    """plan:file:<kind>:<plan id>: the agreed schedule as a file, if the plan is the user's."""
    query = update.callback_query
    _, _, kind, plan_id = query.data.split(":")
    async with context.deps.unit_of_work() as uow:
        user = await registered_user(uow, update, context)
        if user is None:
            return
        try:
            agreed = await plans.agreed_schedule(
                uow,
                user_id=user.id,
                plan_id=int(plan_id),
                default_policy=context.deps.default_policy,
            )
        except DomainError as error:
            await query.answer(error_message(update, context, error), show_alert=True)
            return
    await query.answer()
    data, file_name = await asyncio.to_thread(
        plan_file,
        update,
        context,
        agreed,
        kind,
        timezone=timezone_of(user, context),
        now=context.deps.clock(),
    )
    await query.message.reply_document(
        data,
        filename=file_name,
        caption=context.text(update, "plan_file_caption", creditor=agreed.debt.creditor),
    )


async def _give_up(
    update: Update, context: FinbotContext, uow, error: DomainError, *, pressed: bool = True
) -> None:
    """The debt changed or is gone: end the flow and say so kindly. `pressed`: the update
    is a press of this step's button, still to be answered."""
    await uow.rollback()
    await shared.finish_flow(uow, chat_id=update.effective_chat.id)
    await uow.commit()
    if pressed:
        await update.callback_query.answer()
        await settle_choice(update.callback_query)
    await update.effective_message.reply_text(
        error_message(update, context, error) + "\n\n" + context.text(update, "plan_start_again")
    )


def handlers(*, group: int) -> list:
    kinds = "|".join(FILE_KINDS)
    return [
        (group, CallbackQueryHandler(confirm, pattern=rf"^plan:confirm:{KEY}$")),
        (group, CallbackQueryHandler(change, pattern=rf"^plan:change:{KEY}$")),
        (group, CallbackQueryHandler(send_file, pattern=rf"^plan:file:({kinds}):\d{{1,18}}$")),
    ]
