"""Alembic environment for finbot (async engines, PostgreSQL and SQLite).

Where the database comes from, first match wins:

1. ``config.attributes["connection"]``: an open *sync* ``Connection`` (what
   ``db.migrations`` passes from ``AsyncConnection.run_sync``); its transaction is
   used as is.
2. ``config.attributes["url"]``: a URL, for programmatic use outside an event loop.
3. The ``DATABASE_URL`` environment variable, default ``sqlite+aiosqlite:///finbot.db``
   (the ``alembic`` command line).
"""

from __future__ import annotations

import asyncio
import os
from logging.config import fileConfig

from sqlalchemy.engine import Connection

import db.models  # noqa: F401  (registers every table on Base.metadata)
from alembic import context
from db.base import Base
from db.engine import create_engine

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///finbot.db"

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_migrations_for_url(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_migrations)
            await connection.commit()
    finally:
        await engine.dispose()


def run_migrations_offline(url: str) -> None:
    """``alembic upgrade --sql``: print the SQL instead of running it."""
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        compare_type=True,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return

    url = config.attributes.get("url")
    if url is None:
        # Command line use: configure logging from alembic.ini, without silencing
        # loggers that already exist.
        if config.config_file_name is not None:
            fileConfig(config.config_file_name, disable_existing_loggers=False)
        url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)

    if context.is_offline_mode():
        run_migrations_offline(url)
    else:
        asyncio.run(run_migrations_for_url(url))


main()
