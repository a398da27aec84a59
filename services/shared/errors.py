"""Domain errors. Services raise them; handlers turn them into friendly text.

Each error carries a `code` that names a text in the bot's catalogue and the plain
values that text needs, so the message is rendered in the user's language.
"""

from __future__ import annotations


class DomainError(Exception):
    code = "domain_error"

    def __init__(self, **values: object) -> None:
        super().__init__(self.code, values)
        self.values = values


class NotFound(DomainError):
    code = "not_found"
