"""Paying inside Telegram: Pay buttons' invoices, pre-checkout checks, successful
payments, /paysupport."""

from __future__ import annotations


def handlers(*, group: int) -> list:
    return []
