"""The text catalogue: every user-facing string, one module per language.

Handlers never hold literals; they ask `text(language, key, **values)`.
Values interpolated into HTML messages are escaped here, so a name like
"<Ana>" can never break the message or inject markup.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from bot.texts import en, es

CATALOGUES: Mapping[str, Mapping[str, str]] = {"es": es.TEXTS, "en": en.TEXTS}
LANGUAGES = tuple(CATALOGUES)


def normalise_language(code: str | None, default: str) -> str:
    """Map a Telegram `language_code` such as 'es-ES' or 'en' onto a supported language."""
    if code:
        primary = code.split("-")[0].split("_")[0].lower()
        if primary in CATALOGUES:
            return primary
    return default


def text(language: str, key: str, /, **values: object) -> str:
    """The message `key` in `language`, with `values` HTML-escaped and filled in."""
    template = CATALOGUES[language][key]
    if not values:
        return template
    escaped = {name: _escape(value) for name, value in values.items()}
    return template.format(**escaped)


def _escape(value: object) -> object:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    return value
