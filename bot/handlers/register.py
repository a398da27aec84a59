"""/register: full name, email, the phone shared with Telegram's button, then consents."""

from __future__ import annotations

from telegram import Message, ReplyKeyboardRemove, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, filters

from bot.context import FinbotContext
from bot.render.keyboards import choices, settle_choice, share_contact
from services import accounts, shared
from services.shared import DomainError, FlowState

FLOW = "register"


async def begin(update: Update, context: FinbotContext) -> None:
    """/register, or the "Register" button of /start: (re)start from the first question."""
    if update.callback_query:
        await update.callback_query.answer()
    tg_user = update.effective_user
    async with context.deps.unit_of_work() as uow:
        profile = await accounts.record_visit(
            uow, telegram_id=tg_user.id, first_name=tg_user.first_name, now=context.deps.clock()
        )
        await _go_to(uow, update, context, "full_name", {}, profile.id)
        await uow.commit()
    intro = "register_update_intro" if profile.registered else "register_intro"
    await update.effective_message.reply_text(
        context.text(update, intro) + "\n\n" + context.text(update, "register_ask_full_name")
    )


async def on_message(update: Update, context: FinbotContext, state: FlowState) -> None:
    """A message while the user is registering: the answer to the current question."""
    message = update.effective_message
    step = state.step
    try:
        if step == "full_name" and message.text:
            data = {**state.data, "full_name": accounts.clean_full_name(message.text)}
            await _save_and_ask(update, context, "email", data, "register_ask_email")
        elif step == "email" and message.text:
            data = {**state.data, "email": accounts.clean_email(message.text)}
            await _save_and_ask(
                update,
                context,
                "phone",
                data,
                "register_ask_phone",
                reply_markup=share_contact(context.text(update, "button_share_phone")),
            )
        elif step == "phone" and message.contact:
            phone = accounts.verified_phone(
                contact_phone=message.contact.phone_number,
                contact_user_id=message.contact.user_id,
                telegram_id=update.effective_user.id,
            )
            await message.reply_text(
                context.text(update, "register_phone_verified"), reply_markup=ReplyKeyboardRemove()
            )
            await _save_and_ask(
                update,
                context,
                "privacy",
                {**state.data, "phone": phone},
                "register_ask_privacy",
                reply_markup=_yes_no(update, context, "privacy"),
            )
        else:
            await _ask_again(message, update, context, step)
    except DomainError as error:
        hint = context.error_text(update, error)
        await message.reply_text(
            hint + "\n\n" + _question(update, context, step),
            reply_markup=_markup_for(update, context, step),
        )


async def on_button(update: Update, context: FinbotContext) -> None:
    """The consent buttons: reg:privacy:yes|no and reg:reminders:yes|no."""
    query = update.callback_query
    _, question, answer = query.data.split(":")
    now = context.deps.clock()
    async with context.deps.unit_of_work() as uow:
        state = await shared.current_flow(uow, chat_id=update.effective_chat.id, now=now)
        if state is None or state.flow != FLOW or state.step != question:
            await query.answer(context.text(update, "stale_button"), show_alert=True)
            return
        await query.answer()
        await settle_choice(query)
        if question == "privacy" and answer == "no":
            await shared.finish_flow(uow, chat_id=update.effective_chat.id)
            await uow.commit()
            await query.message.reply_text(context.text(update, "register_privacy_declined"))
            return
        if question == "privacy":
            await _go_to(uow, update, context, "reminders", state.data, None)
            await uow.commit()
            await query.message.reply_text(
                context.text(update, "register_ask_reminders"),
                reply_markup=_yes_no(update, context, "reminders"),
            )
            return
        result = await accounts.complete_registration(
            uow,
            telegram_id=update.effective_user.id,
            first_name=update.effective_user.first_name,
            full_name=state.data["full_name"],
            email=state.data["email"],
            phone=state.data["phone"],
            reminders_consent=answer == "yes",
            now=now,
        )
        await shared.finish_flow(uow, chat_id=update.effective_chat.id)
        await uow.commit()
    await query.message.reply_text(_summary(update, context, result, answer == "yes"))


def _summary(update, context: FinbotContext, result, reminders: bool) -> str:
    parts = [context.text(update, "register_done")]
    if result.linked_debts:
        parts.append(context.text(update, "register_debts_found", count=result.linked_debts))
    elif result.phone_linked_elsewhere:
        parts.append(
            context.text(
                update,
                "register_phone_linked_elsewhere",
                contact=context.deps.settings.operator_contact,
            )
        )
    else:
        parts.append(context.text(update, "register_no_debts_found"))
    parts.append(
        context.text(update, "register_reminders_on" if reminders else "register_reminders_off")
    )
    return "\n\n".join(parts)


async def _save_and_ask(
    update, context: FinbotContext, step: str, data: dict, question: str, reply_markup=None
) -> None:
    async with context.deps.unit_of_work() as uow:
        await _go_to(uow, update, context, step, data, None)
        await uow.commit()
    await update.effective_message.reply_text(
        context.text(update, question), reply_markup=reply_markup
    )


async def _go_to(
    uow, update: Update, context: FinbotContext, step: str, data: dict, user_id: int | None
) -> None:
    await shared.go_to_step(
        uow,
        chat_id=update.effective_chat.id,
        user_id=user_id,
        flow=FLOW,
        step=step,
        data=data,
        now=context.deps.clock(),
    )


async def _ask_again(message: Message, update, context: FinbotContext, step: str) -> None:
    hint = context.text(update, f"register_hint_{step}")
    await message.reply_text(
        hint + "\n\n" + _question(update, context, step),
        reply_markup=_markup_for(update, context, step),
    )


def _question(update, context: FinbotContext, step: str) -> str:
    return context.text(update, f"register_ask_{step}")


def _markup_for(update, context: FinbotContext, step: str):
    if step == "phone":
        return share_contact(context.text(update, "button_share_phone"))
    if step in ("privacy", "reminders"):
        return _yes_no(update, context, step)
    return None


def _yes_no(update, context: FinbotContext, question: str):
    return choices(
        (context.text(update, f"button_{question}_yes"), f"reg:{question}:yes"),
        (context.text(update, f"button_{question}_no"), f"reg:{question}:no"),
    )


def handlers(*, group: int) -> list:
    private = filters.ChatType.PRIVATE
    return [
        (group, CommandHandler("register", begin, filters=private)),
        (group, CallbackQueryHandler(begin, pattern=r"^reg:begin$")),
        (group, CallbackQueryHandler(on_button, pattern=r"^reg:(privacy|reminders):(yes|no)$")),
    ]
