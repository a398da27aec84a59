"""finbot works in private chats only. In a group it says so once and does nothing else."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.context import FinbotContext
from services import accounts

LEFT_STATUSES = {ChatMember.LEFT, ChatMember.BANNED}


async def stop_outside_private_chats(update: Update, context: FinbotContext) -> None:
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return
    removed = (
        update.my_chat_member and update.my_chat_member.new_chat_member.status in LEFT_STATUSES
    )
    if not removed and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP):
        async with context.deps.unit_of_work() as uow:
            first_time = await accounts.mark_group_notified(
                uow, chat_id=chat.id, now=context.deps.clock()
            )
            if first_time:
                await context.bot.send_message(
                    chat.id, context.text(update, "private_only", bot_username=context.bot.username)
                )
            await uow.commit()
    raise ApplicationHandlerStop


def handlers(*, group: int) -> list[tuple[int, TypeHandler]]:
    return [(group, TypeHandler(Update, stop_outside_private_chats))]
