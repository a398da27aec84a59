"""Keyboards shared by several features. Button texts come from the catalogue."""

from __future__ import annotations

import html

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.error import BadRequest


def choices(*buttons: tuple[str, str], columns: int = 2) -> InlineKeyboardMarkup:
    """Inline buttons from (label, callback_data) pairs, `columns` to a row."""
    row: list[InlineKeyboardButton] = []
    rows: list[list[InlineKeyboardButton]] = []
    for label, data in buttons:
        row.append(InlineKeyboardButton(label, callback_data=data))
        if len(row) == columns:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return InlineKeyboardMarkup(rows)


def share_contact(label: str) -> ReplyKeyboardMarkup:
    """Telegram's own "share my phone number" button: the number it sends is verified."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(label, request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


async def settle_choice(query: CallbackQuery) -> None:
    """Close a question: its buttons go, and the answer the user pressed stays visible.

    (Editing the text rather than only the markup: PTB 22 sends `parse_mode` with
    editMessageReplyMarkup when Defaults set one, which the Bot API does not define.)
    """
    message = query.message
    if not message.text:  # one Telegram no longer shows the bot (date 0): keep it as it is
        return
    pressed = (
        next(
            (
                button.text
                for row in message.reply_markup.inline_keyboard
                for button in row
                if button.callback_data == query.data
            ),
            None,
        )
        if message.reply_markup
        else None
    )
    body = message.text_html
    await edit_pressed(query, f"{body}\n\n» <i>{html.escape(pressed)}</i>" if pressed else body)


async def edit_pressed(query: CallbackQuery, text: str, **kwargs) -> None:
    """Edit the message whose button was pressed. A button tapped twice asks for the same
    edit again, which Telegram refuses ("message is not modified"): nothing is lost."""
    try:
        await query.edit_message_text(text, **kwargs)
    except BadRequest as error:
        if "not modified" not in error.message:
            raise
