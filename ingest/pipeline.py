"""Files → load → clean → metadata → chunk → embed → write, idempotently, one document at a time."""

from __future__ import annotations

import hashlib
import logging
import shutil
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.chunker import chunk_document
from ingest.clean import CleanDocument, clean_text
from ingest.loaders import SUPPORTED_EXTENSIONS, load_document
from ingest.locate import place_fields
from ingest.metadata import apply_overrides, detect_metadata, load_sidecar, validate_overrides
from ingest.models import Chunk, DocumentMeta, IngestError, Limits
from ingest.records import extract_records
from vectorstore.faults import crash_point
from vectorstore.records import RecordStore
from vectorstore.store import ChunkStore

log = logging.getLogger(__name__)

STAGES = ("load", "clean", "chunk", "embed", "write")
Progress = Callable[[int, int, str], None]  # (done, total, current file name)


@dataclass
class FileResult:
    """Outcome of one file: added / updated / unchanged / failed."""

    path: Path
    status: str
    doc_id: str = ""
    chunks: int = 0
    error: str = ""
    source: str = ""  # the name the document is stored under (the archive copy has another)

    @property
    def name(self) -> str:
        """The file name to show the user."""
        return self.source or self.path.name


@dataclass
class IngestReport:
    """Per-file results plus seconds spent in each stage."""

    results: list[FileResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def count(self, status: str) -> int:
        """Number of files with this status."""
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[FileResult]:
        """Results of files that could not be ingested."""
        return [r for r in self.results if r.status == "failed"]

    def summary(self) -> str:
        """One line: '新增 2 · 更新 1 · 未变 3 · 失败 1'."""
        parts = ("added", "新增"), ("updated", "更新"), ("unchanged", "未变"), ("failed", "失败")
        return " · ".join(f"{label} {self.count(key)}" for key, label in parts)


def content_hash(text: str) -> str:
    """Document id: first 16 hex digits of the SHA-256 of the decoded text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Expand folders into supported files; missing paths and empty folders become failures."""
    files: list[Path] = []
    failures: list[FileResult] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS
            )
            if not found:
                reason = f"no supported documents in folder ({', '.join(SUPPORTED_EXTENSIONS)})"
                failures.append(FileResult(path, "failed", error=f"{path}: {reason}"))
            files += found
        elif path.exists():
            files.append(path)
        else:
            failures.append(FileResult(path, "failed", error=f"{path}: file not found"))
    return list(dict.fromkeys(files)), failures


def embedding_text(meta: Mapping[str, Any], chunk: Chunk) -> str:
    """What is embedded: city, title and section path give each passage its context."""
    return f"{meta.get('city', '')} {meta.get('title', '')} | {chunk.section}\n{chunk.text}"


def chunk_metadata(meta: DocumentMeta, chunk: Chunk) -> dict[str, Any]:
    """Metadata stored with each chunk (document fields plus provenance)."""
    return {
        **meta_record(meta),
        "chunk": chunk.index,
        "section": chunk.section,
        "start": chunk.start,
        "end": chunk.end,
        "tokens": chunk.tokens,
        "kind": chunk.kind,
    }


def meta_record(meta: DocumentMeta) -> dict[str, Any]:
    """Document fields as Chroma-storable metadata (None dropped, years also as text)."""
    record = {k: v for k, v in meta.to_dict().items() if v not in (None, [])}
    record["years_text"] = ",".join(str(y) for y in meta.years)
    record["revised"] = ",".join(meta.revised)
    return record


