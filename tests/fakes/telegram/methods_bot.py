"""The bot itself: identity, updates and webhooks, commands, descriptions, menu button,
and answers to callback queries."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from .methods_common import Params, api_method
from .methods_media import QUERY_INVALID
from .models import ApiError, bad_request

if TYPE_CHECKING:
    from .server import FakeTelegram

_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_SECRET_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]*")


@api_method("getMe")
async def get_me(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    return dict(fake.bot_user)


@api_method("getUpdates")
async def get_updates(fake: FakeTelegram, p: Params) -> list[dict[str, Any]]:
    if fake.webhook["url"]:
        raise ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
    allowed = p.obj("allowed_updates")
    return await fake.updates.get(
        p.integer("offset"), p.integer("limit"), float(p.integer("timeout") or 0), allowed
    )


@api_method("setWebhook")
async def set_webhook(fake: FakeTelegram, p: Params) -> bool:
    url = p.require("url")
    if url and not url.startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret_token = p.string("secret_token") or None
    if secret_token and len(secret_token) > 256:
        raise bad_request("secret token is too long")
    if secret_token and not _SECRET_TOKEN_RE.fullmatch(secret_token):
        raise bad_request("secret token contains unallowed characters")
    fake.webhook = {"url": url, "allowed_updates": p.obj("allowed_updates")}
    fake.updates.set_allowed(p.obj("allowed_updates"))
    if p.flag("drop_pending_updates"):
        fake.updates.drop_pending()
    max_connections = min(max(p.integer("max_connections") or 40, 1), 100)
    fake.webhooks.configure(url, secret_token, max_connections)
    return True


@api_method("deleteWebhook")
async def delete_webhook(fake: FakeTelegram, p: Params) -> bool:
    fake.webhook = {"url": ""}
    if p.flag("drop_pending_updates"):
        fake.updates.drop_pending()
    fake.webhooks.delete()
    return True


@api_method("getWebhookInfo")
async def get_webhook_info(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    info = {
        "url": fake.webhook["url"],
        "has_custom_certificate": False,
        "pending_update_count": len(fake.updates.pending),
    }
    sender = fake.webhooks
    if sender.url:
        info["max_connections"] = sender.max_connections
    if sender.last_error_date is not None:
        info["last_error_date"] = sender.last_error_date
        info["last_error_message"] = sender.last_error_message
    if fake.updates.allowed is not None:
        info["allowed_updates"] = fake.updates.allowed
    return info


@api_method("close")
async def close(fake: FakeTelegram, p: Params) -> bool:
    return True


@api_method("logOut")
async def log_out(fake: FakeTelegram, p: Params) -> bool:
    return True


def _scope_key(p: Params) -> tuple[str, str]:
    scope = p.obj("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), p.string("language_code") or ""


@api_method("setMyCommands")
async def set_my_commands(fake: FakeTelegram, p: Params) -> bool:
    commands = p.obj("commands") or []
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not _COMMAND_RE.fullmatch(str(command.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    key = _scope_key(p)
    if commands:
        fake.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
    else:
        fake.commands.pop(key, None)
    return True


@api_method("getMyCommands")
async def get_my_commands(fake: FakeTelegram, p: Params) -> list[dict[str, Any]]:
    return list(fake.commands.get(_scope_key(p), []))


@api_method("deleteMyCommands")
async def delete_my_commands(fake: FakeTelegram, p: Params) -> bool:
    fake.commands.pop(_scope_key(p), None)
    return True


def _set_text(store: dict[str, str], p: Params, key: str, limit: int) -> bool:
    value = p.string(key, "") or ""
    if len(value) > limit:
        raise bad_request(f"{key} is too long")
    language = p.string("language_code") or ""
    if value:
        store[language] = value
    else:
        store.pop(language, None)
    return True


def _get_text(store: dict[str, str], p: Params) -> str:
    language = p.string("language_code") or ""
    return store.get(language, store.get("", ""))


@api_method("setMyDescription")
async def set_my_description(fake: FakeTelegram, p: Params) -> bool:
    return _set_text(fake.descriptions, p, "description", 512)


@api_method("getMyDescription")
async def get_my_description(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    return {"description": _get_text(fake.descriptions, p)}


@api_method("setMyShortDescription")
async def set_my_short_description(fake: FakeTelegram, p: Params) -> bool:
    return _set_text(fake.short_descriptions, p, "short_description", 120)


@api_method("getMyShortDescription")
async def get_my_short_description(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    return {"short_description": _get_text(fake.short_descriptions, p)}


@api_method("setMyName")
async def set_my_name(fake: FakeTelegram, p: Params) -> bool:
    return _set_text(fake.names, p, "name", 64)


@api_method("getMyName")
async def get_my_name(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    return {"name": _get_text(fake.names, p) or fake.bot_user["first_name"]}


@api_method("setChatMenuButton")
async def set_chat_menu_button(fake: FakeTelegram, p: Params) -> bool:
    chat_id = p.integer("chat_id")
    if chat_id is not None:
        chat = fake.get_chat(chat_id)
        if chat.type != "private":
            raise bad_request("chat must be a private chat")
    fake.menu_buttons[chat_id] = p.obj("menu_button") or {"type": "default"}
    return True


@api_method("getChatMenuButton")
async def get_chat_menu_button(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    chat_id = p.integer("chat_id")
    button = fake.menu_buttons.get(chat_id) if chat_id is not None else None
    return button or fake.menu_buttons.get(None) or {"type": "commands"}


@api_method("answerCallbackQuery")
async def answer_callback_query(fake: FakeTelegram, p: Params) -> bool:
    record = fake.callback_queries.get(p.require("callback_query_id"))
    if record is None or record.answered:
        raise bad_request(QUERY_INVALID)
    text = p.string("text")
    if text is not None and len(text) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    record.answer = {
        "text": text,
        "show_alert": p.flag("show_alert"),
        "url": p.string("url"),
        "cache_time": p.integer("cache_time"),
    }
    return True
