"""Keeping the indexed documents in step with the documents directory.

Only files whose contents changed (by SHA-256) are read again; rows of files that
disappeared are deleted; a file that cannot be read is reported by name and skipped, and
whatever was indexed for it before is removed, since it no longer says that.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from db.models import Document, DocumentChunk
from db.unit_of_work import UnitOfWork
from services.documents.read import (
    ReadDocument,
    UnreadableDocument,
    content_hash,
    is_document,
    read_document,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncReport:
    """File names (relative to the directory, with `/`) by what happened to them."""

    indexed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unreadable: tuple[str, ...] = ()
    chunks: int = 0  # chunks written by this sync

    @property
    def changed(self) -> bool:
        return bool(self.indexed or self.removed or self.unreadable)


def document_files(directory: Path) -> dict[str, Path]:
    """The readable kinds of file under `directory`, by their relative name."""
    if not directory.is_dir():
        return {}
    return {
        path.relative_to(directory).as_posix(): path
        for path in sorted(directory.rglob("*"))
        if is_document(path) and not any(part.startswith(".") for part in path.parts)
    }


async def sync_documents(uow: UnitOfWork, *, directory: Path, now: datetime) -> SyncReport:
    """Index what changed in `directory`. Flushes; the caller commits."""
    known = {document.path: document for document in await uow.documents.indexed()}
    indexed: list[str] = []
    unchanged: list[str] = []
    unreadable: list[str] = []
    chunks = 0
    files = document_files(directory)
    for name, path in files.items():
        data = path.read_bytes()
        sha256 = content_hash(data)
        existing = known.get(name)
        if existing is not None and existing.sha256 == sha256:
            unchanged.append(name)
            continue
        try:
            read = read_document(name, data)
        except UnreadableDocument as error:
            log.warning("document %s skipped: %s", name, error)
            unreadable.append(name)
            if existing is not None:
                await uow.documents.remove(existing)
            continue
        chunks += await _store(uow, name=name, sha256=sha256, read=read, existing=existing, now=now)
        indexed.append(name)
    removed = sorted(name for name in known if name not in files)
    for name in removed:
        await uow.documents.remove(known[name])
    await uow.flush()
    return SyncReport(tuple(indexed), tuple(unchanged), tuple(removed), tuple(unreadable), chunks)


async def _store(
    uow: UnitOfWork,
    *,
    name: str,
    sha256: str,
    read: ReadDocument,
    existing: Document | None,
    now: datetime,
) -> int:
    if existing is None:
        document = Document(path=name, sha256=sha256, title=read.title, indexed_at=now)
        uow.documents.add(document)
    else:
        document = existing
        await uow.documents.delete_chunks_of(document.id)
        document.sha256, document.title, document.indexed_at = sha256, read.title, now
    document.language, document.pages = read.language, read.pages
    await uow.flush()
    uow.documents.add_chunks(
        DocumentChunk(
            document_id=document.id,
            ordinal=chunk.ordinal,
            page=chunk.page,
            heading=chunk.heading,
            text=chunk.text,
        )
        for chunk in read.chunks
    )
    return len(read.chunks)