class Ingestor:
    """Ingests files into a ChunkStore; a failure affects only its own file."""

    def __init__(
        self,
        store: ChunkStore,
        chunk_tokens: int = 480,
        overlap_sentences: int = 1,
        max_bytes: int = 50 * 1024 * 1024,
        embed_batch_size: int = 32,
        archive_dir: Path | None = None,
        records: RecordStore | None = None,
        limits: Limits | None = None,
    ) -> None:
        self.store = store
        self.archive_dir = archive_dir
        self.records = records
        self.chunk_tokens = chunk_tokens
        self.overlap = overlap_sentences
        self.limits = limits or Limits(max_bytes=max_bytes)
        self.max_bytes = self.limits.max_bytes
        self.embed_batch_size = embed_batch_size

    def ingest(
        self,
        paths: Iterable[Path],
        overrides: Mapping[str, object] | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest files and folders; returns a report (never raises for a bad file)."""
        report = IngestReport()
        files, report.results = collect_files(paths)
        checked = validate_overrides(overrides or {})
        self.store.repair()
        self.drop_superseded()
        for n, path in enumerate(files):
            if progress:
                progress(n, len(files), path.name)
            report.results.append(self._ingest_one(path, checked, report.timings))
        if progress:
            progress(len(files), len(files), "")
        return report

    def _ingest_one(
        self, path: Path, overrides: Mapping[str, object], timings: dict[str, float]
    ) -> FileResult:
        try:
            return self.ingest_file(path, overrides, timings)
        except IngestError as exc:
            log.warning("skipped %s", exc)
            return FileResult(path, "failed", error=str(exc))
        except ValueError as exc:  # bad sidecar or override
            log.warning("skipped %s: %s", path.name, exc)
            return FileResult(path, "failed", error=f"{path.name}: {exc}")
        except Exception as exc:
            log.exception("unexpected error on %s", path)
            return FileResult(path, "failed", error=f"{path.name}: {type(exc).__name__}: {exc}")

    def ingest_file(
        self,
        path: Path,
        overrides: Mapping[str, object] | None = None,
        timings: dict[str, float] | None = None,
        source: str | None = None,
    ) -> FileResult:
        """Ingest one file (stored under `source`, default its name); raises on bad input."""
        timings = timings if timings is not None else defaultdict(float)
        clock = time.perf_counter()
        started = clock
        raw = load_document(path, self.max_bytes, self.limits)
        clock = _tick(timings, "load", clock)
        doc_id = content_hash(raw)
        explicit = {**load_sidecar(path), **(overrides or {})}
        source = source or path.name
        previous = self.store.list_documents({"source": source})
        if self.store.get_document(doc_id) is not None:
            return self._unchanged_or_relabel(path, doc_id, explicit)
        cleaned = clean_text(raw)
        meta = apply_overrides(detect_metadata(raw, source, doc_id), explicit)
        clock = _tick(timings, "clean", clock)
        chunks = chunk_document(cleaned, self.chunk_tokens, self.overlap)
        if not chunks:
            raise IngestError(path, "no text content after cleaning")
        self._check_budget(path, len(chunks), time.perf_counter() - started)
        clock = _tick(timings, "chunk", clock)
        record = {
            **meta_record(meta),
            "added_at": datetime.now(UTC).isoformat(timespec="microseconds"),
        }
        vectors = self.store.embed_passages(
            [embedding_text(record, c) for c in chunks], self.embed_batch_size
        )
        clock = _tick(timings, "embed", clock)
        texts = [c.text for c in chunks]
        crash_point("ingest:embedded")
        self._archive(path, doc_id)  # before the record: a listed document always has its original
        crash_point("ingest:archived")
        self.store.add_document(
            doc_id, record, texts, [chunk_metadata(meta, c) for c in chunks], vectors
        )
        crash_point("ingest:stored")
        self._store_records(cleaned, meta, doc_id)
        if previous:
            crash_point("update:new-written")
        for old in previous:  # the new version is complete: now drop the old one
            self.delete(str(old["doc_id"]))
        _tick(timings, "write", clock)
        status = "updated" if previous else "added"
        log.info("%s %s: %d chunks (%s)", status, path.name, len(chunks), doc_id)
        return FileResult(path, status, doc_id, len(chunks))

    def _check_budget(self, path: Path, chunks: int, seconds: float) -> None:
        """Refuse, before anything is embedded or stored, a file over its chunk or time budget."""
        if chunks > self.limits.max_chunks:
            raise IngestError(
                path, f"{chunks} chunks (> {self.limits.max_chunks} per document limit)"
            )
        if seconds > self.limits.max_seconds:
            raise IngestError(
                path, f"reading took {seconds:.0f} s (> {self.limits.max_seconds:.0f} s limit)"
            )

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

    def _store_records(self, cleaned: CleanDocument, meta: DocumentMeta, doc_id: str) -> None:
        """Extract targets, outcomes and subsidies and store them with the document's fields."""
        if self.records is None:
            return
        fields = {"source": meta.source, "title": meta.title, "city": meta.city}
        rows = [{**r.to_dict(), **fields} for r in extract_records(cleaned, meta)]
        self.records.replace_document(doc_id, rows)

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
        raw = load_document(path, self.max_bytes, self.limits)
        meta = apply_overrides(
            detect_metadata(raw, str(record.get("source", "")), doc_id), stored_overrides(record)
        )
        self._store_records(clean_text(raw), meta, doc_id)

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


def stored_overrides(record: Mapping[str, Any]) -> dict[str, object]:
    """A stored document's metadata (user corrections included) as overrides for re-extraction."""
    keys = ("title", "city", "doc_type", "year", "issuer")
    return {k: record[k] for k in keys if record.get(k) not in (None, "")}


def meta_changes(overrides: Mapping[str, object]) -> dict[str, Any]:
    """Validated overrides as storable fields (years also as text)."""
    changes: dict[str, Any] = dict(validate_overrides(overrides))
    if "years" in changes:
        changes["years_text"] = ",".join(str(y) for y in changes["years"])
    if "city" in changes:
        changes.update(place_fields(str(changes["city"])))
    return {k: v for k, v in changes.items() if v is not None}


def _tick(timings: dict[str, float], stage: str, since: float) -> float:
    now = time.perf_counter()
    timings[stage] += now - since
    return now
