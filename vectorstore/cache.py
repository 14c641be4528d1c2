"""Embedding cache keyed by (model id, role, text hash), so re-indexing unchanged text is cheap."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from array import array
from collections.abc import Sequence
from pathlib import Path

from vectorstore.embeddings import Embedder


def text_key(text: str, is_query: bool) -> str:
    """Stable cache key of one text in one role."""
    role = "q" if is_query else "p"
    return hashlib.sha256(f"{role}\x00{text}".encode()).hexdigest()


class EmbeddingCache:
    """SQLite table of float32 vectors; safe across threads and processes (WAL)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, vec BLOB,"
            " PRIMARY KEY (model, key))"
        )
        self._db.commit()

    def get_many(self, model: str, keys: Sequence[str]) -> dict[str, list[float]]:
        """Vectors found for these keys."""
        found: dict[str, list[float]] = {}
        with self._lock:
            for i in range(0, len(keys), 500):
                part = list(keys[i : i + 500])
                marks = ",".join("?" * len(part))
                rows = self._db.execute(
                    f"SELECT key, vec FROM vectors WHERE model=? AND key IN ({marks})",
                    [model, *part],
                ).fetchall()
                found.update((k, array("f", blob).tolist()) for k, blob in rows)
        return found

    def put_many(self, model: str, items: dict[str, list[float]]) -> None:
        """Store vectors (idempotent)."""
        rows = [(model, k, array("f", v).tobytes()) for k, v in items.items()]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
            self._db.commit()

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()


class CachedEmbedder:
    """An `Embedder` that consults the cache before calling the wrapped model."""

    def __init__(self, inner: Embedder, cache: EmbeddingCache) -> None:
        self.inner = inner
        self.cache = cache
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.hits = 0
        self.misses = 0

    def embed_batch(self, texts: Sequence[str], *, is_query: bool = False) -> list[list[float]]:
        """Embed only the texts the cache has not seen."""
        keys = [text_key(t, is_query) for t in texts]
        found = self.cache.get_many(self.model_id, keys)
        missing = [i for i, k in enumerate(keys) if k not in found]
        if missing:
            vectors = self.inner.embed_batch([texts[i] for i in missing], is_query=is_query)
            new = {keys[i]: v for i, v in zip(missing, vectors, strict=True)}
            self.cache.put_many(self.model_id, new)
            found.update(new)
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        return [found[k] for k in keys]
