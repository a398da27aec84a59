"""`finbot index-documents [DIRECTORY]`: bring the document index in step with the
operator's documents. Exit code 0 when every file was read, 1 when some could not be
(they are named on stderr and skipped; the rest is indexed), 2 when there is no such
directory. Running bots reload the index within DOCUMENTS_REFRESH_SECONDS."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings
    from services.documents import SyncReport

DOCUMENT_COMMANDS = ("index-documents",)


def add_document_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    indexer = commands.add_parser(
        "index-documents",
        help="index the operator's documents for the assistant (only what changed)",
        description="Read the PDF, Markdown and text files in DIRECTORY (default: "
        "DOCUMENTS_DIR) and index them for the assistant's search. Unchanged files are "
        "skipped, deleted files leave the index, and a file that cannot be read is named "
        "and skipped. Running bots pick up the new index within DOCUMENTS_REFRESH_SECONDS.",
    )
    indexer.add_argument(
        "directory", metavar="DIRECTORY", nargs="?", type=Path, help="the documents folder"
    )


async def run_document_command(settings: Settings, arguments: argparse.Namespace) -> int:
    directory: Path = arguments.directory or settings.documents_dir
    if not await asyncio.to_thread(directory.is_dir):
        print(f"finbot: {directory} is not a directory (see DOCUMENTS_DIR)", file=sys.stderr)
        return 2
    from bot.app import migrated_database
    from services.documents import sync_documents
    from services.shared import system_clock

    async with migrated_database(settings) as database, database.unit_of_work() as uow:
        report = await sync_documents(uow, directory=directory, now=system_clock())
        await uow.commit()
    print(summary(directory, report))
    for name in report.unreadable:
        print(f"finbot: {name} could not be read and was skipped", file=sys.stderr)
    return 1 if report.unreadable else 0


def summary(directory: Path, report: SyncReport) -> str:
    lines = [
        f"documents in {directory}: {len(report.indexed)} indexed ({_passages(report.chunks)}), "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed, "
        f"{len(report.unreadable)} unreadable"
    ]
    for label, names in (("indexed", report.indexed), ("removed", report.removed)):
        lines += [f"  {label}: {name}" for name in names]
    return "\n".join(lines)


def _passages(count: int) -> str:
    return f"{count} passage" if count == 1 else f"{count} passages"
