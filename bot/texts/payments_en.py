"""Texts of the payments feature (en): invoices, receipts, /paysupport."""

TEXTS: dict[str, str] = {}
