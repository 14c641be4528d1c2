"""Chroma-backed chunk store with a document registry; knows nothing of ingestion or answering."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from chromadb.api import ClientAPI
from chromadb.errors import ChromaError

from vectorstore.collections import VERSION_ID
from vectorstore.embeddings import Embedder
from vectorstore.faults import crash_point
from vectorstore.lexical import LexicalStore
from vectorstore.vectors import VectorCache

log = logging.getLogger(__name__)

Metadata = dict[str, Any]
EXACT_LIMIT = 4000  # restricted dense searches over at most this many chunks are done exactly


class EmbeddingMismatchError(RuntimeError):
    """The collection was built with another embedding model than the one configured."""


@dataclass(frozen=True)
class SearchHit:
    """One retrieved chunk with its cosine similarity to the query."""

    id: str
    text: str
    metadata: Metadata
    score: float


@dataclass(frozen=True)
class DocumentWrite:
    """One document to store: its registry record and its chunks with their embeddings."""

    doc_id: str
    record: Mapping[str, Any]
    texts: Sequence[str]
    metadatas: Sequence[Mapping[str, Any]]
    embeddings: Sequence[Sequence[float]]
    tokens: Sequence[Sequence[str]] | None = None  # lexical tokens per chunk, if computed already


def _lexical_entries(
    docs: Sequence[DocumentWrite], ids: Sequence[str], metas: Sequence[Metadata]
) -> dict[str, list[tuple[str, str, Metadata]]]:
    """(chunk id, text, metadata) per chunk, grouped by document, for the lexical index."""
    out: dict[str, list[tuple[str, str, Metadata]]] = {}
    n = 0
    for d in docs:
        size = len(d.texts)
        out[d.doc_id] = list(zip(ids[n : n + size], d.texts, metas[n : n + size], strict=True))
        n += size
    return out


def _given_tokens(docs: Sequence[DocumentWrite], ids: Sequence[str]) -> dict[str, Sequence[str]]:
    """Lexical tokens the writer computed already, by chunk id."""
    out: dict[str, Sequence[str]] = {}
    n = 0
    for d in docs:
        if d.tokens is not None:
            out.update(zip(ids[n : n + len(d.texts)], d.tokens, strict=True))
        n += len(d.texts)
    return out


def _clean_meta(meta: Mapping[str, Any]) -> Metadata:
    """Chroma accepts str/int/float/bool and non-empty homogeneous lists; drop the rest."""
    out: Metadata = {}
    for key, value in meta.items():
        if isinstance(value, str | int | float | bool):
            out[key] = value
        elif isinstance(value, list | tuple) and value:
            out[key] = list(value)
    return out


class ChunkStore:
    """Chunks (with embeddings) in one collection, one record per document in a second one.

    A document becomes visible only when its registry record is written, after all its chunks;
    chunks without a registry record are leftovers of an interrupted write and are removed by
    `repair()`.
    """

    def __init__(
        self,
        client: ClientAPI,
        name: str,
        embedder: Embedder,
        lexical: LexicalStore | None = None,
    ) -> None:
        self.client = client
        self.name = name
        self.embedder = embedder
        self.lexical = lexical  # kept in step with the chunks, before the registry record
        self.chunks = client.get_or_create_collection(
            name,
            metadata={
                "hnsw:space": "cosine",
                "embedding_model": embedder.model_id,
                "embedding_dim": embedder.dim,
            },
            embedding_function=None,
        )
        self._check_model()
        self.docs = client.get_or_create_collection(
            f"{name}-docs", metadata={"hnsw:space": "cosine"}, embedding_function=None
        )
        self.batch_size = max(1, min(client.get_max_batch_size(), 5000))
        self._vectors = VectorCache(self.chunks)

    def _check_model(self) -> None:
        meta = self.chunks.metadata or {}
        model, dim = meta.get("embedding_model"), meta.get("embedding_dim")
        if model != self.embedder.model_id or dim != self.embedder.dim:
            raise EmbeddingMismatchError(
                f"the index '{self.name}' was built with embedding model {model} (dim {dim}) but "
                f"{self.embedder.model_id} (dim {self.embedder.dim}) is configured: re-index with "
                "`policyqa reindex`, or configure the original model"
            )

    # --- documents -------------------------------------------------------------------------

    def get_document(self, doc_id: str) -> Metadata | None:
        """The registry record of a document, or None."""
        got = self.docs.get(ids=[doc_id], include=["metadatas"])
        metas = got["metadatas"] or []
        return dict(metas[0]) if metas else None

    def document_ids(self) -> set[str]:
        """Ids of the registered documents (no metadata read: cheap at any size)."""
        return set(self.docs.get(include=[])["ids"]) - {VERSION_ID}

    def list_documents(self, where: Mapping[str, Any] | None = None) -> list[Metadata]:
        """All registry records (optionally filtered), each with its 'doc_id'."""
        got = self.docs.get(where=dict(where) if where else None, include=["metadatas"])
        records = [
            dict(m, doc_id=i)
            for i, m in zip(got["ids"], got["metadatas"] or [], strict=False)
            if i != VERSION_ID
        ]
        return sorted(records, key=lambda r: str(r.get("source", "")))

    def add_document(
        self,
        doc_id: str,
        record: Mapping[str, Any],
        texts: Sequence[str],
        metadatas: Sequence[Mapping[str, Any]],
        embeddings: Sequence[Sequence[float]],
    ) -> None:
        """Write one document's chunks, then its registry record; roll back on failure."""
        self.add_documents([DocumentWrite(doc_id, record, texts, metadatas, embeddings)])

    def add_documents(self, docs: Sequence[DocumentWrite]) -> None:
        """Write documents' chunks (a few large calls), their lexical entries (one commit),
        then their registry records; on failure remove what was written of them."""
        if not docs:
            return
        ids = [f"{d.doc_id}:{i}" for d in docs for i in range(len(d.texts))]
        texts = [t for d in docs for t in d.texts]
        metas = [_clean_meta({**m, "doc_id": d.doc_id}) for d in docs for m in d.metadatas]
        vectors = np.asarray([v for d in docs for v in d.embeddings], dtype=np.float32)
        doc_ids = [d.doc_id for d in docs]
        try:
            for start in range(0, len(ids), self.batch_size):
                end = start + self.batch_size
                self.chunks.upsert(
                    ids=ids[start:end],
                    documents=texts[start:end],
                    metadatas=metas[start:end],  # type: ignore[arg-type]
                    embeddings=vectors[start:end],
                )
            if self.lexical is not None:
                entries = _lexical_entries(docs, ids, metas)
                self.lexical.add_documents(entries, _given_tokens(docs, ids))
            crash_point("store:chunks-written")
            self.docs.upsert(
                ids=doc_ids,
                metadatas=[_clean_meta({**d.record, "chunks": len(d.texts)}) for d in docs],
                embeddings=np.ones((len(docs), 1), dtype=np.float32),
            )
            self._bump_version()
        except Exception:
            log.exception("writing documents %s failed; removing their chunks", doc_ids)
            for doc_id in doc_ids:
                self.chunks.delete(where={"doc_id": doc_id})
            if self.lexical is not None:
                self.lexical.delete_documents(doc_ids)
            raise

    def update_document(self, doc_id: str, record: Mapping[str, Any]) -> None:
        """Replace the registry record and the document fields copied into every chunk."""
        old = self.get_document(doc_id)
        if old is None:
            raise KeyError(doc_id)
        got = self.chunks.get(where={"doc_id": doc_id}, include=["metadatas", "documents"])
        fields = {k: v for k, v in record.items() if k != "chunks"}
        metas = [_clean_meta({**m, **fields}) for m in got["metadatas"] or []]
        for start in range(0, len(metas), self.batch_size):
            self.chunks.update(
                ids=got["ids"][start : start + self.batch_size],
                metadatas=metas[start : start + self.batch_size],  # type: ignore[arg-type]
            )
        if self.lexical is not None:  # city and title are part of what BM25 sees
            texts = list(got["documents"] or [])
            self.lexical.add_document(doc_id, list(zip(got["ids"], texts, metas, strict=True)))
        new = _clean_meta({**fields, "chunks": old.get("chunks", len(metas))})
        self.docs.update(ids=[doc_id], metadatas=[new])
        self._bump_version()

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document's registry record first (it disappears at once), then its chunks."""
        existed = self.get_document(doc_id) is not None
        self.docs.delete(ids=[doc_id])
        self._bump_version()
        crash_point("delete:record-removed")
        if self.lexical is not None:
            self.lexical.delete_documents([doc_id])
        self.chunks.delete(where={"doc_id": doc_id})
        return existed

    def version(self) -> str:
        """The registry's version: changes with every write (one row, cheap to poll)."""
        got = self.docs.get(ids=[VERSION_ID], include=["metadatas"])
        metas = got["metadatas"] or []
        return str(metas[0].get("version", "")) if metas else ""

    def _bump_version(self) -> None:
        self.docs.upsert(
            ids=[VERSION_ID],
            metadatas=[{"version": uuid.uuid4().hex, "at": time.time()}],
            embeddings=np.ones((1, 1), dtype=np.float32),
        )

    def repair(self) -> int:
        """Delete chunks whose document has no registry record; returns how many documents."""
        known = set(self.docs.get(include=[])["ids"]) - {VERSION_ID}
        orphans = {str(m.get("doc_id")) for m in self._all_chunk_metas()} - known
        for doc_id in orphans:
            log.warning("removing chunks of incompletely written document %s", doc_id)
            self.chunks.delete(where={"doc_id": doc_id})
        if self.lexical is not None:
            stray = set(self.lexical.documents()) - known
            self.lexical.delete_documents(stray)
            orphans |= stray
        return len(orphans)

    def index_lexically(self, doc_ids: Iterable[str], into: LexicalStore | None = None) -> int:
        """(Re-)build the lexical entries of documents from their stored chunks, in `into` or
        the store's own lexical index (an index built before it existed, or filled by another
        machine); returns how many."""
        lexical = into if into is not None else self.lexical
        if lexical is None:
            return 0
        batch = {
            doc_id: [(h.id, h.text, h.metadata) for h in self.iter_chunks({"doc_id": doc_id})]
            for doc_id in doc_ids
        }
        lexical.add_documents(batch)
        return len(batch)

    # --- chunks ----------------------------------------------------------------------------

    def _all_chunk_metas(self) -> Iterator[Metadata]:
        for _ids, _texts, metas in self._pages(include=["metadatas"]):
            yield from metas

    def _pages(
        self, include: list[Any], where: Mapping[str, Any] | None = None
    ) -> Iterator[tuple[list[str], list[str], list[Metadata]]]:
        offset = 0
        while True:
            got = self.chunks.get(
                where=dict(where) if where else None,
                include=include,
                limit=self.batch_size,
                offset=offset,
            )
            if not got["ids"]:
                return
            texts = list(got["documents"] or [""] * len(got["ids"]))
            metas = [dict(m) for m in got["metadatas"] or [{}] * len(got["ids"])]
            yield list(got["ids"]), texts, metas
            offset += len(got["ids"])

    def iter_chunks(self, where: Mapping[str, Any] | None = None) -> Iterator[SearchHit]:
        """Every stored chunk (score 0), page by page; used to build lexical indexes."""
        for ids, texts, metas in self._pages(include=["documents", "metadatas"], where=where):
            for chunk_id, text, meta in zip(ids, texts, metas, strict=True):
                yield SearchHit(chunk_id, text, meta, 0.0)

    def count(self) -> int:
        """Number of stored chunks."""
        return self.chunks.count()

    def embed_passages(self, texts: Sequence[str], batch_size: int = 32) -> list[list[float]]:
        """Embed chunk texts with the store's model (passage role)."""
        out: list[list[float]] = []
        for i in range(0, len(texts), batch_size):
            out.extend(self.embedder.embed_batch(texts[i : i + batch_size]))
        return out

    def search(
        self,
        query: str,
        k: int = 5,
        where: Mapping[str, Any] | None = None,
        doc_chunks: Mapping[str, int] | None = None,
    ) -> list[SearchHit]:
        """Dense top-k chunks for a query, optionally filtered by chunk metadata. With
        `doc_chunks` (document → chunk count) the search is limited to those documents, and
        done exactly here when they are few: a filtered Chroma query scans the metadata and
        costs ten times an unfiltered one, fetching a few hundred vectors by id does not."""
        vector = self.embedder.embed_batch([query], is_query=True)[0]
        if doc_chunks is not None and sum(doc_chunks.values()) <= EXACT_LIMIT:
            return self._exact(vector, k, doc_chunks)
        if doc_chunks is not None:
            where = {"doc_id": {"$in": sorted(doc_chunks)}}
        try:
            got = self.chunks.query(
                query_embeddings=np.asarray([vector], dtype=np.float32),
                n_results=k,
                where=dict(where) if where else None,
                include=["documents", "metadatas", "distances"],
            )
        except ChromaError as exc:
            # A local folder that another process is writing to right now: its vector files
            # can be mid-update. Answer from the lexical index this once instead of failing.
            log.warning("dense search unavailable (%s); lexical results only", exc)
            return []
        ids = got["ids"][0]
        texts = (got["documents"] or [[]])[0]
        metas = (got["metadatas"] or [[]])[0]
        dists = (got["distances"] or [[]])[0]
        return [
            SearchHit(i, t, dict(m), 1.0 - float(d))
            for i, t, m, d in zip(ids, texts, metas, dists, strict=True)
            if t is not None and m is not None  # chunks deleted by another process
        ]

    def _exact(
        self, vector: Sequence[float], k: int, doc_chunks: Mapping[str, int]
    ) -> list[SearchHit]:
        """Cosine top-k over the chunks of a few documents, their vectors fetched by id (and
        kept for the next question about the same documents)."""
        try:
            ids, found = self._vectors.get(doc_chunks)
        except ChromaError as exc:
            log.warning("dense search unavailable (%s); lexical results only", exc)
            return []
        if not ids:
            return []
        q = np.asarray(vector, dtype=np.float32)
        norms = np.linalg.norm(found, axis=1) * (float(np.linalg.norm(q)) or 1.0)
        sims = found @ q / np.where(norms > 0, norms, 1.0)
        top = np.argsort(-sims)[:k]
        chosen = [ids[i] for i in top]
        rows = self.chunks.get(ids=chosen, include=["documents", "metadatas"])
        by_id = dict(
            zip(
                rows["ids"],
                zip(rows["documents"] or [], rows["metadatas"] or [], strict=True),
                strict=True,
            )
        )
        return [
            SearchHit(i, by_id[i][0] or "", dict(by_id[i][1] or {}), float(sims[n]))
            for n, i in zip(top, chosen, strict=True)
            if i in by_id
        ]
