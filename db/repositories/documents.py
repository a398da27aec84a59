"""The operator's indexed documents and their passages."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Row, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Document, DocumentChunk


class DocumentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def indexed(self) -> list[Document]:
        """Every indexed document, without its chunks."""
        return list((await self.session.scalars(select(Document))).all())

    def add(self, document: Document) -> None:
        self.session.add(document)

    def add_chunks(self, chunks: Iterable[DocumentChunk]) -> None:
        self.session.add_all(chunks)

    async def delete_chunks_of(self, document_id: int) -> None:
        await self.session.execute(
            delete(DocumentChunk).where(DocumentChunk.document_id == document_id)
        )

    async def remove(self, document: Document) -> None:
        """The document and its chunks."""
        await self.delete_chunks_of(document.id)
        await self.session.delete(document)

    # Plain rows, no ORM objects: these are read while the bot runs.

    async def summary_rows(self) -> list[Row]:
        """(path, title, language, pages) of every indexed document, in no order."""
        rows = await self.session.execute(
            select(Document.path, Document.title, Document.language, Document.pages)
        )
        return list(rows)

    async def content_hashes(self) -> list[tuple[str, str]]:
        """(path, sha256) of every indexed document."""
        rows = await self.session.execute(select(Document.path, Document.sha256))
        return [(path, sha256) for path, sha256 in rows]

    async def chunk_rows(self) -> list[Row]:
        """(path, language, page, heading, text) of every chunk, in document and reading
        order."""
        rows = await self.session.execute(
            select(
                Document.path,
                Document.language,
                DocumentChunk.page,
                DocumentChunk.heading,
                DocumentChunk.text,
            )
            .join(DocumentChunk.document)
            .order_by(Document.path, DocumentChunk.ordinal)
        )
        return list(rows)
