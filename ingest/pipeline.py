"""Files → load → prepare (clean, metadata, chunk, records) → embed → write, idempotently.

Documents are loaded in order, prepared a little ahead of the writer (in worker processes
during a large ingest, see `ingest.parallel`) and written in batches (one Chroma call, one
lexical commit, one records transaction per batch of about `write_batch_chunks` chunks): a
write's fixed cost is paid once per batch, not once per document.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ingest.models import IngestError, Limits
from ingest.overrides import load_sidecar, validate_overrides
from ingest.parallel import Job, Preparer, Refused, prepare_job, refusal, worker_count
from ingest.prepare import Prepared, load, stored_overrides
from ingest.report import FileResult, IngestReport, collect_files
from ingest.stored import StoredDocuments
from vectorstore.faults import crash_point
from vectorstore.records import RecordStore
from vectorstore.store import ChunkStore, DocumentWrite

log = logging.getLogger(__name__)

STAGES = ("load", "prepare", "embed", "write")
Progress = Callable[[int, int, str], None]  # (done, total, current file name)


@dataclass(frozen=True)
class Item:
    """One file to ingest: where it is, the name it is stored under, explicit metadata."""

    path: Path
    source: str
    overrides: Mapping[str, object] = field(default_factory=dict)


class Ingestor(StoredDocuments):
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
        write_batch_chunks: int = 2000,
        workers: int | None = None,
    ) -> None:
        self.store = store
        self.archive_dir = archive_dir
        self.records = records
        self.chunk_tokens = chunk_tokens
        self.overlap = overlap_sentences
        self.limits = limits or Limits(max_bytes=max_bytes)
        self.max_bytes = self.limits.max_bytes
        self.embed_batch_size = embed_batch_size
        self.write_batch_chunks = write_batch_chunks
        self.workers = workers  # worker processes for a large ingest (None: one per core)

    def ingest(
        self,
        paths: Iterable[Path],
        overrides: Mapping[str, object] | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest files and folders; returns a report (never raises for a bad file)."""
        files, failures = collect_files(paths)
        checked = validate_overrides(overrides or {})
        items = [Item(path, path.name, checked) for path in files]
        report = self.ingest_items(items, progress)
        report.results[:0] = failures
        return report

    def ingest_items(self, items: list[Item], progress: Progress | None = None) -> IngestReport:
        """Ingest files in batches; results in the order of `items`."""
        report = IngestReport()
        results: dict[int, FileResult] = {}
        batch: dict[int, Prepared] = {}
        with Preparer(worker_count(self.workers, len(items))) as preparer:
            jobs = self._jobs(items, results, report.timings, progress)
            for (n, item), (outcome, seconds) in preparer.in_order(jobs):
                report.timings["prepare"] += seconds
                if isinstance(outcome, Refused):
                    results[n] = _refused(item, outcome)
                    continue
                if any(p.source == item.source for p in batch.values()):
                    results.update(self._write(batch, report.timings))  # this one replaces it
                    batch = {}
                batch[n] = outcome
                if sum(len(p.chunks) for p in batch.values()) >= self.write_batch_chunks:
                    results.update(self._write(batch, report.timings))
                    batch = {}
            results.update(self._write(batch, report.timings))
        if progress:
            progress(len(items), len(items), "")
        report.results = [results[n] for n in sorted(results)]
        return report

    def _jobs(
        self,
        items: list[Item],
        results: dict[int, FileResult],
        timings: dict[str, float],
        progress: Progress | None,
    ) -> Iterator[tuple[tuple[int, Item], Job]]:
        """Load files in order: settled ones (unchanged, unreadable) go to `results`, the rest
        are yielded as preparation jobs."""
        seen: set[str] = set()  # document ids loaded in this run
        for n, item in enumerate(items):
            if progress:
                progress(n, len(items), item.path.name)
            job = self._load_one(item, timings, seen)
            if isinstance(job, FileResult):
                results[n] = job
            else:
                yield (n, item), job

    def ingest_file(
        self,
        path: Path,
        overrides: Mapping[str, object] | None = None,
        timings: dict[str, float] | None = None,
        source: str | None = None,
    ) -> FileResult:
        """Ingest one file (stored under `source`, default its name); raises on bad input."""
        timings = timings if timings is not None else defaultdict(float)
        item = Item(path, source or path.name, overrides or {})
        job = self._load(item, timings, set())
        if isinstance(job, FileResult):
            return job
        clock = time.perf_counter()
        prepared = prepare_job(job)
        _tick(timings, "prepare", clock)
        result = self._write({0: prepared}, timings)[0]
        if result.status == "failed":
            raise IngestError(path, result.error.removeprefix(f"{result.name}: "))
        return result

    def _load_one(self, item: Item, timings: dict[str, float], seen: set[str]) -> FileResult | Job:
        """Load a file, turning bad input into a failed result."""
        try:
            return self._load(item, timings, seen)
        except Exception as exc:
            return _refused(item, refusal(item.path.name, exc))

    def _load(self, item: Item, timings: dict[str, float], seen: set[str]) -> FileResult | Job:
        """Load a file; unchanged content is settled at once, new content becomes a job."""
        clock = time.perf_counter()
        loaded = load(item.path, item.source, self.limits)
        _tick(timings, "load", clock)
        explicit = {**load_sidecar(item.path), **item.overrides}
        if self.store.get_document(loaded.doc_id) is not None:
            return self._unchanged_or_relabel(item.path, loaded.doc_id, explicit)
        if loaded.doc_id in seen:  # the same content twice in a run
            return FileResult(item.path, "unchanged", loaded.doc_id, source=item.source)
        seen.add(loaded.doc_id)
        return Job(
            loaded,
            explicit,
            self.limits,
            self.chunk_tokens,
            self.overlap,
            self.records is not None,
            time.perf_counter() - loaded.started,
            None if self.store.lexical is None else self.store.lexical.analyse,
        )

    def _write(
        self, batch: Mapping[int, Prepared], timings: dict[str, float]
    ) -> dict[int, FileResult]:
        """Embed and store a batch of prepared documents; a failed write is retried document
        by document so that only the bad one fails."""
        if not batch:
            return {}
        docs = list(batch.values())
        clock = time.perf_counter()
        try:
            vectors = self.store.embed_passages(
                [t for p in docs for t in p.embedding_texts], self.embed_batch_size
            )
        except Exception as exc:
            log.exception("embedding failed")
            return {n: _failed(p, exc) for n, p in batch.items()}
        clock = _tick(timings, "embed", clock)
        crash_point("ingest:embedded")
        writes, start = [], 0
        for p in docs:
            self._archive(p.path, p.doc_id)  # before the record: a listed document has its file
            vecs = vectors[start : start + len(p.chunks)]
            writes.append(DocumentWrite(p.doc_id, p.record, p.texts, p.metadatas, vecs, p.tokens))
            start += len(p.chunks)
        crash_point("ingest:archived")
        results = self._store(dict(zip(batch, writes, strict=True)), batch)
        _tick(timings, "write", clock)
        return results

    def _store(
        self, writes: Mapping[int, DocumentWrite], batch: Mapping[int, Prepared]
    ) -> dict[int, FileResult]:
        """Write documents (all at once, else one by one), then their records, then drop the
        older versions they replace."""
        stored: dict[int, DocumentWrite] = {}
        results: dict[int, FileResult] = {}
        try:
            self.store.add_documents(list(writes.values()))
            stored = dict(writes)
        except Exception as exc:
            if len(writes) == 1:
                log.exception("writing %s failed", next(iter(batch.values())).path)
                results = {n: _failed(batch[n], exc) for n in writes}
            else:
                stored, results = self._store_one_by_one(writes, batch)
        crash_point("ingest:stored")
        if self.records is not None:
            self.records.replace_documents({batch[n].doc_id: batch[n].records for n in stored})
        for n in stored:
            results[n] = self._replace_previous(batch[n])
        return results

    def _store_one_by_one(
        self, writes: Mapping[int, DocumentWrite], batch: Mapping[int, Prepared]
    ) -> tuple[dict[int, DocumentWrite], dict[int, FileResult]]:
        """After a failed batch write: each document alone, so that only a bad one fails."""
        stored: dict[int, DocumentWrite] = {}
        failed: dict[int, FileResult] = {}
        for n, write in writes.items():
            try:
                self.store.add_documents([write])
                stored[n] = write
            except Exception as exc:
                log.exception("writing %s failed", batch[n].path)
                failed[n] = _failed(batch[n], exc)
        return stored, failed

    def _replace_previous(self, prepared: Prepared) -> FileResult:
        """Drop older versions of the same file, now that the new one is complete."""
        previous = [
            d
            for d in self.store.list_documents({"source": prepared.source})
            if d["doc_id"] != prepared.doc_id
        ]
        if previous:
            crash_point("update:new-written")
        for old in previous:
            self.delete(str(old["doc_id"]))
        status = "updated" if previous else "added"
        chunks = len(prepared.chunks)
        log.info("%s %s: %d chunks (%s)", status, prepared.path.name, chunks, prepared.doc_id)
        return FileResult(prepared.path, status, prepared.doc_id, chunks, source=prepared.source)


def _refused(item: Item, refused: Refused) -> FileResult:
    """The failed result of a file that could not be loaded or prepared, logged in one line."""
    if refused.trace:
        log.error("unexpected error on %s\n%s", item.path, refused.trace)
    else:
        log.warning("skipped %s", refused.error)
    return FileResult(item.path, "failed", error=refused.error, source=item.source)


def _failed(prepared: Prepared, exc: Exception) -> FileResult:
    error = f"{prepared.path.name}: {type(exc).__name__}: {exc}"
    return FileResult(prepared.path, "failed", prepared.doc_id, error=error, source=prepared.source)


def _tick(timings: dict[str, float], stage: str, since: float) -> float:
    now = time.perf_counter()
    timings[stage] += now - since
    return now


__all__ = [
    "STAGES",
    "FileResult",
    "IngestReport",
    "Ingestor",
    "Item",
    "Progress",
    "stored_overrides",
]
