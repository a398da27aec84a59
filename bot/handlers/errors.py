"""The last line of defence: log what broke, tell the user kindly, never show a traceback."""

from __future__ import annotations

import logging
from collections import OrderedDict

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.context import FinbotContext
from bot.runtime.metrics import mark_failed, update_kind

log = logging.getLogger("finbot.errors")

# Updates this Application already apologised for (in its bot_data): when several handler
# groups fail on one update (the database is down), the person still gets one apology.
APOLOGISED_KEY = "finbot.apologised"
_REMEMBERED = 4096


async def on_error(update: object, context: FinbotContext) -> None:
    mark_failed()
    update_id = update.update_id if isinstance(update, Update) else None
    # Named by the update's id and kind and the error's type; the traceback that follows
    # is redacted by the log handler, and SQL errors carry no parameters.
    log.error(
        "update %s (%s) failed: %s",
        update_id,
        update_kind(update),
        type(context.error).__name__,
        exc_info=context.error,
    )
    if not isinstance(update, Update):
        return
    chat = update.effective_chat
    apologised: OrderedDict[int, None] = context.bot_data.setdefault(APOLOGISED_KEY, OrderedDict())
    if chat is None or chat.type != ChatType.PRIVATE or update.update_id in apologised:
        return
    apologised[update.update_id] = None
    if len(apologised) > _REMEMBERED:
        apologised.popitem(last=False)
    try:
        await context.bot.send_message(chat.id, context.text(update, "error_apology"))
    except TelegramError:
        log.warning("could not send the apology for update %s", update_id, exc_info=True)
