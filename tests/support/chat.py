"""Talking to finbot in the fake Telegram: send and read the reply, match messages, read files."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.fakes.telegram.models import CallbackQueryRecord, StoredMessage


async def answer(user, text: str) -> str:
    """Send `text` and return the plain text of the bot's next reply."""
    await user.send(text)
    return (await user.wait_for_reply()).plain_text


def said(text: str, *, or_caption: bool = False) -> Callable[[StoredMessage], bool]:
    """Matches a message whose text contains `text`; with `or_caption`, a message without
    text is matched by its caption."""
    if or_caption:
        return lambda message: text in (message.plain_text or message.plain_caption or "")
    return lambda message: text in (message.plain_text or "")


def sent_document(fake, message) -> bytes:
    document = message.media["document"]
    return fake.files[document["file_id"]].data


def sent_json(fake, message) -> dict[str, Any]:
    return json.loads(sent_document(fake, message))


async def forged_press(fake, person, message, data: str) -> CallbackQueryRecord:
    """A callback query with `data` that no button of `message` carries (a forged one)."""
    person._mark(message.chat)
    record = CallbackQueryRecord(
        str(8_000_000_000_000_000 + fake.new_id()), person.info, message, data, message.version
    )
    fake.callback_queries[record.id] = record
    fake.push_update(
        "callback_query",
        {
            "id": record.id,
            "from": person.wire(),
            "message": message.wire(),
            "chat_instance": str(person.id),
            "data": data,
        },
    )
    await fake.wait_until(lambda: record.answered, 5.0, "an answer to the forged press")
    return record
