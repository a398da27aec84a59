"""Voice notes, photos, stickers, files and the like: a short word on what finbot can take.

Contacts are left out on purpose: /register asks for one with a share-contact button.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.context import FinbotContext

MEDIA = (
    filters.VOICE
    | filters.AUDIO
    | filters.VIDEO
    | filters.VIDEO_NOTE
    | filters.PHOTO
    | filters.Sticker.ALL
    | filters.Document.ALL
    | filters.ANIMATION
    | filters.LOCATION
    | filters.VENUE
    | filters.POLL
    | filters.Dice.ALL
    | filters.STORY
)


async def what_i_can_take(update: Update, context: FinbotContext) -> None:
    """Say that finbot reads text and buttons, and cannot listen to audio or open files yet."""
    await update.effective_message.reply_text(context.text(update, "media_not_supported"))


def handlers(*, group: int) -> list:
    private_media = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & MEDIA
    return [(group, MessageHandler(private_media, what_i_can_take))]
