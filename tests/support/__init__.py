"""Helpers shared by several test modules, one module a topic (`bot` and `database` are plugins)."""
