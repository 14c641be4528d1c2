"""Hybrid retrieval: BM25 (jieba) + dense (Chroma), fused, filtered and boosted by the query."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.lexical import tokenize
from assistant.query import QueryInfo
from places.gazetteer import load_gazetteer
from vectorstore.lexical import LexicalChunk, LexicalStore
from vectorstore.store import ChunkStore

log = logging.getLogger(__name__)

RETRIEVERS = ("bm25", "dense", "hybrid")


@dataclass
class Passage:
    """A retrieved chunk with its fused score and the ranks each retriever gave it."""

    id: str
    text: str
    metadata: dict[str, Any]
    score: float = 0.0
    ranks: dict[str, int] = field(default_factory=dict)
    raw: dict[str, float] = field(default_factory=dict)  # each retriever's own score

    @property
    def doc_id(self) -> str:
        """Id of the source document."""
        return str(self.metadata.get("doc_id", ""))


@dataclass(frozen=True)
class FusionParams:
    """Weights of the fusion, tuned on the development set (see `policyqa eval`)."""

    depth: int = 40  # candidates taken from each retriever
    lexical_weight: float = 0.9  # share of the normalised BM25 score; the rest is dense
    english_lexical_weight: float = 0.1  # the same for English questions
    city_boost: float = 0.1
    period_boost: float = 0.05
    year_boost: float = 0.03
    doc_type_boost: float = 0.05


def index_text(meta: Mapping[str, Any], text: str) -> str:
    """What BM25 sees: city, title and section path give each chunk its context."""
    return f"{meta.get('city', '')} {meta.get('title', '')} {meta.get('section', '')}\n{text}"


def chunk_tokens(meta: Mapping[str, Any], text: str) -> list[str]:
    """The tokens a chunk is indexed under (computed once, when it is written)."""
    return tokenize(index_text(meta, text))


class KnowledgeIndex:
    """The document registry, and the lexical index kept beside the chunk store.

    The lexical index lives on disk and is written with every document (see `ChunkStore`), so
    opening costs one registry read, not a re-tokenised corpus. `sync()` re-reads the registry
    and, should the lexical index lack a registered document (an index built before it existed,
    or one filled by another machine in server mode), hands those to `catch_up`.
    """

    def __init__(
        self,
        store: ChunkStore,
        min_sync_interval: float = 1.0,
        catch_up: Callable[[set[str], set[str]], None] | None = None,
    ) -> None:
        self.store = store
        self.lexical = (
            store.lexical if store.lexical is not None else LexicalStore(None, chunk_tokens)
        )
        self.documents: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._last_sync = 0.0
        self._version: str | None = None
        self.min_sync_interval = min_sync_interval
        self.catch_up = catch_up or self._index_now
        self._outlines: dict[str, dict[str, LexicalChunk]] = {}

    def sync(self, force: bool = False) -> None:
        """Bring the registry (and, if it lags, the lexical index) up to date with the store:
        at most once per `min_sync_interval`, and then only when the registry's version row
        says another writer changed something."""
        now = time.monotonic()
        if not force and now - self._last_sync < self.min_sync_interval:
            return
        with self._lock:
            version = self.store.version()
            if force or version != self._version:
                in_step = self._reload()
                self._version = version if in_step else None  # else try again next time
            self._last_sync = time.monotonic()

    def _reload(self) -> bool:
        """Re-read the registry; index what the lexical index lacks, drop what it should not.
        Returns whether the lexical index is now in step (a busy writer may defer it)."""
        docs = {d["doc_id"]: d for d in self.store.list_documents()}
        indexed = self.lexical.documents()
        lagging = {
            doc_id
            for doc_id, d in docs.items()
            if indexed.get(doc_id) != d.get("chunks") or d != self.documents.get(doc_id, d)
        }
        stale = set(indexed) - set(docs)
        if lagging or stale:
            self.catch_up(lagging, stale)
            log.info("lexical index: %d documents added, %d dropped", len(lagging), len(stale))
        if docs != self.documents:
            self._outlines = {}
        self.documents = docs
        now = self.lexical.documents()
        return set(now) == set(docs) and all(now[i] == d.get("chunks") for i, d in docs.items())

    def _index_now(self, doc_ids: set[str], stale: set[str]) -> None:
        """Default catch-up: index the documents in this process's lexical index."""
        self.store.index_lexically(doc_ids, self.lexical)
        self.lexical.delete_documents(stale)

    @property
    def cities(self) -> set[str]:
        """Cities of the indexed documents."""
        return {str(d.get("city")) for d in self.documents.values() if d.get("city")}

    @property
    def places(self) -> list[str]:
        """Document places and the places above them, ordered by place path (浙江, 宁波 …)."""
        paths: set[str] = set()
        for d in self.documents.values():
            parts = doc_place_path(d).split("/")
            paths.update("/".join(parts[: n + 1]) for n in range(len(parts)) if parts[0])
        return list(dict.fromkeys(p.rsplit("/", 1)[-1] for p in sorted(paths)))

    @property
    def doc_types(self) -> set[str]:
        """Document types present in the index."""
        return {str(d.get("doc_type")) for d in self.documents.values() if d.get("doc_type")}

    def chunks_of(self, doc_id: str) -> list[LexicalChunk]:
        """All chunks of one document in order."""
        return self.lexical.chunks_of(doc_id)

    def outline_for(self, doc_id: str, section: str, exact: bool = False) -> Passage | None:
        """The outline chunk of a section (or, unless exact, of its nearest ancestor)."""
        if doc_id not in self._outlines:
            self._outlines[doc_id] = {
                str(c.metadata.get("section")): c
                for c in self.chunks_of(doc_id)
                if c.metadata.get("kind") == "outline"
            }
        outlines = self._outlines[doc_id]
        parts = section.split(" > ")
        for depth in range(len(parts), 0, -1):
            found = outlines.get(" > ".join(parts[:depth]))
            if found is not None:
                return Passage(found.id, found.text, dict(found.metadata))
            if exact:
                break
        return None

    def idf(self, term: str) -> float:
        """BM25 idf of a token in the lexical index."""
        return self.lexical.idf(term)

    def knows(self, text: str) -> bool:
        """Whether every token of a word or phrase occurs in the index."""
        tokens = tokenize(text)
        return bool(tokens) and all(self.lexical.doc_freq(t) > 0 for t in tokens)

    def allowed_documents(self, query: QueryInfo) -> set[str] | None:
        """Documents passing the query's filters; None = all.

        A place filter (the UI's) keeps that place and everything inside it. A place the
        question names keeps that place's documents and those of the places above it (a
        province's regulation governs its cities), never a sibling's or a child's.
        """
        f = query.filters
        scope: PlaceScope | None = None
        if f.get("city"):
            scope = PlaceScope({place_path(str(f["city"]))}, below=True)
        elif query.place_paths:
            scope = PlaceScope(set(query.place_paths), below=False)
        doc_type, lo, hi = f.get("doc_type"), f.get("year_from"), f.get("year_to")
        if not (scope or doc_type or lo or hi):
            return None
        out = set()
        for doc_id, d in self.documents.items():
            if scope is not None and not scope.admits(d):
                continue
            if doc_type and d.get("doc_type") != doc_type:
                continue
            if (lo or hi) and not _years_overlap(d, lo, hi):
                continue
            out.add(doc_id)
        return out


