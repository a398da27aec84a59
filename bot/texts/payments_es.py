"""Texts of the payments feature (es): invoices, receipts, /paysupport."""

TEXTS: dict[str, str] = {}
