"""The operator's documents in a running bot: indexed at start-up, searched in memory, and
reloaded when the index in the database changes (`finbot index-documents`, or another
replica's start-up), checked every DOCUMENTS_REFRESH_SECONDS."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path

from db.errors import ConstraintViolated
from db.unit_of_work import UnitOfWork
from services.documents import DocumentIndex, SyncReport, index_fingerprint, sync_documents
from services.shared import Clock

log = logging.getLogger(__name__)


class DocumentShelf:
    """The current index. A new index replaces the old one whole, so an update that is
    searching keeps a consistent index."""

    def __init__(self, unit_of_work: Callable[[], UnitOfWork]) -> None:
        self._unit_of_work = unit_of_work
        self.index = DocumentIndex([])
        self._fingerprint: frozenset[tuple[str, str]] | None = None

    async def reload_if_changed(self) -> bool:
        """Rebuild the index if the database holds other documents than it was built
        from. Returns whether it did."""
        async with self._unit_of_work() as uow:
            fingerprint = await index_fingerprint(uow)
            if fingerprint == self._fingerprint:
                return False
            index = await DocumentIndex.load(uow)
        self.index, self._fingerprint = index, fingerprint
        log.info("documents: %d passages from %d files in the index", len(index), len(index.files))
        return True


async def index_at_start(
    directory: Path, unit_of_work: Callable[[], UnitOfWork], clock: Clock
) -> SyncReport | None:
    """Bring the index in step with `directory`; None when it is not there (the index is
    then kept as it is: a mistyped DOCUMENTS_DIR must not empty it)."""
    if not await asyncio.to_thread(directory.is_dir):
        log.warning("documents: %s is not a directory; the index is left as it was", directory)
        return None
    try:
        async with unit_of_work() as uow:
            report = await sync_documents(uow, directory=directory, now=clock())
            await uow.commit()
    except ConstraintViolated:
        # Another replica indexed the same files at the same moment; theirs stands.
        log.info("documents: indexed by another process while starting; using theirs")
        return None
    for name in report.unreadable:
        log.warning("documents: %s could not be read and was skipped", name)
    if report.changed:
        log.info(
            "documents: %d indexed, %d unchanged, %d removed, %d unreadable",
            len(report.indexed),
            len(report.unchanged),
            len(report.removed),
            len(report.unreadable),
        )
    return report
