"""What never reaches a log, at any level: the bot token (also inside a Bot API URL),
phone numbers, emails, `sk-` keys, and what a person wrote or is called where it appears
as a field of a logged payload (an update's `first_name`, a contact's `phone_number`,
a message's `text`). `redact` works on the finished line: the message with its
arguments filled in, and the traceback of any exception."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

REDACTED = "[redacted]"

# Fields of Telegram payloads (as JSON, as a dict's repr, or as PTB's `Name(field=...)`
# repr) and of finbot's own rows whose values are a person's words, name or contact.
_PERSONAL_FIELDS = (
    "first_name",
    "last_name",
    "full_name",
    "debtor_name",
    "username",
    "phone_number",
    "phone",
    "email",
    "text",
    "caption",
    "vcard",
    "api_key",
)
_FIELD = re.compile(
    r"""(?P<key>["']?\b(?:"""
    + "|".join(_PERSONAL_FIELDS)
    + r""")\b["']?\s*[:=]\s*)(?P<quote>["'])(?:\\.|(?!(?P=quote)).)*(?P=quote)""",
    re.DOTALL,
)
# (a substring every match holds, so most lines skip the pattern; the pattern; its mark)
_PATTERNS = (
    # A bot token: the bot's id, a colon and 35 characters; in a URL it follows "/bot".
    (":", re.compile(r"(?<!\d)\d{5,12}:[A-Za-z0-9_-]{30,}"), "[bot token]"),
    ("sk-", re.compile(r"(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{12,}"), "sk-[redacted]"),
    ("@", re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # International: +34 600 111 222, +34600111222, 0034600111222.
    ("", re.compile(r"(?<![\w+])(?:\+|00)[1-9](?:[\s().-]?\d){6,14}(?!\d)"), "[phone]"),
    # National, written in groups: 600 111 222, 600-11-12-22, (600) 111 222.
    ("", re.compile(r"(?<![\w+.-])\(?[6789]\d{2}\)?(?:[ .-]\d{2,3}){2,3}(?![\d.-]?\d)"), "[phone]"),
)


def redact(line: str, secrets: Iterable[str] = ()) -> str:
    """`line` without any of `secrets` or the personal data described above."""
    for secret in secrets:
        if secret and secret in line:
            line = line.replace(secret, REDACTED)
    if any(field in line for field in _PERSONAL_FIELDS):
        line = _FIELD.sub(lambda m: f"{m['key']}{m['quote']}{REDACTED}{m['quote']}", line)
    for hint, pattern, replacement in _PATTERNS:
        if hint in line:
            line = pattern.sub(replacement, line)
    return line


class RedactingFilter(logging.Filter):
    """On a handler: fills in each record's message, formats its exception, and redacts
    both, so no formatter (text or JSON) sees the original."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = tuple(secret for secret in secrets if secret)
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage(), self._secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self._secrets)
        return True
