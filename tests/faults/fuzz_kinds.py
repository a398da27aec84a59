"""Updates of kinds finbot never asks Telegram for (allowed_updates leaves them out), each a
valid instance of its Bot API type, made for one attacker."""

from __future__ import annotations

import time
from typing import Any


def unknown_kind(kind: str, user, world, text: str) -> dict[str, Any]:
    now = int(time.time())
    group = world.group.chat.wire()
    short = text[:255]
    channel = {"id": -1_001_111_111_111, "type": "channel", "title": "Canal"}
    member = {"status": "member", "user": user.wire()}
    return {
        "message_reaction": lambda: {
            "chat": user.chat.wire(),
            "message_id": 1,
            "date": now,
            "user": user.wire(),
            "old_reaction": [],
            "new_reaction": [{"type": "emoji", "emoji": "👍"}],
        },
        "poll": lambda: {
            "id": "5",
            "question": short,
            "options": [{"persistent_id": "0", "text": "a", "voter_count": 1}],
            "total_voter_count": 1,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        },
        "poll_answer": lambda: {
            "poll_id": "5",
            "option_ids": [0],
            "option_persistent_ids": ["0"],
            "user": user.wire(),
        },
        "chat_join_request": lambda: {
            "chat": group,
            "from": user.wire(),
            "user_chat_id": user.id,
            "date": now,
            "bio": short,
        },
        "chat_member": lambda: {
            "chat": group,
            "from": user.wire(),
            "date": now,
            "old_chat_member": {"status": "left", "user": user.wire()},
            "new_chat_member": member,
        },
        "channel_post": lambda: {"message_id": 7, "date": now, "chat": channel, "text": text},
        "edited_channel_post": lambda: {
            "message_id": 7,
            "date": now,
            "edit_date": now,
            "chat": channel,
            "text": text,
        },
        "inline_query": lambda: {"id": "11", "from": user.wire(), "query": short, "offset": ""},
        "chosen_inline_result": lambda: {"result_id": "1", "from": user.wire(), "query": short},
        "shipping_query": lambda: {
            "id": "12",
            "from": user.wire(),
            "invoice_payload": world.victim_payload,
            "shipping_address": {
                "country_code": "ES",
                "state": "",
                "city": "Madrid",
                "street_line1": short,
                "street_line2": "",
                "post_code": "28001",
            },
        },
        "chat_boost": lambda: {
            "chat": channel,
            "boost": {
                "boost_id": "b",
                "add_date": now,
                "expiration_date": now + 86400,
                "source": {"source": "premium", "user": user.wire()},
            },
        },
    }[kind]()
