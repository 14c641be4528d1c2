"""A persistent, incremental BM25 index of chunk tokens (tantivy) beside the Chroma store.

Tokens are computed once, at ingest, by a tokenizer the composition root passes in (this
module imports nothing of ours); the index keeps each chunk's text and metadata too, so nothing
has to be re-read or re-tokenised at start. Chosen over bm25s (fast, but rebuilt on every change)
and SQLite FTS5 (about 100× slower at 100,000 chunks): tantivy adds and deletes per document,
filters inside the search, opens in milliseconds and scores with BM25 (k1 = 1.2, b = 0.75).
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

log = logging.getLogger(__name__)

Analyser = Callable[[Mapping[str, Any], str], list[str]]  # (chunk metadata, text) → tokens
_HEAP = 64 * 1024 * 1024
_MANIFEST = "manifest.json"


@dataclass(frozen=True)
class LexicalChunk:
    """A chunk as the lexical index returns it."""

    id: str
    doc_id: str
    text: str
    metadata: dict[str, Any]


class LexicalStore:
    """BM25 over pre-tokenised chunks, on disk; one writer (the data folder's lock holder)."""

    def __init__(self, path: Path | None, analyse: Analyser) -> None:
        """On disk at `path` (None: in memory, for throw-away indexes)."""
        self.path = path
        self.analyse = analyse
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
        builder.add_text_field("chunk_id", stored=True, tokenizer_name="raw")
        builder.add_text_field("doc_id", stored=True, tokenizer_name="raw")
        builder.add_text_field("text", stored=True, index_option="basic", tokenizer_name="raw")
        builder.add_text_field("meta", stored=True, index_option="basic", tokenizer_name="raw")
        self.schema = builder.build()
        if path is not None:
            path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(path) if path else None, reuse=True)
        self._lock = threading.Lock()
        self._manifest_mtime = -1.0
        self._docs: dict[str, int] = {}  # the manifest (the whole truth when in memory)

    # --- writing (under the data folder's write lock) ------------------------------------

    def add_document(
        self, doc_id: str, chunks: Sequence[tuple[str, str, Mapping[str, Any]]]
    ) -> None:
        """Index a document's chunks, (chunk id, text, metadata) each, replacing an earlier
        version with the same id."""
        self.add_documents({doc_id: chunks})

    def add_documents(
        self,
        docs: Mapping[str, Sequence[tuple[str, str, Mapping[str, Any]]]],
        tokens: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        """Index several documents in one commit; `tokens` are chunks' tokens by chunk id where
        the writer computed them already (by this store's analyser), the rest are analysed."""
        tokens = tokens or {}
        if not docs:
            return
        with self._lock:
            writer = self.index.writer(heap_size=_HEAP, num_threads=1)
            for doc_id, chunks in docs.items():
                writer.delete_documents_by_term("doc_id", doc_id)
                for chunk_id, text, meta in chunks:
                    writer.add_document(
                        tantivy.Document(
                            body=" ".join(tokens.get(chunk_id) or self.analyse(meta, text)),
                            chunk_id=chunk_id,
                            doc_id=doc_id,
                            text=text,
                            meta=json.dumps(dict(meta), ensure_ascii=False),
                        )
                    )
            writer.commit()
            writer.wait_merging_threads()
            manifest = self._read_manifest()
            manifest.update({doc_id: len(chunks) for doc_id, chunks in docs.items()})
            self._write_manifest(manifest)
        self.index.reload()

    def delete_documents(self, doc_ids: Iterable[str]) -> None:
        """Drop every chunk of these documents."""
        doc_ids = list(doc_ids)
        if not doc_ids:
            return
        with self._lock:
            writer = self.index.writer(heap_size=_HEAP, num_threads=1)
            for doc_id in doc_ids:
                writer.delete_documents_by_term("doc_id", doc_id)
            writer.commit()
            writer.wait_merging_threads()
            manifest = self._read_manifest()
            for doc_id in doc_ids:
                manifest.pop(doc_id, None)
            self._write_manifest(manifest)
        self.index.reload()

    # --- reading ----------------------------------------------------------------------------

    def documents(self) -> dict[str, int]:
        """Indexed document ids with their chunk counts (re-read when another process wrote)."""
        if self.path is None:
            return self._docs
        try:
            mtime = (self.path / _MANIFEST).stat().st_mtime_ns / 1e9
        except FileNotFoundError:
            return {}
        if mtime != self._manifest_mtime:
            self._docs, self._manifest_mtime = self._read_manifest(), mtime
            self.index.reload()
        return self._docs

    def _searcher(self) -> tantivy.Searcher:
        """A searcher on the latest commit (another handle or process may have written)."""
        self.documents()
        return self.index.searcher()

    def __len__(self) -> int:
        return int(self._searcher().num_docs)

    def doc_freq(self, term: str) -> int:
        """Number of chunks holding the token."""
        return int(self._searcher().doc_freq("body", term))

    def idf(self, term: str) -> float:
        """BM25 idf of a token (never negative)."""
        searcher = self._searcher()
        n = searcher.doc_freq("body", term)
        return math.log(1 + (searcher.num_docs - n + 0.5) / (n + 0.5))

    def search(
        self, tokens: Sequence[str], k: int = 10, doc_ids: set[str] | None = None
    ) -> list[tuple[LexicalChunk, float]]:
        """Top chunks for the query tokens, restricted to `doc_ids` when given."""
        counts = Counter(t for t in tokens if t and " " not in t)
        if not counts or (doc_ids is not None and not doc_ids):
            return []
        should = [  # a token the question repeats counts that many times, as in BM25's sum
            (tantivy.Occur.Should, self._term(t, n)) for t, n in counts.items()
        ]
        query = tantivy.Query.boolean_query(should)
        if doc_ids is not None:
            allowed = tantivy.Query.term_set_query(self.schema, "doc_id", sorted(doc_ids))
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, query), (tantivy.Occur.Must, allowed)]
            )
        searcher = self._searcher()
        hits = searcher.search(query, k).hits
        return [(self._chunk(searcher.doc(address)), float(score)) for score, address in hits]

    def _term(self, token: str, times: int) -> tantivy.Query:
        query = tantivy.Query.term_query(self.schema, "body", token)
        return query if times == 1 else tantivy.Query.boost_query(query, float(times))

    def chunks_of(self, doc_id: str) -> list[LexicalChunk]:
        """All chunks of one document, in order."""
        count = self.documents().get(doc_id, 0)
        if not count:
            return []
        searcher = self._searcher()
        query = tantivy.Query.term_query(self.schema, "doc_id", doc_id)
        hits = searcher.search(query, count + 10).hits
        chunks = [self._chunk(searcher.doc(address)) for _, address in hits]
        return sorted(chunks, key=lambda c: int(str(c.metadata.get("chunk", 0))))

    @staticmethod
    def _chunk(doc: tantivy.Document) -> LexicalChunk:
        return LexicalChunk(
            str(doc["chunk_id"][0]),
            str(doc["doc_id"][0]),
            str(doc["text"][0]),
            json.loads(str(doc["meta"][0])),
        )

    def _read_manifest(self) -> dict[str, int]:
        if self.path is None:
            return dict(self._docs)
        try:
            return dict(json.loads((self.path / _MANIFEST).read_text(encoding="utf-8")))
        except FileNotFoundError:
            return {}

    def _write_manifest(self, manifest: Mapping[str, int]) -> None:
        if self.path is None:
            self._docs = dict(manifest)
            return
        tmp = self.path / f"{_MANIFEST}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(dict(manifest)), encoding="utf-8")
        os.replace(tmp, self.path / _MANIFEST)
