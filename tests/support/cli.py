"""The operator's `finbot` commands run in-process, their settings, and their database read back."""

from __future__ import annotations

import argparse

from bot.cli.main import build_parser
from bot.cli.operator import run_operator_command
from bot.settings import Settings
from db.engine import create_engine, create_session_factory
from db.unit_of_work import UnitOfWork
from services.debts.csv_rows import DEBTS_CSV_HEADER

GOOD = "R-1,Ana Pérez,ana@example.com,+34600111222,Banco Meridiano,Préstamo,100.00,EUR,5,,,"


def parser() -> argparse.ArgumentParser:
    """The `finbot` command's own parser."""
    return build_parser()


def settings_for(database_url: str, **overrides) -> Settings:
    values = {"telegram_bot_token": None, "database_url": database_url, "currency": "EUR"}
    return Settings(_env_file=None, **(values | overrides))


async def finbot(settings: Settings, *argv: str) -> int:
    return await run_operator_command(settings, parser().parse_args(argv))


async def scalar(database_url: str, statement):
    engine = create_engine(database_url)
    try:
        async with UnitOfWork(create_session_factory(engine)) as uow:
            return await uow.session.scalar(statement)
    finally:
        await engine.dispose()


def write_csv(path, *rows: str) -> str:
    path.write_text("\n".join([",".join(DEBTS_CSV_HEADER), *rows]) + "\n", encoding="utf-8")
    return str(path)
