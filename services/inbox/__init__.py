"""The webhook inbox: updates recorded before Telegram hears they arrived, handled once and in
order per chat."""

from services.inbox.updates import UpdateInbox

__all__ = ["UpdateInbox"]
