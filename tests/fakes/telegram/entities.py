"""Message text and entities: Telegram's HTML parse mode and entity detection in user text.

``parse_html`` follows TDLib's ``parse_html`` (td/telegram/MessageEntity.cpp): the same
supported tags, the same lenient attribute syntax and the same error texts, which the Bot API
returns as ``Bad Request: can't parse entities: <error>``.  Offsets in errors are UTF-8 byte
offsets; entity offsets/lengths are UTF-16 code units, like the Bot API's.
"""

from __future__ import annotations

import re
from typing import Any

_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "tg-emoji": "custom_emoji",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-time": "date_time",
}
# TDLib's order of entities that cover the same text (outermost first).
_PRIORITY = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 1,
    "code": 2,
    "bold": 3,
    "italic": 4,
    "underline": 5,
    "strikethrough": 6,
    "spoiler": 7,
    "text_link": 8,
    "text_mention": 8,
    "custom_emoji": 9,
    "date_time": 9,
}
_NAME_TOKEN = re.compile(r"[A-Za-z0-9.\-]")  # TDLib: an unquoted attribute value
_ENTITY_RE = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);?")
_BASIC_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class EntityParseError(ValueError):
    """The text cannot be parsed in the requested parse mode."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _decode_entity(src: str, i: int) -> tuple[str, int]:
    """Decode an HTML entity at src[i] == '&' like TDLib; unknown ones stay literal."""
    m = _ENTITY_RE.match(src, i)
    if m:
        name = m.group(1)
        if name.startswith("#"):
            code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
            if 0xD800 <= code <= 0xDFFF:
                raise EntityParseError(
                    "Text contains invalid Unicode characters after decoding HTML entities, "
                    "check for unmatched surrogate code units"
                )
            if 0 < code < 0x110000:
                return chr(code), m.end()
        elif name in _BASIC_ENTITIES:
            return _BASIC_ENTITIES[name], m.end()
    return "&", i + 1


def parse_html(src: str) -> tuple[str, list[dict[str, Any]]]:
    """Return (plain text, entities) for ``src`` in HTML parse mode or raise EntityParseError."""
    out: list[str] = []
    out_len = 0  # UTF-16 length of the text so far
    stack: list[dict[str, Any]] = []
    entities: list[dict[str, Any]] = []
    n = len(src)
    i = 0

    def byte_off(pos: int) -> int:
        return len(src[:pos].encode("utf-8"))

    def skip_spaces(j: int) -> int:
        while j < n and src[j].isspace():
            j += 1
        return j

    while i < n:
        c = src[i]
        if c == "&":
            text, i = _decode_entity(src, i)
            out.append(text)
            out_len += utf16_len(text)
            continue
        if c != "<":
            out.append(c)
            out_len += utf16_len(c)
            i += 1
            continue
        begin = i
        i += 1
        if i < n and src[i] == "/":  # end tag
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {byte_off(begin)}")
            i += 1
            j = i
            while i < n and src[i] != ">" and not src[i].isspace():
                i += 1
            end_name = src[j:i].lower()
            i = skip_spaces(i)
            if i >= n or src[i] != ">":
                raise EntityParseError(f"Unclosed end tag at byte offset {byte_off(begin)}")
            i += 1
            top = stack.pop()
            if end_name and end_name != top["tag"]:
                raise EntityParseError(
                    f"Unmatched end tag at byte offset {byte_off(begin)}, "
                    f'expected "</{top["tag"]}>", found "</{end_name}>"'
                )
            _close(top, out_len, "".join(out), entities)
            continue
        j = i
        while i < n and src[i] != ">" and not src[i].isspace():
            i += 1
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {byte_off(begin)}")
        tag = src[j:i].lower()
        if tag not in _TAG_TYPES:
            raise EntityParseError(
                f'Unsupported start tag "{tag}" at byte offset {byte_off(begin)}'
            )
        attrs: dict[str, str] = {}
        while True:
            i = skip_spaces(i)
            if i >= n:
                raise EntityParseError(
                    f'Unclosed start tag "{tag}" at byte offset {byte_off(begin)}'
                )
            if src[i] == ">":
                i += 1
                break
            a = i
            while i < n and not src[i].isspace() and src[i] not in "=>":
                i += 1
            attr = src[a:i].lower()
            if not attr:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset {byte_off(begin)}'
                )
            i = skip_spaces(i)
            if i >= n or src[i] != "=":
                attrs.setdefault(attr, "")
                continue
            i = skip_spaces(i + 1)
            if i >= n:
                raise EntityParseError(
                    f'Unclosed start tag "{tag}" at byte offset {byte_off(begin)}'
                )
            if src[i] in "'\"":
                quote = src[i]
                i += 1
                value: list[str] = []
                while i < n and src[i] != quote:
                    if src[i] == "&":
                        text, i = _decode_entity(src, i)
                        value.append(text)
                    else:
                        value.append(src[i])
                        i += 1
                if i >= n:
                    raise EntityParseError(f"Unclosed start tag at byte offset {byte_off(begin)}")
                i += 1
                attrs[attr] = "".join(value)
            else:
                a = i
                while i < n and _NAME_TOKEN.match(src[i]):
                    i += 1
                if i >= n or (src[i] != ">" and not src[i].isspace()):
                    raise EntityParseError(
                        f"Unexpected end of name token at byte offset {byte_off(a)}"
                    )
                attrs[attr] = src[a:i]
        if tag == "span" and attrs.get("class") != "tg-spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {byte_off(begin)}'
            )
        stack.append({"tag": tag, "attrs": attrs, "offset": out_len, "start": sum(map(len, out))})
    if stack:
        raise EntityParseError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1]["tag"]}"'
        )
    _merge_pre_code(entities)
    entities.sort(key=lambda e: (e["offset"], -e["length"], _PRIORITY.get(e["type"], 99)))
    return "".join(out), entities


def _merge_pre_code(entities: list[dict[str, Any]]) -> None:
    """<pre><code class="language-x"> over the same text is one pre entity with a language."""
    for code in [e for e in entities if e["type"] == "code" and "_language" in e]:
        span = (code["offset"], code["length"])
        pre = next(
            (e for e in entities if e["type"] == "pre" and (e["offset"], e["length"]) == span), None
        )
        if pre is not None:
            pre["language"] = code["_language"]
            entities.remove(code)
    for e in entities:
        e.pop("_language", None)


def _close(top: dict[str, Any], end: int, text: str, entities: list[dict[str, Any]]) -> None:
    length = end - top["offset"]
    if length <= 0:
        return
    tag, attrs = top["tag"], top["attrs"]
    entity: dict[str, Any] = {"type": _TAG_TYPES[tag], "offset": top["offset"], "length": length}
    if tag == "a":
        url = attrs.get("href") or text[top["start"] :]
        if not url or (not attrs.get("href") and (" " in url or "." not in url)):
            return
        if url.startswith("tg://user?id="):
            entity = {**entity, "type": "text_mention"}
        else:
            entity["url"] = url
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = attrs.get("emoji-id", "")
    elif tag == "blockquote" and "expandable" in attrs:
        entity["type"] = "expandable_blockquote"
    elif tag == "code":
        lang = attrs.get("class", "")
        if lang.startswith("language-") and len(lang) > len("language-"):
            entity["_language"] = lang[len("language-") :]  # used only by a matching <pre>
    elif tag == "tg-time":
        entity["unix_time"] = int(attrs.get("unix", "0") or 0)
        if attrs.get("format"):
            entity["date_time_format"] = attrs["format"]
    entities.append(entity)


_AUTO_ENTITIES = [
    ("bot_command", re.compile(r"(?<![\w/])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?")),
    ("url", re.compile(r"\bhttps?://[^\s<>\"]+")),
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}\b")),
]


def detect_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram adds to a user's plain text: bot commands, URLs, e-mails, mentions."""
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _AUTO_ENTITIES:
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: m.start()]),
                    "length": utf16_len(m.group(0)),
                }
            )
    return sorted(found, key=lambda e: e["offset"])
