"""What the bot knows: the indexed documents as a person would list them, and a cheap
fingerprint of the index, so a running bot notices that someone re-indexed."""

from __future__ import annotations

from dataclasses import dataclass

from db.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class DocumentSummary:
    file: str
    title: str
    language: str | None
    pages: int  # 0 for Markdown and plain text


async def list_documents(uow: UnitOfWork) -> list[DocumentSummary]:
    """Every indexed document, by title."""
    summaries = [DocumentSummary(*row) for row in await uow.documents.summary_rows()]
    return sorted(summaries, key=lambda summary: (summary.title.casefold(), summary.file))


async def index_fingerprint(uow: UnitOfWork) -> frozenset[tuple[str, str]]:
    """(file, content hash) of every indexed document: it changes when any is re-indexed,
    added or removed."""
    return frozenset(await uow.documents.content_hashes())
