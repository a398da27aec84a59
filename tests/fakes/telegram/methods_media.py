"""Files and payments: sendPhoto, sendDocument, getFile, sendInvoice, answerPreCheckoutQuery."""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Any

from .methods_common import (
    Params,
    api_method,
    caption_of,
    check_reply_markup,
    reply_target,
    send_target,
)
from .models import Chat, StoredFile, StoredMessage, bad_request

if TYPE_CHECKING:
    from .server import FakeTelegram

QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, GIF or JPEG image, or None if it is none of those."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return struct.unpack(">II", data[16:24])
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        return struct.unpack("<HH", data[6:10])
    if data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            if data[i] != 0xFF:
                i += 1
                continue
            marker = data[i + 1]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                h, w = struct.unpack(">HH", data[i + 5 : i + 9])
                return w, h
            i += 2 + struct.unpack(">H", data[i + 2 : i + 4])[0]
        return 1, 1
    return None


def input_file(fake: FakeTelegram, p: Params, key: str, kind: str) -> StoredFile:
    """The file named by field ``key``: an upload, an attach:// part, a file_id or a URL."""
    upload = p.files.get(key)
    value = p.string(key)
    if upload is None and value is not None and value.startswith("attach://"):
        upload = p.files.get(value[len("attach://") :])
    if upload is not None:
        if not upload.data:
            raise bad_request("file must be non-empty")
        return fake.store_file(
            upload.data, kind, file_name=upload.filename, mime_type=upload.content_type
        )
    if value is None:
        raise bad_request(f"there is no {key} in the request")
    if value in fake.files:
        return fake.files[value]
    if value.startswith(("http://", "https://")):
        name = value.rstrip("/").rsplit("/", 1)[-1] or None
        return fake.store_file(b"", kind, file_name=name, url=value)
    raise bad_request("wrong file identifier/HTTP URL specified")


def _media_message(
    fake: FakeTelegram, chat: Chat, p: Params, media: dict[str, Any]
) -> StoredMessage:
    raw, plain, ents = caption_of(p)
    markup = p.obj("reply_markup")
    check_reply_markup(markup)
    msg = fake.add_message(
        chat,
        caption=raw,
        parse_mode=p.string("parse_mode"),
        plain_caption=plain,
        caption_entities=ents,
        media=media,
        reply_markup=markup,
        reply_to=reply_target(fake, chat, p),
        params=dict(p.raw),
    )
    fake.track_reply_keyboard(chat.id, markup)
    return msg


@api_method("sendPhoto")
async def send_photo(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    chat = send_target(fake, p)
    stored = input_file(fake, p, "photo", "photo")
    size = image_size(stored.data) if stored.data else (512, 512)
    if size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    photo = [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": size[0],
            "height": size[1],
            "file_size": len(stored.data),
        }
    ]
    return _media_message(fake, chat, p, {"photo": photo}).wire()


@api_method("sendDocument")
async def send_document(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    chat = send_target(fake, p)
    stored = input_file(fake, p, "document", "document")
    document: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return _media_message(fake, chat, p, {"document": document}).wire()


@api_method("getFile")
async def get_file(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    stored = fake.files.get(p.require("file_id"))
    if stored is None:
        raise bad_request("invalid file_id")
    return stored.wire()


@api_method("sendInvoice")
async def send_invoice(fake: FakeTelegram, p: Params) -> dict[str, Any]:
    chat = send_target(fake, p)
    prices = p.obj("prices") or []
    if not prices:
        raise bad_request("prices must be non-empty")
    currency = p.require("currency")
    if currency != "XTR" and not p.string("provider_token"):
        raise bad_request("PAYMENT_PROVIDER_INVALID")
    markup = p.obj("reply_markup")
    check_reply_markup(markup)
    invoice = {
        "title": p.require("title"),
        "description": p.require("description"),
        "start_parameter": p.string("start_parameter", ""),
        "currency": currency,
        "total_amount": sum(int(price["amount"]) for price in prices),
    }
    msg = fake.add_message(
        chat,
        media={"invoice": invoice},
        reply_markup=markup,
        reply_to=reply_target(fake, chat, p),
        params=dict(p.raw),
    )
    return msg.wire()


@api_method("answerPreCheckoutQuery")
async def answer_pre_checkout_query(fake: FakeTelegram, p: Params) -> bool:
    record = fake.pre_checkout_queries.get(p.require("pre_checkout_query_id"))
    if record is None or record.answer is not None:
        raise bad_request(QUERY_INVALID)
    ok = p.flag("ok")
    if not ok and not p.string("error_message"):
        raise bad_request("ERROR_MESSAGE_EMPTY")
    record.answer = {"ok": ok, "error_message": p.string("error_message")}
    if ok:
        n = fake.new_id()
        payment = {
            "currency": record.payload["currency"],
            "total_amount": record.payload["total_amount"],
            "invoice_payload": record.payload["invoice_payload"],
            "telegram_payment_charge_id": f"fake_tg_charge_{n}",
            "provider_payment_charge_id": f"fake_provider_charge_{n}",
        }
        chat = record.invoice_message.chat
        msg = fake.add_message(chat, from_user=record.user, media={"successful_payment": payment})
        fake.push_update("message", msg.wire())
    return True