def place_path(name: str) -> str:
    """'浙江/宁波' for a place name the gazetteer knows, else the name itself (某市)."""
    place = load_gazetteer().get(name)
    return load_gazetteer().path(place) if place is not None else name


def doc_place_path(doc: Mapping[str, Any]) -> str:
    """A document's place path (computed from its city for documents stored before paths)."""
    return str(doc.get("place_path") or place_path(str(doc.get("city") or "")))


@dataclass(frozen=True)
class PlaceScope:
    """Which documents' places a question or filter admits."""

    paths: set[str]
    below: bool  # True: the place and places inside it; False: the place and places above it

    def admits(self, doc: Mapping[str, Any]) -> bool:
        """Whether the document's place is in scope."""
        path = doc_place_path(doc)
        for p in self.paths:
            inner, outer = (path, p) if self.below else (p, path)
            if inner == outer or inner.startswith(outer + "/"):
                return True
        return False


def governs(doc: Mapping[str, Any], query: QueryInfo) -> bool:
    """Whether a document is from a place above the one the question names (a province's)."""
    path = doc_place_path(doc)
    return bool(query.place_paths) and all(
        p != path and p.startswith(path + "/") for p in query.place_paths
    )


def document_years(doc: Mapping[str, Any]) -> list[int]:
    """Years a document record mentions, plus its own year."""
    years = [int(y) for y in str(doc.get("years_text", "")).split(",") if y.strip().isdigit()]
    return [*years, int(doc["year"])] if doc.get("year") is not None else years


