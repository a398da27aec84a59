"""/apikey: use one's own OpenAI key for the assistant, or go back to the operator's.

`/apikey <key>` deletes the message at once, checks the key with OpenAI, and keeps it
encrypted; the key is never echoed (at most its last four characters) nor logged.
"""

from __future__ import annotations

import logging
import re

import openai
from telegram import Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import CommandHandler, filters

from bot.context import FinbotContext
from services import accounts

log = logging.getLogger(__name__)

REMOVE = "remove"
# python-telegram-bot logs every update at DEBUG (getUpdates results, "Processing update").
LOGGERS_THAT_SEE_UPDATES = (
    "telegram.Bot",
    "telegram.ext.ExtBot",
    "telegram.ext.Application",
    "telegram.ext.Updater",
)


async def api_key(update: Update, context: FinbotContext) -> None:
    args = context.args or []
    if not args:
        await _explain(update, context)
    elif len(args) == 1 and args[0].lower() == REMOVE:
        await _remove(update, context)
    else:
        await _set(update, context, " ".join(args))


async def _explain(update: Update, context: FinbotContext) -> None:
    key = await _current_key(update, context)
    status = (
        context.text(update, "apikey_status_own", last4=key[-4:])
        if key
        else context.text(update, "apikey_status_default")
    )
    await update.effective_message.reply_text(context.text(update, "apikey_help") + "\n\n" + status)


async def _set(update: Update, context: FinbotContext, key: str) -> None:
    message = update.effective_message
    try:
        await message.delete()
    except TelegramError:
        log.warning("could not delete the /apikey message %s", message.message_id)
        await message.reply_text(context.text(update, "apikey_delete_it_yourself"))
    deps = context.deps
    if deps.settings.secret_key is None:
        await message.chat.send_message(
            context.text(update, "apikey_unavailable", contact=deps.settings.operator_contact)
        )
        return
    if not accounts.looks_like_api_key(key):
        await message.chat.send_message(context.text(update, "apikey_not_a_key"))
        return
    await message.chat.send_message(context.text(update, "apikey_checking"))
    await message.chat.send_action(ChatAction.TYPING)
    try:
        works = await deps.model_clients.key_works(key)
    except openai.APIError as error:
        log.warning("could not check a user's OpenAI key: %s", type(error).__name__)
        await message.chat.send_message(context.text(update, "apikey_check_failed"))
        return
    if not works:
        await message.chat.send_message(context.text(update, "apikey_refused"))
        return
    async with deps.unit_of_work() as uow:
        user = await context.current_user(uow, update)
        await accounts.store_api_key(
            uow,
            user_id=user.id,
            key=key,
            secret_key=deps.settings.secret_key.get_secret_value(),
            now=deps.clock(),
        )
        await uow.commit()
    await message.chat.send_message(context.text(update, "apikey_saved", last4=key[-4:]))


async def _remove(update: Update, context: FinbotContext) -> None:
    async with context.deps.unit_of_work() as uow:
        user = await context.current_user(uow, update)
        removed = await accounts.remove_api_key(uow, user_id=user.id, now=context.deps.clock())
        await uow.commit()
    key = "apikey_removed" if removed else "apikey_none_to_remove"
    await update.effective_message.reply_text(context.text(update, key))


async def _current_key(update: Update, context: FinbotContext) -> str | None:
    secret_key = context.deps.settings.secret_key
    if secret_key is None:
        return None
    async with context.deps.unit_of_work() as uow:
        user = await context.current_user(uow, update)
        key = await accounts.user_api_key(
            uow, user_id=user.id, secret_key=secret_key.get_secret_value()
        )
        await uow.commit()
    return key


class HideApiKeys(logging.Filter):
    """Blanks whatever follows /apikey in a log line, so a key in an update never lands in
    the logs, even at DEBUG."""

    PATTERN = re.compile(r"(/apikey(?:@\w+)?)(?:\s|\\[nrt])+\S+", re.IGNORECASE)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the handler's problem, as usual
            return True
        if "/apikey" in message.lower():
            record.msg, record.args = self.PATTERN.sub(r"\1 [hidden]", message), None
        return True


def hide_api_keys_in_logs() -> None:
    for name in LOGGERS_THAT_SEE_UPDATES:
        logger = logging.getLogger(name)
        if not any(isinstance(existing, HideApiKeys) for existing in logger.filters):
            logger.addFilter(HideApiKeys())


def handlers(*, group: int) -> list:
    hide_api_keys_in_logs()
    return [(group, CommandHandler("apikey", api_key, filters=filters.ChatType.PRIVATE))]
