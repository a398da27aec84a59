"""The operator's documents in tests: the ones shipped, and `finbot index-documents` in-process."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.cli.documents import add_document_commands, run_document_command

SHIPPED = Path(__file__).resolve().parents[2] / "documents"


async def reindex(settings, directory: Path) -> int:
    """`finbot index-documents DIRECTORY`, in this process; its exit code."""
    parser = argparse.ArgumentParser(prog="finbot")
    add_document_commands(parser.add_subparsers(dest="command"))
    arguments = parser.parse_args(["index-documents", str(directory)])
    return await run_document_command(settings, arguments)
