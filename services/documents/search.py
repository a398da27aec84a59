"""Searching the indexed documents: BM25 (bm25s) over the chunks, held in memory.

Build it once at start-up (`await DocumentIndex.load(uow)`) or from records in tests,
and build a new one after re-indexing: an index never changes, so it is safe to share
between updates. The terms are those of `services.documents.text` (accents folded,
stopwords dropped, each chunk stemmed in its language, the query in both).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np

from db.unit_of_work import UnitOfWork
from services.documents.text import document_terms, query_terms

DEFAULT_HITS = 3


@dataclass(frozen=True)
class ChunkRecord:
    """One indexed passage: where it is (file, page, heading) and what it says."""

    file: str
    page: int | None
    heading: str | None
    text: str
    language: str | None = None


@dataclass(frozen=True)
class SearchHit:
    file: str
    page: int | None
    heading: str | None
    text: str
    score: float


class DocumentIndex:
    def __init__(self, records: Sequence[ChunkRecord]) -> None:
        self._records = tuple(records)
        self._retriever: bm25s.BM25 | None = None
        self._term_ids: dict[str, int] = {}
        if not self._records:
            return
        corpus = [
            document_terms(_indexed_text(record), record.language) for record in self._records
        ]
        self._retriever = bm25s.BM25()
        self._retriever.index(corpus, show_progress=False)
        self._term_ids = {term: id_ for term, id_ in self._retriever.vocab_dict.items() if term}

    @classmethod
    async def load(cls, uow: UnitOfWork) -> DocumentIndex:
        """The index of every chunk in the database, in document and reading order."""
        return cls(
            [
                ChunkRecord(file=path, page=page, heading=heading, text=text, language=language)
                for path, language, page, heading, text in await uow.documents.chunk_rows()
            ]
        )

    def __len__(self) -> int:
        return len(self._records)

    @property
    def files(self) -> list[str]:
        return sorted({record.file for record in self._records})

    def search(self, query: str, k: int = DEFAULT_HITS) -> list[SearchHit]:
        """The `k` best passages, best first; [] when no word of the query is indexed."""
        if self._retriever is None or k <= 0:
            return []
        ids = [self._term_ids[term] for term in query_terms(query) if term in self._term_ids]
        if not ids:
            return []
        scores = self._retriever.get_scores_from_ids(ids)
        count = min(k, len(scores))
        best = np.argpartition(-scores, count - 1)[:count]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [
            self._hit(int(position), float(scores[position]))
            for position in best
            if scores[position] > 0
        ]

    def _hit(self, position: int, score: float) -> SearchHit:
        record = self._records[position]
        return SearchHit(record.file, record.page, record.heading, record.text, round(score, 3))


def _indexed_text(record: ChunkRecord) -> str:
    """The chunk's words, with its heading's when the chunk does not start with it."""
    if record.heading and record.heading not in record.text[: len(record.heading) + 10]:
        return f"{record.heading}\n{record.text}"
    return record.text
