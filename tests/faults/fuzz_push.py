"""Turning an `Action` into an Update in the fake Telegram's queue (or, for the kinds
finbot never asks for, straight into the Application's queue as well)."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from telegram import Update

from tests.fakes.telegram.entities import detect_entities
from tests.fakes.telegram.models import CallbackQueryRecord, PreCheckoutRecord
from tests.faults.fuzz_kinds import unknown_kind
from tests.faults.fuzz_updates import callback_data
from tests.faults.fuzz_world import VICTIM_PHONE, FuzzWorld

TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
ATTACKER_PHONES = ("+34622000000", "+34622000001", "+34622000002")
_REF = re.compile(r"@(victim|own):(debt|plan|offer|installment):(\d)")


@dataclass
class Pushed:
    """One update in the queue, and what finbot owes for it."""

    update_id: int
    chat_id: int | None
    kind: str
    wants_reply: bool = False  # a message in a private chat: some answer must come
    query: CallbackQueryRecord | None = None
    checkout: PreCheckoutRecord | None = None


class Pusher:
    def __init__(self, fake, application, world: FuzzWorld) -> None:
        self.fake = fake
        self.application = application
        self.world = world

    async def push(self, action: tuple) -> Pushed:
        kind, who, *rest = action
        user = self.world.attackers[who]
        return await getattr(self, f"_{kind}")(user, *rest)

    # -- helpers -----------------------------------------------------------------------------
    def _chat(self, user, where: str):
        return self.world.group.chat if where == "group" else user.chat

    def _message(self, user, chat, private: bool = True, **fields: Any) -> Pushed:
        msg = self.fake.add_message(chat, from_user=user.info, **fields)
        update = self.fake.push_update("message", msg.wire())
        wants = private and chat.type == "private"
        return Pushed(update["update_id"], chat.id, "message", wants_reply=wants)

    def _resolve(self, data: str, user) -> str:
        def row(match: re.Match) -> str:
            whose, kind, index = match.groups()
            ids = (self.world.victim_ids if whose == "victim" else self.world.own_ids)[kind]
            return str(ids[int(index) % len(ids)]) if ids else "0"

        data = _REF.sub(row, data).replace("@invite", self.world.victim_invite)
        return callback_data(data)

    def _callback(self, user, chat, message, data: str, inaccessible: bool) -> Pushed:
        record = CallbackQueryRecord(
            str(8_000_000_000_000_000 + self.fake.new_id()), user.info, message, data, 0
        )
        self.fake.callback_queries[record.id] = record
        wire = message.wire()
        if inaccessible:  # a message too old or gone: Telegram sends only where it was
            wire = {"chat": chat.wire(), "message_id": message.message_id, "date": 0}
        update = self.fake.push_update(
            "callback_query",
            {
                "id": record.id,
                "from": user.wire(),
                "message": wire,
                "chat_instance": str(abs(chat.id * 7919)),
                "data": data,
            },
        )
        return Pushed(update["update_id"], chat.id, "callback_query", query=record)

    # -- actions -----------------------------------------------------------------------------
    async def _text(self, user, where: str, text: str) -> Pushed:
        chat = self._chat(user, where)
        return self._message(user, chat, text=text, plain_text=text, entities=detect_entities(text))

    async def _press(self, user, index: int, taps: int, inaccessible: bool) -> list[Pushed]:
        """A real button of the latest keyboard the bot showed this attacker (pressed
        twice, before the bot could answer the first, on a double tap)."""
        chat = user.chat
        shown = next(
            (m for m in reversed(self.fake.messages_in(chat.id)) if m.inline_keyboard), None
        )
        if shown is not None:
            buttons = [b for row in shown.inline_keyboard for b in row if "callback_data" in b]
            if buttons:
                data = buttons[index % len(buttons)]["callback_data"]
                return [self._callback(user, chat, shown, data, inaccessible) for _ in range(taps)]
        if self.fake.reply_keyboards.get(chat.id):
            return await self._contact(user, "private", ("own", "own"), "")
        return await self._text(user, "private", "/start")

    async def _forge(self, user, where: str, data: str, inaccessible: bool) -> Pushed:
        chat = self._chat(user, where)
        shown = self.fake.messages_in(chat.id)
        if not shown:
            return await self._text(user, where, "/start")
        return self._callback(user, chat, shown[-1], self._resolve(data, user), inaccessible)

    async def _edit(self, user, where: str, text: str) -> Pushed:
        chat = self._chat(user, where)
        mine = [
            m
            for m in self.fake.messages_in(chat.id, from_bot=False)
            if m.sender.get("id") == user.id and m.plain_text is not None
        ]
        if not mine:
            return await self._text(user, where, text)
        msg = mine[-1]
        msg.text = msg.plain_text = text
        msg.entities = detect_entities(text)
        msg.edit_date = int(time.time())
        update = self.fake.push_update("edited_message", msg.wire())
        return Pushed(update["update_id"], chat.id, "edited_message")

    async def _contact(self, user, where: str, whose: tuple[str, str], name: str) -> Pushed:
        phone_of, user_of = whose
        own_phone = (
            ATTACKER_PHONES[self.world.attackers.index(user)]
            if self.world.attackers.index(user) < len(ATTACKER_PHONES)
            else user.phone_number
        )
        phones = {"victim": VICTIM_PHONE.lstrip("+"), "own": own_phone, "random": "+15550001234"}
        ids = {"victim": self.world.victims[0].id, "own": user.id, "other": 999_999_999}
        contact: dict[str, Any] = {"phone_number": phones[phone_of], "first_name": name or "C"}
        if user_of in ids:
            contact["user_id"] = ids[user_of]
        return self._message(user, self._chat(user, where), media={"contact": contact})

    async def _file(self, user, where: str, kind: str, caption: str | None) -> Pushed:
        chat = self._chat(user, where)
        if kind in ("document", "photo", "sticker"):
            data = TINY_PNG if kind != "document" else b"%PDF-1.4\n% fuzz\n"
            stored = self.fake.store_file(data, "photo" if kind == "photo" else "document")
            ids = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        sizes = {"width": 1, "height": 1}
        media = {
            "document": lambda: {
                "document": {**ids, "file_name": "x.pdf", "mime_type": "application/pdf"}
            },
            "photo": lambda: {"photo": [{**ids, **sizes}]},
            "sticker": lambda: {
                "sticker": {
                    **ids,
                    **sizes,
                    "type": "regular",
                    "is_animated": False,
                    "is_video": False,
                }
            },
            "location": lambda: {"location": {"latitude": 40.4168, "longitude": -3.7038}},
            "dice": lambda: {"dice": {"emoji": "🎲", "value": 3}},
        }[kind]()
        fields: dict[str, Any] = {"media": media}
        if caption is not None and kind in ("document", "photo"):
            fields.update(caption=caption, plain_caption=caption)
        return self._message(user, chat, **fields)

    async def _checkout(self, user, payload: str, currency: str, amount: int) -> Pushed:
        if payload == "@victim":
            payload = self.world.victim_payload
        elif payload == "@tampered":
            parts = self.world.victim_payload.split(":")
            payload = ":".join([*parts[:2], "1", *parts[3:]])
        payload = payload.encode()[:128].decode(errors="ignore") or "x"
        wire = {
            "id": str(9_000_000_000 + self.fake.new_id()),
            "from": user.wire(),
            "currency": currency,
            "total_amount": max(amount, 1),
            "invoice_payload": payload,
        }
        shown = self.fake.messages_in(user.id)
        record = PreCheckoutRecord(wire["id"], user.info, shown[-1] if shown else None, wire)
        self.fake.pre_checkout_queries[record.id] = record
        update = self.fake.push_update("pre_checkout_query", wire)
        return Pushed(update["update_id"], None, "pre_checkout_query", checkout=record)

    async def _member(self, user, where: str, status: str) -> Pushed:
        chat = self._chat(user, where)
        if chat.type == "private" and status not in ("member", "kicked"):
            status = "kicked"
        old = "member" if status != "member" else "left"
        update = self.fake.push_update(
            "my_chat_member",
            {
                "chat": chat.wire(),
                "from": user.wire(),
                "date": int(time.time()),
                "old_chat_member": self._member_wire(old),
                "new_chat_member": self._member_wire(status),
            },
        )
        return Pushed(update["update_id"], chat.id, "my_chat_member")

    def _member_wire(self, status: str) -> dict[str, Any]:
        out: dict[str, Any] = {"status": status, "user": dict(self.fake.bot_user)}
        if status == "kicked":
            out["until_date"] = 0
        if status == "administrator":
            rights = (
                "can_manage_chat can_delete_messages can_manage_video_chats can_restrict_members "
                "can_promote_members can_change_info can_invite_users can_post_stories "
                "can_edit_stories can_delete_stories"
            )
            out |= {"can_be_edited": False, "is_anonymous": False} | dict.fromkeys(
                rights.split(), False
            )
        return out

    async def _unknown(self, user, kind: str, text: str) -> Pushed:
        """A kind finbot does not ask for: Telegram would not send it (the fake drops it
        too), but a webhook or a misconfigured poller could; the bot must shrug it off."""
        payload = unknown_kind(kind, user, self.world, text)
        update = self.fake.push_update(kind, payload)
        await self.application.update_queue.put(Update.de_json(update, self.application.bot))
        chat = payload.get("chat", {}).get("id")
        return Pushed(update["update_id"], chat, kind)
