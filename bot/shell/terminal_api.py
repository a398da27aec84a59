"""A Bot API that lives in the terminal: what the bot sends is printed, nothing goes online.

It is a PTB `BaseRequest`, so the Application, its handlers and PTB's own parsing run
exactly as they do against Telegram; only the transport differs.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from telegram.request import BaseRequest, RequestData

from bot.shell.render import keyboard_lines, plain_text, speech

SHELL_BOT = {
    "id": 777000001,
    "is_bot": True,
    "first_name": "finbot",
    "username": "finbot_shell_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
ACCEPTED_QUIETLY = {
    "setMyCommands",
    "deleteMyCommands",
    "setChatMenuButton",
    "sendChatAction",
    "sendMessageDraft",
    "setMyDescription",
    "setMyShortDescription",
    "deleteWebhook",
    "answerPreCheckoutQuery",
}


class TerminalBotApi(BaseRequest):
    def __init__(self, out: TextIO, *, private_chat: dict[str, Any]) -> None:
        self.out = out
        self.chat = private_chat
        self.messages: dict[int, dict[str, Any]] = {}
        self.buttons: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
        self._last_message_id = 0
        self._files_dir: Path | None = None
        self._show_later: dict[str, Any] | None = None  # a reply keyboard, shown, not echoed

    # --- BaseRequest -------------------------------------------------------------------
    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout=None,
        write_timeout=None,
        connect_timeout=None,
        pool_timeout=None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files else {}
        result = self._answer(api_method, params, files)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    # --- what a chat needs -------------------------------------------------------------
    def next_message_id(self) -> int:
        self._last_message_id += 1
        return self._last_message_id

    def _answer(self, method: str, params: dict[str, Any], files: dict[str, Any]) -> Any:
        if method == "getMe":
            return SHELL_BOT
        if method in ACCEPTED_QUIETLY:
            return True
        if method == "sendMessage":
            message = self._new_message(params, text=params["text"])
            self._show(message)
            return message
        if method in ("editMessageText", "editMessageReplyMarkup", "editMessageCaption"):
            message = self.messages[int(params["message_id"])]
            for field in ("text", "caption"):
                if field in params:
                    message[field] = plain_text(params[field], params.get("parse_mode"))
            markup = params.get("reply_markup")  # an edit without a keyboard removes it
            message["reply_markup"] = json.loads(markup) if isinstance(markup, str) else markup
            if not message["reply_markup"]:
                del message["reply_markup"]
            self._show(message, edited=True)
            return message
        if method == "deleteMessage":
            self.messages.pop(int(params["message_id"]), None)
            return True
        if method == "answerCallbackQuery":
            if params.get("text"):
                self.out.write(f"   ({params['text']})\n")
            return True
        if method in ("sendDocument", "sendPhoto"):
            return self._send_file(method, params, files)
        if method == "sendInvoice":
            message = self._new_message(params, text=f"{params['title']}: {params['description']}")
            self._show(message)
            return message
        self.out.write(f"   [the shell does not show {method}]\n")
        return True

    def _new_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self.next_message_id(),
            "date": int(datetime.now(UTC).timestamp()),
            "chat": self.chat,
            "from": SHELL_BOT,
            **content,
        }
        # Like Telegram, keep what the person sees: the text without its markup.
        for field in ("text", "caption"):
            if field in content:
                message[field] = plain_text(content[field], params.get("parse_mode"))
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        self.messages[message["message_id"]] = message
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = markup  # Telegram echoes only inline keyboards
        elif markup:
            self._show_later = markup
        return message

    def _show(self, message: dict[str, Any], *, edited: bool = False) -> None:
        body = message.get("text") or message.get("caption") or ""
        self.out.write(speech("bot (edited)" if edited else "bot", body) + "\n")
        markup = message.get("reply_markup") or self._show_later
        self._show_later = None
        for line in keyboard_lines(markup, lambda b: self._number(message, b)):
            self.out.write(line + "\n")
        self.out.flush()

    def _number(self, message: dict[str, Any], button: dict[str, Any]) -> int:
        number = len(self.buttons) + 1
        self.buttons[number] = (message, button)
        return number

    def _send_file(self, method: str, params: dict[str, Any], files: dict[str, Any]) -> dict:
        if self._files_dir is None:
            self._files_dir = Path(tempfile.mkdtemp(prefix="finbot-shell-"))
        saved = []
        for name, (filename, content, *_rest) in files.items():
            path = self._files_dir / (filename or name)
            path.write_bytes(content if isinstance(content, bytes) else content.read())
            saved.append(path)
        caption = params.get("caption") or ""
        message = self._new_message(params, caption=caption)
        self._show(message)
        for path in saved:
            self.out.write(f"   [{method.removeprefix('send').lower()} saved to {path}]\n")
        return message
