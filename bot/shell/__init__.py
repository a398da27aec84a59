"""`finbot shell`: the real Application and handlers, in a terminal, with no Telegram."""
