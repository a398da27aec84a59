"""One module per feature; `all_handlers` is the ordered list the composition root registers."""

from __future__ import annotations

from telegram.ext import BaseHandler

from bot.handlers import fallback, private_only, start


def all_handlers() -> list[tuple[int, BaseHandler]]:
    """(group, handler) pairs. Group -10 runs first and may stop everything after it.

    Within a group the first matching handler wins, so the fallbacks come last.
    """
    return [
        *private_only.handlers(group=-10),
        *start.handlers(group=0),
        *fallback.handlers(group=0),
    ]
