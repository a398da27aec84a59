"""Fake people and groups: they send messages, press buttons, share contacts, pay, block."""

# ruff: noqa: ASYNC109 - pay() takes timeout= (seconds) on purpose; the wait is bounded by
# World.wait_until, which turns a timeout into an AssertionError with a report.

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from .entities import detect_entities
from .methods_media import image_size
from .models import (
    CallbackQueryRecord,
    Chat,
    Draft,
    PreCheckoutRecord,
    StoredMessage,
    UserInfo,
)
from .waiting import ReplyWaiter

if TYPE_CHECKING:
    from .server import FakeTelegram


class FakeGroup:
    """A group chat the bot is in; users post to it with ``user.send(text, chat=group)``."""

    def __init__(self, fake: FakeTelegram, chat: Chat) -> None:
        self.fake = fake
        self.chat = chat

    @property
    def id(self) -> int:
        return self.chat.id

    @property
    def messages(self) -> list[StoredMessage]:
        """What the bot sent to this group (current versions, deleted ones left out)."""
        return self.fake.messages_in(self.id)

    @property
    def history(self) -> list[StoredMessage]:
        """Every message in the group, by anyone, deleted ones included."""
        return self.fake.messages_in(self.id, from_bot=None, include_deleted=True)


class FakeUser(ReplyWaiter):
    """A Telegram user talking to the bot; every action becomes an Update for getUpdates."""

    def __init__(self, fake: FakeTelegram, info: UserInfo) -> None:
        super().__init__()
        self.fake = fake
        self.info = info
        self.phone_number = f"+1555{info.id:07d}"[-12:]

    # -- identity and views ----------------------------------------------------------------
    @property
    def id(self) -> int:
        return self.info.id

    @property
    def chat(self) -> Chat:
        return self.fake.chats[self.id]

    def wire(self) -> dict[str, Any]:
        return self.info.wire()

    def _chat(self, chat: Any) -> Chat:
        if chat is None:
            return self.chat
        return chat.chat if isinstance(chat, FakeGroup) else chat

    @property
    def messages(self) -> list[StoredMessage]:
        """What the bot sent to this user's private chat (current text after edits)."""
        return self.fake.messages_in(self.id)

    def messages_in(self, chat: Any = None) -> list[StoredMessage]:
        return self.fake.messages_in(self._chat(chat).id)

    @property
    def history(self) -> list[StoredMessage]:
        """The whole private chat: both sides, deleted messages included."""
        return self.fake.messages_in(self.id, from_bot=None, include_deleted=True)

    @property
    def last_message(self) -> StoredMessage | None:
        return self.messages[-1] if self.messages else None

    @property
    def drafts(self) -> list[Draft]:
        return [d for d in self.fake.drafts if d.chat_id == self.id]

    @property
    def chat_actions(self) -> list[str]:
        return [action for chat_id, action in self.fake.chat_actions if chat_id == self.id]

    @property
    def callback_answers(self) -> list[dict[str, Any]]:
        return [
            q.answer
            for q in self.fake.callback_queries.values()
            if q.user is self.info and q.answer is not None
        ]

    @property
    def reply_keyboard(self) -> list[list[str]]:
        """Texts of the reply keyboard the bot currently shows this user ([] if none)."""
        markup = self.fake.reply_keyboards.get(self.id) or {}
        return [
            [b if isinstance(b, str) else b["text"] for b in row]
            for row in markup.get("keyboard", [])
        ]

    # -- actions ---------------------------------------------------------------------------
    async def _post(self, chat: Chat, **fields: Any) -> StoredMessage:
        if chat.type == "private" and self.info.blocked_bot:
            raise AssertionError(f"user {self.id} blocked the bot; call unblock_bot() first")
        self._mark(chat)
        msg = self.fake.add_message(chat, from_user=self.info, **fields)
        self.fake.push_update("message", msg.wire())
        await asyncio.sleep(0)
        return msg

    async def send(
        self, text: str, *, chat: Any = None, reply_to: StoredMessage | None = None
    ) -> StoredMessage:
        """Send a text message; commands get ``bot_command`` entities like Telegram adds."""
        return await self._post(
            self._chat(chat),
            text=text,
            plain_text=text,
            entities=detect_entities(text),
            reply_to=reply_to,
        )

    async def share_contact(
        self,
        phone_number: str | None = None,
        *,
        user_id: int | None = None,
        first_name: str | None = None,
        last_name: str | None = None,
        chat: Any = None,
    ) -> StoredMessage:
        """Share a contact: by default the user's own (user_id = own id)."""
        own = user_id is None or user_id == self.id
        contact: dict[str, Any] = {
            "phone_number": phone_number or self.phone_number,
            "first_name": first_name or (self.info.first_name if own else "Contact"),
            "user_id": self.id if user_id is None else user_id,
        }
        if last_name or (own and self.info.last_name):
            contact["last_name"] = last_name or self.info.last_name
        return await self._post(self._chat(chat), media={"contact": contact})

    async def send_document(
        self,
        data: bytes,
        file_name: str = "document.pdf",
        *,
        mime_type: str | None = "application/pdf",
        caption: str | None = None,
        chat: Any = None,
    ) -> StoredMessage:
        stored = self.fake.store_file(data, "document", file_name=file_name, mime_type=mime_type)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "file_size": len(data),
        }
        if mime_type:
            document["mime_type"] = mime_type
        return await self._post(
            self._chat(chat), media={"document": document}, caption=caption, plain_caption=caption
        )

    async def send_photo(
        self, data: bytes, *, caption: str | None = None, chat: Any = None
    ) -> StoredMessage:
        stored = self.fake.store_file(data, "photo")
        width, height = image_size(data) or (1, 1)
        photo = [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": width,
                "height": height,
                "file_size": len(data),
            }
        ]
        return await self._post(
            self._chat(chat), media={"photo": photo}, caption=caption, plain_caption=caption
        )

    def _keyboard_message(self, chat: Chat) -> StoredMessage | None:
        return next(
            (m for m in reversed(self.fake.messages_in(chat.id)) if m.inline_keyboard), None
        )

    async def press(
        self, button: str, *, message: StoredMessage | None = None, chat: Any = None
    ) -> CallbackQueryRecord | StoredMessage:
        """Press an inline button (by text or callback_data) in the latest bot message with
        an inline keyboard (or ``message``): a ``callback_query`` update.  If no inline
        button matches, a button of the current reply keyboard is pressed instead (it sends
        its text, or the user's contact for ``request_contact`` buttons)."""
        target_chat = message.chat if message is not None else self._chat(chat)
        msg = message or self._keyboard_message(target_chat)
        found = msg.find_button(button) if msg is not None else None
        if found is None:
            reply_button = self._reply_button(target_chat, button)
            if reply_button is not None:
                return await self._press_reply_button(target_chat, reply_button)
            where = (
                f"message {msg}"
                if msg
                else "no bot message with an inline keyboard in "
                f"chat {target_chat.id}; bot messages: "
                f"{[str(m) for m in self.fake.messages_in(target_chat.id)]}"
            )
            raise AssertionError(
                f"no button {button!r}: {where}; reply keyboard: {self.reply_keyboard}"
            )
        if "callback_data" not in found:
            raise AssertionError(f"button {found.get('text')!r} sends no callback: {found}")
        if target_chat.type == "private" and self.info.blocked_bot:
            raise AssertionError(f"user {self.id} blocked the bot; call unblock_bot() first")
        self._mark(target_chat)
        record = CallbackQueryRecord(
            str(8_000_000_000_000_000 + self.fake.new_id()),
            self.info,
            msg,
            found["callback_data"],
            msg.version,
        )
        self.fake.callback_queries[record.id] = record
        self._last_press = record
        self.fake.push_update(
            "callback_query",
            {
                "id": record.id,
                "from": self.wire(),
                "message": msg.wire(),
                "chat_instance": str(abs(target_chat.id * 7919 + self.fake.bot_user["id"])),
                "data": record.data,
            },
        )
        await asyncio.sleep(0)
        return record

    def _reply_button(self, chat: Chat, text: str) -> dict[str, Any] | None:
        markup = self.fake.reply_keyboards.get(chat.id) or {}
        for row in markup.get("keyboard", []):
            for b in row:
                b = {"text": b} if isinstance(b, str) else b
                if b.get("text") == text:
                    return b
        return None

    async def _press_reply_button(self, chat: Chat, button: dict[str, Any]) -> StoredMessage:
        if (self.fake.reply_keyboards.get(chat.id) or {}).get("one_time_keyboard"):
            self.fake.reply_keyboards.pop(chat.id, None)
        if button.get("request_contact"):
            return await self.share_contact(chat=chat)
        return await self.send(button["text"], chat=chat)

    async def pay(
        self, message: StoredMessage | None = None, *, timeout: float = 5.0
    ) -> PreCheckoutRecord:
        """Pay the latest invoice (or ``message``): a pre_checkout_query, then, if the bot
        answers ok, a successful_payment message.  Returns the query with its answer."""
        invoice_msg = message or next(
            (m for m in reversed(self.fake.messages_in(self.id)) if "invoice" in m.media), None
        )
        if invoice_msg is None:
            raise AssertionError(f"no invoice in chat {self.id}")
        invoice = invoice_msg.media["invoice"]
        self._mark(invoice_msg.chat)
        payload = {
            "id": str(9_000_000_000 + self.fake.new_id()),
            "from": self.wire(),
            "currency": invoice["currency"],
            "total_amount": invoice["total_amount"],
            "invoice_payload": invoice_msg.params.get("payload", ""),
        }
        record = PreCheckoutRecord(payload["id"], self.info, invoice_msg, payload)
        self.fake.pre_checkout_queries[record.id] = record
        self.fake.push_update("pre_checkout_query", payload)
        await self.fake.wait_until(
            lambda: record.answer is not None, timeout, "an answerPreCheckoutQuery"
        )
        return record

    async def block_bot(self) -> None:
        """Block the bot: sends fail with 403, the bot gets a my_chat_member update."""
        self.info.blocked_bot = True
        self._member_update("member", "kicked")

    async def unblock_bot(self) -> None:
        self.info.blocked_bot = False
        self._member_update("kicked", "member")

    def _member_update(self, old: str, new: str) -> None:
        def member(status: str) -> dict[str, Any]:
            out = {"status": status, "user": dict(self.fake.bot_user)}
            return {**out, "until_date": 0} if status == "kicked" else out

        self.fake.push_update(
            "my_chat_member",
            {
                "chat": self.chat.wire(),
                "from": self.wire(),
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )
