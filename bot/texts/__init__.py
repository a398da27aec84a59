"""The text catalogue: every user-facing string, one package per language (`es/`, `en/`),
one module per feature.

Handlers never hold literals; they ask `text(language, key, **values)`.
Values interpolated into HTML messages are escaped here, so a name like
"<Ana>" can never break the message or inject markup.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from importlib import import_module

# One catalogue per language (`es/`, `en/`), assembled from these modules of each.
PARTS = (
    "general",
    "debts",
    "plans",
    "negotiation",
    "assistant",
    "account",
    "documents",
    "reminders",
    "timezone",
    "payments",
)
_PARTS = {
    language: [import_module(f"bot.texts.{language}.{part}") for part in PARTS]
    for language in ("es", "en")
}


def _merge(modules) -> dict[str, str]:
    merged: dict[str, str] = {}
    for module in modules:
        clash = merged.keys() & module.TEXTS.keys()
        if clash:
            raise RuntimeError(f"text keys defined twice: {sorted(clash)}")
        merged.update(module.TEXTS)
    return merged


CATALOGUES: Mapping[str, Mapping[str, str]] = {
    language: _merge(modules) for language, modules in _PARTS.items()
}
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
