"""Run the Alembic migrations from code. Migrations are the only way the schema is made.

``alembic.ini`` and ``alembic/`` are found relative to the project root, so these
functions work from any working directory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.engine import URL, Connection

from alembic import command
from db.engine import create_engine

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"
ALEMBIC_SCRIPTS = PROJECT_ROOT / "alembic"

_AlembicCommand = Callable[[Config], None]


def alembic_config() -> Config:
    """The project's Alembic configuration, with absolute paths."""
    config = Config(str(ALEMBIC_INI))
    # ConfigParser interpolation: a literal % must be doubled.
    config.set_main_option("script_location", str(ALEMBIC_SCRIPTS).replace("%", "%%"))
    return config


def head_revision() -> str:
    """The newest revision id in ``alembic/versions``."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {ALEMBIC_SCRIPTS}")
    return head


async def upgrade_to_head(url: str | URL) -> None:
    """Bring the database at ``url`` to the newest schema (no-op if it is there)."""
    await _run_alembic(url, lambda config: command.upgrade(config, "head"))


async def downgrade_to(url: str | URL, revision: str = "base") -> None:
    """Downgrade the database at ``url`` to ``revision`` (``"base"``: drop everything)."""
    await _run_alembic(url, lambda config: command.downgrade(config, revision))


async def current_revision(url: str | URL) -> str | None:
    """The revision the database at ``url`` is at, ``None`` if it was never migrated."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync_connection: MigrationContext.configure(
                    sync_connection
                ).get_current_revision()
            )
    finally:
        await engine.dispose()


# Replicas starting together migrate one at a time (PostgreSQL): the others wait, then
# find the schema current.
MIGRATION_LOCK_KEY = 0x66696E626F74  # "finbot"


async def _run_alembic(url: str | URL, run: _AlembicCommand) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                await connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
            await connection.run_sync(_with_connection, run)
    finally:
        await engine.dispose()


def _with_connection(connection: Connection, run: _AlembicCommand) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    run(config)
