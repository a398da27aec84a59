"""What the operator's file commands share: opening a UTF-8 file (read as a stream by the
services), and saying on stderr what was wrong with it, line by line.

The commands import the services and the database when they run, not when `finbot` starts,
so that `finbot --help` answers at once."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import Settings
    from db.unit_of_work import UnitOfWork
    from services.debts import RowProblem

MAX_REPORTED_PROBLEMS = 50


def fail(message: str) -> None:
    print(f"finbot: {message}", file=sys.stderr)


def not_utf8(source: Path, line: object) -> None:
    fail(f"{source} was not imported: line {line} is not UTF-8 text")


def readable(source: Path) -> bool:
    """Whether the file can be opened, after saying why not; it is read as a stream."""
    try:
        with source.open("rb"):
            return True
    except OSError as error:
        fail(f"cannot read {source}: {error.strerror or error}")
        return False


def report_problems(source: Path, problems: tuple[RowProblem, ...]) -> None:
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    lines = [f"finbot: nothing was imported from {source}: {count} {noun}"]
    lines += [f"  line {p.line}: {p.reason}" for p in problems[:MAX_REPORTED_PROBLEMS]]
    if count > MAX_REPORTED_PROBLEMS:
        lines.append(f"  and {count - MAX_REPORTED_PROBLEMS} more")
    print("\n".join(lines), file=sys.stderr)


async def import_all_or_nothing(
    settings: Settings,
    source: Path,
    problems: tuple[RowProblem, ...],
    apply: Callable[[UnitOfWork], Awaitable[Any]],
) -> Any | None:
    """Check, migrate, then `apply` the file in one unit of work; its report, or None
    after saying on stderr why nothing was imported."""
    if problems:
        report_problems(source, problems)
        return None
    from bot.app import migrated_database
    from db.errors import ConstraintViolated
    from services.debts import ImportRejected
    from services.shared import NotUtf8Text

    try:
        async with migrated_database(settings) as database, database.unit_of_work() as uow:
            report = await apply(uow)
            await uow.commit()
    except ImportRejected as rejected:
        report_problems(source, rejected.values["problems"])  # type: ignore[arg-type]
        return None
    except NotUtf8Text as wrong:
        not_utf8(source, wrong.values["line"])
        return None
    except ConstraintViolated:
        fail(f"the database changed while importing {source}; nothing was imported, try again")
        return None
    return report
