"""Declarative base and the metadata naming convention shared by all models."""

from __future__ import annotations

from sqlalchemy import MetaData
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase

# Deterministic constraint names, so that migrations can refer to (and drop) them
# on every engine, and so autogenerate output is stable. Every name stays within
# PostgreSQL's 63-character identifier limit (checked by tests/db).
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(AsyncAttrs, DeclarativeBase):
    """Base class of every finbot model.

    ``AsyncAttrs`` gives ``await obj.awaitable_attrs.<relationship>`` for the rare
    case where a relationship was not eagerly loaded.
    """

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
