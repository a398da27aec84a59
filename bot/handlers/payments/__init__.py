"""Paying inside Telegram: the Pay buttons, invoices, the check before Telegram charges,
receipts and /paysupport."""

from bot.handlers.payments.checkout import handlers

__all__ = ["handlers"]
