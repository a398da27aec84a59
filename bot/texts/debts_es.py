"""Texts of the debts feature (es). Keys and placeholders match the other language."""

TEXTS: dict[str, str] = {}
