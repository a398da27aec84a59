"""An invite link (/start <token>): who it is from, then the proof that it is the person's.

Before the proof the bot names only the operator and the creditors, never the debtor or
their debts. A debtor whose phone the operator has proves it by sharing their own contact
with Telegram's button (the `invite` flow keeps the invite's id, never its token); a
debtor without a phone confirms with a button.
"""

from __future__ import annotations

from telegram import ReplyKeyboardRemove, Update
from telegram.ext import CallbackQueryHandler

from bot.context import FinbotContext
from bot.render.keyboards import choices, settle_choice, share_contact
from services import accounts, shared
from services.shared import DomainError, FlowState

FLOW = "invite"


async def offer(update: Update, context: FinbotContext, token: str, user_id: int) -> None:
    """/start <token>: say who the invitation is from and ask for the proof."""
    now = context.deps.clock()
    async with context.deps.unit_of_work() as uow:
        try:
            preview = await accounts.preview_invite(uow, token=token, now=now, user_id=user_id)
        except DomainError as error:
            await update.effective_message.reply_text(context.error_text(update, error))
            return
        if preview.needs_phone and preview.linked_debts is None:
            await shared.go_to_step(
                uow,
                chat_id=update.effective_chat.id,
                user_id=user_id,
                flow=FLOW,
                step="phone",
                data={"invite_id": preview.invite_id},
                now=now,
            )
            await uow.commit()
    if preview.linked_debts is not None:
        await update.effective_message.reply_text(
            context.text(update, "invite_already_yours", count=preview.linked_debts)
        )
        return
    intro = context.text(update, "welcome", name=update.effective_user.first_name)
    settings = context.deps.settings
    creditors = ", ".join(preview.creditors)
    source = context.text(
        update,
        "invite_from_creditors" if creditors else "invite_from",
        operator=settings.operator_name,
        creditors=creditors,
    )
    if preview.needs_phone:
        ask = context.text(update, "invite_share_phone", operator=settings.operator_name)
        markup = share_contact(context.text(update, "button_share_phone"))
    else:
        ask = context.text(update, "invite_confirm")
        markup = choices(
            (context.text(update, "button_invite_yes"), f"inv:yes:{token}"),
            (context.text(update, "button_invite_no"), "inv:no"),
        )
    await update.effective_message.reply_text(f"{intro}\n\n{source} {ask}", reply_markup=markup)


async def on_message(update: Update, context: FinbotContext, state: FlowState) -> None:
    """A message while an invite waits for the phone: the person's own contact."""
    message = update.effective_message
    keyboard = share_contact(context.text(update, "button_share_phone"))
    if message.contact is None:
        await message.reply_text(context.text(update, "invite_hint_phone"), reply_markup=keyboard)
        return
    try:
        phone = accounts.verified_phone(
            contact_phone=message.contact.phone_number,
            contact_user_id=message.contact.user_id,
            telegram_id=update.effective_user.id,
        )
    except DomainError as error:
        await message.reply_text(context.error_text(update, error), reply_markup=keyboard)
        return
    reply = await _redeem_by_phone(update, context, state.data["invite_id"], phone)
    await message.reply_text(reply, reply_markup=ReplyKeyboardRemove())


async def _redeem_by_phone(
    update: Update, context: FinbotContext, invite_id: int, phone: str
) -> str:
    """Link by the verified phone; the flow ends whatever the answer. Returns the reply."""
    now = context.deps.clock()
    chat_id = update.effective_chat.id
    async with context.deps.unit_of_work() as uow:
        user = await accounts.record_visit(
            uow, telegram_id=update.effective_user.id,
            first_name=update.effective_user.first_name, now=now,
        )  # fmt: skip
        try:
            result = await accounts.redeem_invite_by_phone(
                uow, invite_id=invite_id, user_id=user.id, phone=phone, now=now
            )
        except accounts.InvitePhoneMismatch as error:  # the attempt stays in the audit log
            await shared.finish_flow(uow, chat_id=chat_id)
            await uow.commit()
            return context.error_text(update, error)
        except DomainError as error:
            reply = context.error_text(update, error)
        else:
            await shared.finish_flow(uow, chat_id=chat_id)
            await uow.commit()
            return context.text(update, "invite_linked", count=result.debt_count)
    async with context.deps.unit_of_work() as uow:
        await shared.finish_flow(uow, chat_id=chat_id)
        await uow.commit()
    return reply


async def invite_answer(update: Update, context: FinbotContext) -> None:
    """The buttons of an invite for a debtor without a phone: link, or not me."""
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


def handlers(*, group: int) -> list:
    return [
        (group, CallbackQueryHandler(invite_answer, pattern=r"^inv:(yes:[A-Za-z0-9_-]+|no)$")),
    ]
