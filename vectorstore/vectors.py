"""Chunk vectors of recently searched documents, kept in memory for exact restricted search."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import numpy as np
from chromadb.api.models.Collection import Collection


class VectorCache:
    """Chunk vectors of recently searched documents, fetched from Chroma by id; a document's
    vectors never change (its id is its content's hash), so nothing has to be invalidated."""

    def __init__(self, chunks: Collection, budget: int = 20_000) -> None:
        self.chunks = chunks
        self.budget = budget  # chunks kept (about 1.5 KB each at 384 dimensions)
        self._docs: OrderedDict[str, tuple[list[str], np.ndarray]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, doc_chunks: Mapping[str, int]) -> tuple[list[str], np.ndarray]:
        """Ids and vectors of every chunk of these documents."""
        with self._lock:
            missing = [d for d in doc_chunks if d not in self._docs]
        if missing:
            self._fetch({d: doc_chunks[d] for d in missing})
        ids: list[str] = []
        parts = []
        with self._lock:
            for doc_id in doc_chunks:
                if doc_id in self._docs:
                    self._docs.move_to_end(doc_id)
                    doc_ids, vectors = self._docs[doc_id]
                    ids += doc_ids
                    parts.append(vectors)
        return ids, (np.concatenate(parts) if parts else np.zeros((0, 0), dtype=np.float32))

    def _fetch(self, doc_chunks: Mapping[str, int]) -> None:
        ids = [f"{doc_id}:{i}" for doc_id, n in doc_chunks.items() for i in range(n)]
        got = self.chunks.get(ids=ids, include=["embeddings"])
        by_doc: dict[str, tuple[list[str], list[Any]]] = {}
        vectors_got = got["embeddings"] if got["embeddings"] is not None else []
        for chunk_id, vector in zip(got["ids"], vectors_got, strict=True):
            entry = by_doc.setdefault(chunk_id.rsplit(":", 1)[0], ([], []))
            entry[0].append(chunk_id)
            entry[1].append(vector)
        with self._lock:
            for doc_id, (doc_ids, vectors) in by_doc.items():
                self._docs[doc_id] = (doc_ids, np.asarray(vectors, dtype=np.float32))
            while sum(len(v[0]) for v in self._docs.values()) > self.budget and len(self._docs) > 1:
                self._docs.popitem(last=False)
