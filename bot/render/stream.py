"""Showing the assistant's reply: drafts while it is generated, then the final message.

Drafts (`sendMessageDraft`, private chats only) are cosmetic: they are throttled, and
if Telegram refuses one, drafting stops for this reply and the final message still goes.
The final reply is Markdown turned into Telegram HTML, split under 4096 characters; a
part whose formatting Telegram rejects is sent again as plain text. The model wrote it, so
it never shows a link preview (a URL carrying data would be fetched without a click), and
only links to the operator's own hosts (`link_hosts`) stay links.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable

from telegram import LinkPreviewOptions, Message
from telegram.constants import ChatAction
from telegram.error import BadRequest, TelegramError

from bot.render.html import html_to_plain, markdown_to_html
from bot.render.split import split_html

log = logging.getLogger(__name__)

DRAFT_INTERVAL_SECONDS = 0.25
MESSAGE_LIMIT = 4096
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class DraftStream:
    """Follows the growing reply with drafts of one id (Telegram animates the changes).

    A draft goes out at most every `DRAFT_INTERVAL_SECONDS`, and the first only once the
    reply has been streaming that long: a reply generated in a blink needs no draft.
    """

    def __init__(
        self, message: Message, *, interval: float | None = None, link_hosts: Iterable[str] = ()
    ) -> None:
        self._message = message
        self._link_hosts = tuple(link_hosts)
        self._draft_id = message.message_id or 1
        self._interval = DRAFT_INTERVAL_SECONDS if interval is None else interval
        self._last_sent: float | None = None  # the first delta starts the clock
        self._shown = ""
        self._broken = False

    async def update(self, markdown: str) -> None:
        now = time.monotonic()
        if self._last_sent is None:
            self._last_sent = now
        if self._broken or now - self._last_sent < self._interval:
            return
        parts = split_html(markdown_to_html(markdown, link_hosts=self._link_hosts), MESSAGE_LIMIT)
        if not parts or parts[-1] == self._shown:
            return
        self._last_sent = now
        self._shown = parts[-1]
        try:
            await self._message.get_bot().send_message_draft(
                chat_id=self._message.chat_id, draft_id=self._draft_id, text=parts[-1]
            )
        except TelegramError as error:
            log.info("drafts stopped for this reply: %s", type(error).__name__)
            self._broken = True

    async def typing(self) -> None:
        try:
            await self._message.chat.send_action(ChatAction.TYPING)
        except TelegramError:
            log.info("typing action refused")


async def send_reply(message: Message, markdown: str, *, link_hosts: Iterable[str] = ()) -> None:
    """The reply as one or more messages, formatted when Telegram accepts it."""
    for part in split_html(markdown_to_html(markdown, link_hosts=link_hosts), MESSAGE_LIMIT):
        try:
            await message.reply_text(part, link_preview_options=NO_PREVIEW)
        except BadRequest as error:
            if "parse" not in str(error).lower() and "entit" not in str(error).lower():
                raise
            log.warning("formatting refused, sending plain text: %s", error)
            await message.reply_text(
                html_to_plain(part), parse_mode=None, link_preview_options=NO_PREVIEW
            )
