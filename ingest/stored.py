"""What is done to documents already stored: archived originals, deletes, metadata
corrections (re-reading their records), and older versions left by an interrupted update."""

from __future__ import annotations

import logging
import shutil
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ingest.clean import clean_text
from ingest.loaders import load_document
from ingest.metadata import detect_metadata
from ingest.models import Limits
from ingest.overrides import apply_overrides
from ingest.prepare import document_records, meta_changes, stored_overrides
from ingest.report import FileResult
from vectorstore.records import RecordStore
from vectorstore.store import ChunkStore

log = logging.getLogger(__name__)


class StoredDocuments:
    """Operations on stored documents, their records and their archived originals."""

    store: ChunkStore
    records: RecordStore | None
    archive_dir: Path | None
    limits: Limits

    def drop_superseded(self) -> int:
        """Delete older versions of a file whose newer version was completely written (an update
        killed before it removed the old one); returns how many."""
        by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for doc in self.store.list_documents():
            by_source[str(doc.get("source", ""))].append(doc)
        dropped = 0
        for source, docs in by_source.items():
            for old in sorted(docs, key=lambda d: str(d.get("added_at", "")))[:-1]:
                log.warning("removing superseded version %s of %s", old["doc_id"], source)
                self.delete(str(old["doc_id"]))
                dropped += 1
        return dropped

    def archived_path(self, doc_id: str, source: str) -> Path | None:
        """Where the original file of a document is kept (for re-indexing), if archiving is on."""
        if self.archive_dir is None:
            return None
        return self.archive_dir / f"{doc_id}{Path(source).suffix.lower()}"

    def _archive(self, path: Path, doc_id: str) -> None:
        """Keep a copy of the original file under its document id (never under its own name)."""
        target = self.archived_path(doc_id, path.name)
        if target is not None and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)

    def delete(self, doc_id: str) -> bool:
        """Remove a document, its chunks and its archived original."""
        record = self.store.get_document(doc_id)
        existed = self.store.delete_document(doc_id)
        if self.records is not None:
            self.records.delete_document(doc_id)
        target = self.archived_path(doc_id, str((record or {}).get("source", "")))
        if target is not None:
            target.unlink(missing_ok=True)
        return existed

    def relabel(self, doc_id: str, overrides: Mapping[str, object]) -> dict[str, Any]:
        """Correct a stored document's metadata (validated); returns the changed fields."""
        stored = self.store.get_document(doc_id)
        if stored is None:
            raise KeyError(f"no document with id {doc_id}")
        changes = {k: v for k, v in meta_changes(overrides).items() if stored.get(k) != v}
        if changes:
            self.store.update_document(doc_id, {**stored, **changes})
            self.refresh_records(doc_id)
        return changes

    def refresh_records(self, doc_id: str) -> None:
        """Re-extract a document's records from its archived original (after a relabel)."""
        record = self.store.get_document(doc_id)
        path = self.archived_path(doc_id, str((record or {}).get("source", "")))
        if self.records is None or record is None or path is None or not path.is_file():
            return
        raw = load_document(path, self.limits.max_bytes, self.limits)
        meta = apply_overrides(
            detect_metadata(raw, str(record.get("source", "")), doc_id), stored_overrides(record)
        )
        self.records.replace_document(doc_id, document_records(clean_text(raw), meta))

    def _unchanged_or_relabel(
        self, path: Path, doc_id: str, explicit: Mapping[str, object]
    ) -> FileResult:
        """Same content already stored: apply explicit metadata changes, else do nothing."""
        stored = self.store.get_document(doc_id) or {}
        changes = {k: v for k, v in meta_changes(explicit).items() if stored.get(k) != v}
        if not changes:
            return FileResult(path, "unchanged", doc_id, int(stored.get("chunks", 0)))
        self.store.update_document(doc_id, {**stored, **changes})
        log.info("updated metadata of %s: %s", path.name, sorted(changes))
        return FileResult(path, "updated", doc_id, int(stored.get("chunks", 0)))
