"""Negotiating an operator's debt with buttons: pay today with a discount, propose an
amount, pay part now, see plan options, or ask for hardship help.

Every amount comes from services.negotiation, which enforces the operator's limits.
Nothing is agreed until the user presses "Accept" on a message bound to that offer.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot.context import FinbotContext
from bot.handlers.payments.buttons import first_row, next_installment_button
from bot.render.formatting import day, money, percent
from bot.render.keyboards import choices, settle_choice
from services import negotiation, shared
from services.negotiation import NegotiationResult, NegotiationRules, OfferView, PartialTier
from services.shared import DomainError, FlowState, parse_amount

FLOW = "negotiate"


def rules_from(settings) -> NegotiationRules:
    return NegotiationRules(
        start_discount_pct=settings.negotiation_start_discount_pct,
        step_pct=settings.negotiation_step_pct,
        round_limit=settings.negotiation_round_limit,
        partial_tiers=(
            PartialTier(
                upfront_pct=settings.partial_tier1_upfront_pct,
                rest_discount_pct=settings.partial_tier1_discount_pct,
            ),
            PartialTier(
                upfront_pct=settings.partial_tier2_upfront_pct,
                rest_discount_pct=settings.partial_tier2_discount_pct,
            ),
        ),
        offer_ttl_hours=settings.offer_ttl_hours,
    )


async def menu(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    debt_id = int(query.data.rsplit(":", 1)[1])
    options = await _call(update, context, negotiation.plan_options, debt_id=debt_id)
    if options is None:
        return
    await query.answer()
    language = context.language_of(update)
    text = context.text(
        update,
        "neg_menu",
        creditor=options.creditor,
        balance=money(options.balance, options.currency, language),
    )
    buttons = [
        (context.text(update, "button_neg_pay_today"), f"neg:pay:{debt_id}"),
        (context.text(update, "button_neg_propose"), f"neg:counter:{debt_id}"),
        (context.text(update, "button_neg_partial"), f"neg:partial:{debt_id}"),
        (context.text(update, "button_neg_plans"), f"plan:debt:{debt_id}"),
        (context.text(update, "button_neg_hardship"), f"neg:hardship:{debt_id}"),
    ]
    await query.message.reply_text(text, reply_markup=choices(*buttons, columns=1))


async def settlement(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    action, debt_id = query.data.split(":")[1:]
    service = (
        negotiation.request_better_offer
        if action == "better"
        else (negotiation.request_settlement_offer)
    )
    result = await _call(update, context, service, debt_id=int(debt_id))
    if result is not None:
        await query.answer()
        await show_result(update, context, result)


async def ask_amount(update: Update, context: FinbotContext) -> None:
    """ "Propose an amount" and "Pay part now": the next typed amount answers."""
    query = update.callback_query
    action, debt_id = query.data.split(":")[1:]
    step = "counteroffer" if action == "counter" else "upfront"
    extra = ""
    if step == "upfront":
        options = await _call(update, context, negotiation.plan_options, debt_id=int(debt_id))
        if options is None:
            return
        language = context.language_of(update)
        extra = "\n".join(
            context.text(
                update,
                "neg_tier",
                upfront=money(tier.least_upfront, options.currency, language),
                discount=percent(tier.rest_discount_pct, language),
            )
            for tier in options.tiers
        )
    await query.answer()
    async with context.deps.unit_of_work() as uow:
        await shared.go_to_step(
            uow,
            chat_id=update.effective_chat.id,
            user_id=None,
            flow=FLOW,
            step=step,
            data={"debt_id": int(debt_id)},
            now=context.deps.clock(),
        )
        await uow.commit()
    question = context.text(update, f"neg_ask_{step}")
    await query.message.reply_text(f"{question}\n{extra}".strip())


async def on_message(update: Update, context: FinbotContext, state: FlowState) -> None:
    message = update.effective_message
    try:
        amount = parse_amount(message.text or "", context.language_of(update))
    except DomainError as error:
        await message.reply_text(
            context.error_text(update, error)
            + "\n\n"
            + context.text(update, f"neg_ask_{state.step}")
        )
        return
    debt_id = state.data["debt_id"]
    if state.step == "counteroffer":
        result = await _call(
            update,
            context,
            negotiation.make_counteroffer,
            debt_id=debt_id,
            amount=amount,
            finish_flow=True,
        )
    else:
        result = await _call(
            update,
            context,
            negotiation.propose_partial_payment,
            debt_id=debt_id,
            upfront=amount,
            finish_flow=True,
        )
    if result is not None:
        await show_result(update, context, result)


async def accept(update: Update, context: FinbotContext) -> None:
    """The user's own press of "Accept" on an offer: only now is anything agreed."""
    query = update.callback_query
    offer_id = int(query.data.rsplit(":", 1)[1])
    summary = await _call(
        update,
        context,
        negotiation.accept_offer,
        offer_id=offer_id,
        timezone=context.deps.settings.default_timezone,
    )
    if summary is None:
        return
    await query.answer()
    await settle_choice(query)
    language = context.language_of(update)
    lines = [
        context.text(
            update,
            "neg_agreed",
            creditor=summary.creditor,
            total=money(summary.total, summary.currency, language),
            savings=money(summary.savings, summary.currency, language),
        ),
    ]
    for installment in summary.installments:
        lines.append(
            context.text(
                update,
                "neg_agreed_installment",
                number=installment.number,
                due=day(installment.due_date, language),
                amount=money(installment.amount, summary.currency, language),
            )
        )
    if summary.already_accepted:
        lines.insert(0, context.text(update, "neg_already_accepted"))
    pay = await next_installment_button(update, context, debt_id=summary.debt_id)
    await query.message.reply_text("\n".join(lines), reply_markup=first_row(pay))


