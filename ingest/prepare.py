"""One file → a document ready to embed and store: load, clean, metadata, chunk, records.

Nothing here touches the store, so this work can run anywhere (a worker process, a thread);
`Ingestor` batches the prepared documents and writes them.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest.chunker import chunk_document
from ingest.clean import ILLEGIBLE, CleanDocument, clean_text, illegible_figures
from ingest.loaders import load_document
from ingest.locate import place_fields
from ingest.metadata import detect_metadata
from ingest.models import OCR_MARK, PAGE_END, Chunk, DocumentMeta, IngestError, Limits
from ingest.overrides import apply_overrides, validate_overrides
from ingest.records import extract_records
from vectorstore.lexical import Analyser

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    """A document read, cleaned and chunked, with its records; not yet embedded or stored."""

    path: Path
    source: str
    doc_id: str
    record: dict[str, Any]  # the registry record
    chunks: list[Chunk]
    metadatas: list[dict[str, Any]]  # one per chunk
    records: list[dict[str, Any]] = field(default_factory=list)  # targets, outcomes, subsidies
    tokens: list[list[str]] | None = None  # each chunk's lexical tokens, when an analyser was given

    @property
    def texts(self) -> list[str]:
        """Chunk texts as stored."""
        return [c.text for c in self.chunks]

    @property
    def embedding_texts(self) -> list[str]:
        """Chunk texts as embedded (with their context)."""
        return [embedding_text(self.record, c) for c in self.chunks]


@dataclass(frozen=True)
class Loaded:
    """A file's decoded text and id, before the (costlier) cleaning and chunking."""

    path: Path
    source: str
    raw: str
    doc_id: str
    started: float


def content_hash(text: str) -> str:
    """Document id: first 16 hex digits of the SHA-256 of the decoded text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load(path: Path, source: str, limits: Limits) -> Loaded:
    """Read and decode a file within its budget; raises IngestError on bad input."""
    started = time.perf_counter()
    raw = load_document(path, limits.max_bytes, limits)
    return Loaded(path, source, raw, content_hash(raw), started)


def prepare(
    loaded: Loaded,
    overrides: Mapping[str, object],
    limits: Limits,
    chunk_tokens: int,
    overlap: int,
    with_records: bool = True,
    analyse: Analyser | None = None,
) -> Prepared:
    """Clean, detect metadata, chunk, extract records and (given the lexical index's analyser)
    tokenise; raises IngestError over budget."""
    cleaned = clean_text(loaded.raw)
    if unreadable := illegible_figures(loaded.raw):
        log.warning(
            "%s: %d figure(s) contain a glyph of the file's own font, kept as %s (check the original)",
            loaded.path.name,
            unreadable,
            ILLEGIBLE,
        )
    meta = apply_overrides(detect_metadata(loaded.raw, loaded.source, loaded.doc_id), overrides)
    chunks = chunk_document(cleaned, chunk_tokens, overlap)
    if not chunks:
        raise IngestError(loaded.path, "no text content after cleaning")
    seconds = time.perf_counter() - loaded.started
    if f"{PAGE_END}{OCR_MARK}" in loaded.raw:  # the OCR had a time budget of its own
        limits = replace(limits, max_seconds=limits.max_seconds + limits.ocr_seconds)
    check_budget(loaded.path, limits, len(chunks), seconds)
    record = {
        **meta_record(meta),
        "added_at": datetime.now(UTC).isoformat(timespec="microseconds"),
    }
    metadatas = [chunk_metadata(meta, c) for c in chunks]
    return Prepared(
        loaded.path,
        loaded.source,
        loaded.doc_id,
        record,
        chunks,
        metadatas,
        document_records(cleaned, meta) if with_records else [],
        None if analyse is None else _tokens(analyse, loaded.doc_id, metadatas, chunks),
    )


def _tokens(
    analyse: Analyser, doc_id: str, metadatas: list[dict[str, Any]], chunks: list[Chunk]
) -> list[list[str]]:
    """Each chunk's lexical tokens, from the metadata it will be stored with."""
    return [
        analyse({**m, "doc_id": doc_id}, c.text) for m, c in zip(metadatas, chunks, strict=True)
    ]


def document_records(cleaned: CleanDocument, meta: DocumentMeta) -> list[dict[str, Any]]:
    """Targets, outcomes and subsidies of a document, with its source, title and city."""
    fields = {"source": meta.source, "title": meta.title, "city": meta.city}
    return [{**r.to_dict(), **fields} for r in extract_records(cleaned, meta)]


def check_budget(path: Path, limits: Limits, chunks: int, seconds: float) -> None:
    """Refuse, before anything is embedded or stored, a file over its chunk or time budget."""
    if chunks > limits.max_chunks:
        raise IngestError(path, f"{chunks} chunks (> {limits.max_chunks} per document limit)")
    if seconds > limits.max_seconds:
        raise IngestError(
            path, f"reading took {seconds:.0f} s (> {limits.max_seconds:.0f} s limit)"
        )


def embedding_text(meta: Mapping[str, Any], chunk: Chunk) -> str:
    """What is embedded: city, title and section path give each passage its context."""
    return f"{meta.get('city', '')} {meta.get('title', '')} | {chunk.section}\n{chunk.text}"


def chunk_metadata(meta: DocumentMeta, chunk: Chunk) -> dict[str, Any]:
    """Metadata stored with each chunk (document fields plus provenance)."""
    record = {
        **meta_record(meta),
        "chunk": chunk.index,
        "section": chunk.section,
        "start": chunk.start,
        "end": chunk.end,
        "tokens": chunk.tokens,
        "kind": chunk.kind,
    }
    if chunk.page is not None:  # paged documents: its start page, where later pages begin
        record["page"] = chunk.page
        record["page_starts"] = ",".join(f"{offset}:{page}" for offset, page in chunk.page_starts)
        record["ocr"] = chunk.ocr
    return record


def meta_record(meta: DocumentMeta) -> dict[str, Any]:
    """Document fields as Chroma-storable metadata (None dropped, years also as text)."""
    record = {k: v for k, v in meta.to_dict().items() if v not in (None, [])}
    record["years_text"] = ",".join(str(y) for y in meta.years)
    record["revised"] = ",".join(meta.revised)
    return record


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
