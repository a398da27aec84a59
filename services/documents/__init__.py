"""The operator's documents: reading PDFs, Markdown and text into passages, keeping the index
in step with the folder, and searching it."""

from services.documents.ingest import SyncReport, sync_documents
from services.documents.listing import DocumentSummary, index_fingerprint, list_documents
from services.documents.search import DocumentIndex

__all__ = [
    "DocumentIndex",
    "DocumentSummary",
    "SyncReport",
    "index_fingerprint",
    "list_documents",
    "sync_documents",
]
