"""Small helpers for end-to-end tests: seed the operator's records, read what the bot sent."""

from __future__ import annotations

import json
import socket
from decimal import Decimal
from typing import Any

from tests.db.builders import add_debtor, add_operator_debt


async def seed_debtor(session_factory, *, phone: str, debts: int = 2, **fields: Any) -> int:
    """An imported debtor with `debts` open operator debts; returns the debtor's id."""
    async with session_factory() as session:
        debtor = await add_debtor(session, phone=phone, **fields)
        for number in range(debts):
            await add_operator_debt(
                session, debtor, creditor=f"Banco {number + 1}", balance=Decimal("1200.00")
            )
        await session.commit()
        return debtor.id


def sent_document(fake, message) -> bytes:
    document = message.media["document"]
    return fake.files[document["file_id"]].data


def sent_json(fake, message) -> dict[str, Any]:
    return json.loads(sent_document(fake, message))


async def answer(user, text: str) -> str:
    """Send `text` and return the plain text of the bot's next reply."""
    await user.send(text)
    return (await user.wait_for_reply()).plain_text


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