def _years_overlap(doc: Mapping[str, Any], lo: object, hi: object) -> bool:
    """Whether the document's own year or any year it mentions lies in [lo, hi]."""
    years = document_years(doc)
    low = int(str(lo)) if lo else 0
    high = int(str(hi)) if hi else 9999
    return any(low <= y <= high for y in years)


def query_tokens(query: QueryInfo) -> list[str]:
    """The question's tokens; an English question's also the Chinese renderings of its words."""
    rendered = [t for _, rs in query.glosses for r in rs for t in tokenize(r)]
    return tokenize(query.text) + rendered


class HybridSearch:
    """BM25, dense, or their normalised-score fusion with metadata boosts."""

    def __init__(self, index: KnowledgeIndex, params: FusionParams | None = None) -> None:
        self.index = index
        self.params = params or FusionParams()

    def search(self, query: QueryInfo, k: int = 5, mode: str = "hybrid") -> list[Passage]:
        """Top-k passages for the query under its filters."""
        self.index.sync()
        allowed_docs = self.index.allowed_documents(query)
        if allowed_docs is not None and not allowed_docs:
            return []
        depth = max(k, self.params.depth)
        lexical = self._lexical(query, depth, allowed_docs) if mode != "dense" else []
        dense = self._dense(query, depth, allowed_docs) if mode != "bm25" else []
        passages = self._fuse(lexical, dense, mode, query.english)
        self._boost(passages, query)
        passages.sort(key=lambda p: p.score, reverse=True)
        return passages[:k]

    def _lexical(self, query: QueryInfo, depth: int, docs: set[str] | None) -> list[Passage]:
        known = self.index.documents  # a document half written or half deleted is never served
        allowed = set(known) if docs is None else docs & set(known)
        hits = self.index.lexical.search(query_tokens(query), depth, allowed)
        return [Passage(c.id, c.text, dict(c.metadata), score) for c, score in hits]

    def _dense(self, query: QueryInfo, depth: int, docs: set[str] | None) -> list[Passage]:
        known = self.index.documents  # chunks left by an interrupted delete are never served
        allowed = None
        if docs is not None:
            allowed = {d: int(known[d].get("chunks", 0)) for d in docs if d in known}
        hits = self.index.store.search(query.text, k=depth, doc_chunks=allowed)
        return [
            Passage(h.id, h.text, dict(h.metadata), h.score)
            for h in hits
            if str(h.metadata.get("doc_id", "")) in known
        ]

    def _fuse(
        self, lexical: list[Passage], dense: list[Passage], mode: str, english: bool = False
    ) -> list[Passage]:
        """Min-max normalise each list, then mix with the lexical weight (an English question's
        words match nothing in Chinese text, so only the multilingual dense side counts)."""
        hybrid = self.params.english_lexical_weight if english else self.params.lexical_weight
        weight = {"bm25": 1.0, "dense": 0.0}.get(mode, hybrid)
        merged: dict[str, Passage] = {}
        for name, hits, w in (("bm25", lexical, weight), ("dense", dense, 1.0 - weight)):
            for rank, (hit, norm) in enumerate(zip(hits, _minmax(hits), strict=True), 1):
                passage = merged.setdefault(hit.id, Passage(hit.id, hit.text, hit.metadata))
                passage.score += w * norm
                passage.ranks[name] = rank
                passage.raw[name] = hit.score
        return list(merged.values())

    def _boost(self, passages: list[Passage], query: QueryInfo) -> None:
        """Small bonuses for passages naming the question's period, years or document type."""
        p = self.params
        for passage in passages:
            text = passage.text
            if query.periods and any(period in text for period in query.periods):
                passage.score += p.period_boost
            if query.years and any(str(y) in text for y in query.years):
                passage.score += p.year_boost
            if query.cities and passage.metadata.get("city") in query.cities:
                passage.score += p.city_boost
            if query.doc_types and passage.metadata.get("doc_type") in query.doc_types:
                passage.score += p.doc_type_boost


def _minmax(hits: list[Passage]) -> list[float]:
    """Scores scaled to [0, 1] within one result list (all 1.0 when they are equal)."""
    if not hits:
        return []
    scores = [h.score for h in hits]
    lo, hi = min(scores), max(scores)
    return [(s - lo) / (hi - lo) if hi > lo else 1.0 for s in scores]
