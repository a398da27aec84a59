"""/human: ask for a person at the operator. The request is recorded, the operator's chat
(ADMIN_CHAT_ID) gets a notice, and the user is told someone will contact them. Asking
again while the request is open (HANDOVER_REPEAT_HOURS) sends no new notice: the person
is told it is already with the team.

`notify_handover` also serves the assistant's request_handover tool.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import LinkPreviewOptions, Update
from telegram.error import TelegramError
from telegram.ext import CommandHandler, filters

from bot.context import FinbotContext
from bot.texts import text as catalogue_text
from services import accounts
from services.accounts import HandoverRecord
from services.assistant import NotifyHandover

log = logging.getLogger(__name__)


async def ask_for_a_person(update: Update, context: FinbotContext) -> None:
    deps = context.deps
    operator_language = deps.settings.default_language
    summary = " ".join(context.args or []) or catalogue_text(
        operator_language, "handover_default_summary"
    )
    async with deps.unit_of_work() as uow:
        user = await context.current_user(uow, update)
        record = await accounts.request_handover(
            uow,
            user_id=user.id,
            chat_id=update.effective_chat.id,
            source="command",
            summary=summary,
            now=deps.clock(),
            repeat_window=timedelta(hours=deps.settings.handover_repeat_hours),
        )
        await uow.commit()
    await notify_handover(update, context, record)


async def notify_handover(
    update: Update, context: FinbotContext, handover: HandoverRecord | NotifyHandover
) -> None:
    """Tell the operator's chat (when ADMIN_CHAT_ID is set) about a recorded hand-over and
    the user that a person will contact them. A notice Telegram refuses is logged; the
    hand-over stays recorded and the user is told all the same. A repeated request (one
    already open) only tells the user it is with the team. The notice carries the
    model's summary, so it never shows a link preview."""
    deps = context.deps
    handover_id = handover.id if isinstance(handover, HandoverRecord) else handover.handover_id
    if handover.repeated:
        await update.effective_message.reply_text(
            context.text(
                update, "handover_already_requested", contact=deps.settings.operator_contact
            )
        )
        return
    admin_chat_id = deps.settings.admin_chat_id
    if admin_chat_id is not None:
        try:
            await context.bot.send_message(
                admin_chat_id,
                _notice(update, context, handover),
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        except TelegramError:
            log.warning(
                "could not send the notice of hand-over %s to the admin chat",
                handover_id,
                exc_info=True,
            )
        else:
            async with deps.unit_of_work() as uow:
                await accounts.mark_handover_notified(
                    uow, handover_id=handover_id, now=deps.clock()
                )
                await uow.commit()
    await update.effective_message.reply_text(
        context.text(update, "handover_requested", contact=deps.settings.operator_contact)
    )


def _notice(
    update: Update, context: FinbotContext, handover: HandoverRecord | NotifyHandover
) -> str:
    """The notice in the operator's language (DEFAULT_LANGUAGE); every value is escaped."""
    language = context.deps.settings.default_language
    person = update.effective_user
    username = (
        f"@{person.username}"
        if person.username
        else catalogue_text(language, "handover_notice_no_username")
    )
    return catalogue_text(
        language,
        "handover_notice",
        name=person.full_name,
        username=username,
        telegram_id=person.id,
        summary=handover.summary,
    )


def handlers(*, group: int) -> list:
    return [(group, CommandHandler("human", ask_for_a_person, filters=filters.ChatType.PRIVATE))]
