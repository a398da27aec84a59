"""Texts of the plans feature (en). Keys and placeholders match the other language."""

TEXTS: dict[str, str] = {}