async def hardship(update: Update, context: FinbotContext) -> None:
    query = update.callback_query
    result = await _call(
        update,
        context,
        negotiation.request_hardship,
        debt_id=int(query.data.rsplit(":", 1)[1]),
        note=None,
    )
    if result is None:
        return
    await query.answer()
    await query.message.reply_text(
        context.text(
            update,
            "neg_hardship",
            creditor=result.creditor,
            contact=context.deps.settings.operator_contact,
        )
    )


async def show_result(update: Update, context: FinbotContext, result: NegotiationResult) -> None:
    language = context.language_of(update)
    offer = result.offer
    intro = context.text(
        update,
        f"neg_outcome_{result.outcome.value}",
        amount=money(result.counteroffer or offer.amount, offer.currency, language),
    )
    lines = [intro, _describe(update, context, offer, language)]
    if offer.is_final and offer.partial is None:
        lines.append(context.text(update, "neg_final"))
    buttons = [
        [
            InlineKeyboardButton(
                context.text(update, "button_neg_accept"), callback_data=f"neg:accept:{offer.id}"
            )
        ]
    ]
    if offer.partial is None:
        if not offer.is_final:
            buttons.append(
                [
                    InlineKeyboardButton(
                        context.text(update, "button_neg_better"),
                        callback_data=f"neg:better:{offer.debt_id}",
                    )
                ]
            )
        buttons.append(
            [
                InlineKeyboardButton(
                    context.text(update, "button_neg_propose"),
                    callback_data=f"neg:counter:{offer.debt_id}",
                )
            ]
        )
    await update.effective_message.reply_text(
        "\n\n".join(lines), reply_markup=InlineKeyboardMarkup(buttons)
    )


def _describe(update, context: FinbotContext, offer: OfferView, language: str) -> str:
    expires = day(offer.expires_at.date(), language)
    if offer.partial is None:
        return context.text(
            update,
            "neg_offer_settlement",
            amount=money(offer.amount, offer.currency, language),
            discount=percent(offer.discount_pct, language),
            savings=money(offer.savings, offer.currency, language),
            days=offer.pay_within_days,
            expires=expires,
        )
    partial = offer.partial
    return context.text(
        update,
        "neg_offer_partial",
        upfront=money(partial.upfront, offer.currency, language),
        discount=percent(partial.rest_discount_pct, language),
        rest=money(partial.discounted_rest, offer.currency, language),
        months=partial.months,
        installment=money(partial.installment_amount, offer.currency, language),
        total=money(partial.total, offer.currency, language),
        days=offer.pay_within_days,
        expires=expires,
    )


async def _call(
    update: Update, context: FinbotContext, service, *, finish_flow: bool = False, **arguments
):
    """Run one negotiation service for the user of this update in one unit of work;
    a domain error becomes a kind message and None."""
    try:
        async with context.deps.unit_of_work() as uow:
            user = await context.current_user(uow, update)
            result = await service(
                uow,
                user_id=user.id,
                rules=rules_from(context.deps.settings),
                default_policy=context.deps.default_policy,
                now=context.deps.clock(),
                **arguments,
            )
            if finish_flow:
                await shared.finish_flow(uow, chat_id=update.effective_chat.id)
            await uow.commit()
    except DomainError as error:
        text = context.error_text(update, error)
        if update.callback_query:
            await update.callback_query.answer()
        await update.effective_message.reply_text(text)
        return None
    return result


def handlers(*, group: int) -> list:
    return [
        (group, CallbackQueryHandler(menu, pattern=r"^neg:start:\d{1,18}$")),
        (group, CallbackQueryHandler(settlement, pattern=r"^neg:(pay|better):\d{1,18}$")),
        (group, CallbackQueryHandler(ask_amount, pattern=r"^neg:(counter|partial):\d{1,18}$")),
        (group, CallbackQueryHandler(accept, pattern=r"^neg:accept:\d{1,18}$")),
        (group, CallbackQueryHandler(hardship, pattern=r"^neg:hardship:\d{1,18}$")),
    ]
