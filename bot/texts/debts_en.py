"""Texts of the debts feature (en). Keys and placeholders match the other language."""

TEXTS: dict[str, str] = {}
