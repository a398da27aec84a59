"""The text catalogue: every user-facing string, one module per language.

Handlers never hold literals; they ask `text(language, key, **values)`.
Values interpolated into HTML messages are escaped here, so a name like
"<Ana>" can never break the message or inject markup.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from bot.texts.en import account as account_en
from bot.texts.en import assistant as assistant_en
from bot.texts.en import debts as debts_en
from bot.texts.en import documents as documents_en
from bot.texts.en import general as en
from bot.texts.en import negotiation as negotiation_en
from bot.texts.en import payments as payments_en
from bot.texts.en import plans as plans_en
from bot.texts.en import reminders as reminders_en
from bot.texts.en import timezone as timezone_en
from bot.texts.es import account as account_es
from bot.texts.es import assistant as assistant_es
from bot.texts.es import debts as debts_es
from bot.texts.es import documents as documents_es
from bot.texts.es import general as es
from bot.texts.es import negotiation as negotiation_es
from bot.texts.es import payments as payments_es
from bot.texts.es import plans as plans_es
from bot.texts.es import reminders as reminders_es
from bot.texts.es import timezone as timezone_es

# One catalogue per language, assembled from the general texts and one module per feature.
_PARTS = {
    "es": (
        *(es, debts_es, plans_es, negotiation_es, assistant_es, account_es),
        *(documents_es, reminders_es, timezone_es, payments_es),
    ),
    "en": (
        *(en, debts_en, plans_en, negotiation_en, assistant_en, account_en),
        *(documents_en, reminders_en, timezone_en, payments_en),
    ),
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
