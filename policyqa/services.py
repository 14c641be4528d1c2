"""Composition helpers: build the configured components from one Settings object."""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from pathlib import Path

from chromadb.api import ClientAPI

from assistant.answer import Answer
from assistant.chain import AnswerChain, ChainConfig
from assistant.extractive import ExtractiveAnswerer
from assistant.glossary import load_glossary
from assistant.llm import LlmAnswerer, make_chat_model
from assistant.records_qa import RecordAnswerer
from assistant.retrieval import FusionParams, HybridSearch, KnowledgeIndex, chunk_tokens
from ingest.chunker import count_tokens
from ingest.models import IngestError, Limits
from ingest.pipeline import (
    FileResult,
    Ingestor,
    IngestReport,
    Progress,
)
from ingest.records import RECORDS_VERSION
from policyqa.reindex import rebuild_index
from policyqa.settings import Settings
from vectorstore.audit import AuditLog
from vectorstore.cache import CachedEmbedder, EmbeddingCache
from vectorstore.collections import (
    needs_recovery,
    open_client,
    recover_collections,
    reset_local_clients,
)
from vectorstore.conversations import ConversationLog
from vectorstore.embeddings import Embedder, make_embedder
from vectorstore.lexical import LexicalStore
from vectorstore.lock import WriteLock, read_generation
from vectorstore.records import RecordStore
from vectorstore.store import ChunkStore

log = logging.getLogger(__name__)


class Services:
    """Lazily built, shared components of one running application (store, embedder, …)."""

    VIEWS = ("store", "ingestor", "index", "chain", "llm")

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.write_lock = WriteLock(settings.data_dir, settings.write_lock_timeout)
        self._seen_generation: str | None = None
        self._client_generation: str | None = None  # generation the local clients were read at
        self._refresh_lock = threading.Lock()

    @cached_property
    def embedder(self) -> Embedder:
        """The configured embedding model behind the on-disk embedding cache."""
        inner = make_embedder(self.settings.embedding_model)
        return CachedEmbedder(inner, EmbeddingCache(self.settings.cache_path))

    @cached_property
    def store(self) -> ChunkStore:
        """The Chroma chunk store (local folder, or server when a host is configured)."""
        s = self.settings
        client = self._current_client()
        if self.write_lock.acquire(wait=False):  # a writer busy right now is not a crash
            cleaned = False
            try:
                client = self._current_client()  # a write may have ended since: read again
                if self.write_lock.interrupted or needs_recovery(
                    client, s.collection, self.staging_name
                ):
                    self._clean_up_after_crash(client)
                    cleaned = True
            finally:
                self.write_lock.release(changed=cleaned)
            if cleaned and not self.write_lock.held:
                self._seen_generation = self.write_lock.generation
        return ChunkStore(client, s.collection, self.embedder, self.lexical(s.lexical_dir))

    def _current_client(self) -> ClientAPI:
        """A client on the data folder as of its current generation, which becomes the view's:
        a cached local client read before another process's write is reset first."""
        s = self.settings
        self._seen_generation = read_generation(s.data_dir)
        if not s.chroma_host and self._seen_generation != self._client_generation:
            reset_local_clients(s.chroma_dir)
            self._client_generation = self._seen_generation
        return open_client(s.chroma_dir, s.chroma_host, s.chroma_port)

    def lexical(self, folder: Path) -> LexicalStore:
        """The on-disk lexical index in `folder`."""
        return LexicalStore(folder, chunk_tokens)

    def _clean_up_after_crash(self, client: ClientAPI) -> None:
        """Undo what a writer killed mid-way left (lock held): a half-done re-index, chunks
        without a record, both versions of an updated file, records of deleted documents."""
        s = self.settings
        log.warning("上次写入被中断，正在清理：%s", s.data_dir)
        recover_collections(client, s.collection, self.staging_name)
        shutil.rmtree(s.lexical_staging_dir, ignore_errors=True)
        store = ChunkStore(client, s.collection, self.embedder, self.lexical(s.lexical_dir))
        store.repair()
        self.ingestor_for(store).drop_superseded()
        self.records.retain({str(d["doc_id"]) for d in store.list_documents()})

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the data folder's write lock, on a view that includes every earlier write.
        Refused input (a bad file, an unknown document) leaves the folder as clean as a
        completed write; any other exception marks it for clean-up by the next holder."""
        self.write_lock.acquire()
        clean = False
        try:
            self.refresh_if_changed()
            yield
            clean = True
        except (IngestError, ValueError, KeyError):
            clean = True
            raise
        finally:
            self.write_lock.release(clean=clean)
            if clean and not self.write_lock.held:  # a refused file too: no reload for it
                self._seen_generation = self.write_lock.generation
                if "index" in self.__dict__:  # this process's own write: follow it at once
                    self.index.sync(force=True)

    def refresh_if_changed(self) -> bool:
        """Reopen the store and index when another process wrote since this view was opened."""
        with self._refresh_lock:
            current = read_generation(self.settings.data_dir)
            if self._seen_generation is None or current == self._seen_generation:
                return False
            log.info("知识库已被其他进程更新，重新加载索引")
            if not self.settings.chroma_host:  # before the views go, so none reopens the old one
                reset_local_clients(self.settings.chroma_dir)
                self._client_generation = current
            self.drop_views()
            return True

    def drop_views(self) -> None:
        """Forget the store and everything built on it (rebuilt on next use)."""
        for name in self.VIEWS:
            self.__dict__.pop(name, None)
        self._seen_generation = None

    @property
    def staging_name(self) -> str:
        """Collection a re-index is built in before it replaces the live one."""
        return f"{self.settings.collection}-staging"

    @cached_property
    def ingestor(self) -> Ingestor:
        """The ingestion pipeline writing into the store."""
        return self.ingestor_for(self.store)

    def ingestor_for(self, store: ChunkStore) -> Ingestor:
        """An ingestion pipeline writing into `store` with the configured chunking."""
        s = self.settings
        return Ingestor(
            store,
            chunk_tokens=s.chunk_tokens,
            overlap_sentences=s.chunk_overlap_sentences,
            limits=Limits(
                max_bytes=int(s.max_file_mb * 1024 * 1024),
                max_unzipped_bytes=int(s.max_unzipped_mb * 1024 * 1024),
                max_zip_ratio=s.max_zip_ratio,
                max_html_depth=s.max_html_depth,
                max_pdf_pages=s.max_pdf_pages,
                max_chars=s.max_chars,
                max_chunks=s.max_chunks,
                max_seconds=s.max_file_seconds,
                ocr_pages=s.ocr_max_pages,
                ocr_seconds=s.ocr_max_seconds,
            ),
            embed_batch_size=s.embed_batch_size,
            archive_dir=s.files_dir,
            records=self.records,
            write_batch_chunks=s.write_batch_chunks,
            workers=s.ingest_workers,
        )

    @cached_property
    def audit(self) -> AuditLog:
        """Who changed the knowledge base, when, and which document (SQLite in the data folder)."""
        return AuditLog(self.settings.data_dir / "audit.sqlite3")

    @cached_property
    def conversations(self) -> ConversationLog:
        """Questions, answers and users' feedback (SQLite in the data folder)."""
        return ConversationLog(self.settings.data_dir / "conversations.sqlite3")

    def log_turn(self, user: str, answer: Answer, mode: str) -> int:
        """Record an answered question in the conversation log; returns its id."""
        return self.conversations.record(
            user,
            answer.question,
            answer.text,
            [f"[{c.n}] {c.doc} § {c.section}" for c in answer.citations],
            mode,
            answer.found,
            answer.timings.get("total_ms", 0.0),
        )

    @cached_property
    def records(self) -> RecordStore:
        """Structured targets, outcomes and subsidies (SQLite in the data folder)."""
        store = RecordStore(self.settings.data_dir / "records.sqlite3")
        if not store.extractor_version() and not store.doc_ids():
            store.mark_stale(RECORDS_VERSION)  # a new folder: its records come from these rules
        return store

    @cached_property
    def index(self) -> KnowledgeIndex:
        """Lexical index and registry, following the store."""
        # A local folder's writers stamp a generation that `refresh_if_changed` follows, so the
        # registry is re-read only then; a shared Chroma server is polled once a second.
        interval = 1.0 if self.settings.chroma_host else float("inf")
        index = KnowledgeIndex(self.store, min_sync_interval=interval, catch_up=self._catch_up)
        index.sync(force=True)
        return index

    def _catch_up(self, doc_ids: set[str], stale: set[str]) -> None:
        """Index registered documents the lexical index lacks (an index from before it existed,
        or documents another instance added in server mode) and drop those deleted elsewhere,
        when nobody else is writing."""
        if self.write_lock.acquire(wait=False):
            try:
                log.info("正在为 %d 篇文档建立词法索引…", len(doc_ids))
                self.store.index_lexically(doc_ids)
                if self.store.lexical is not None:
                    self.store.lexical.delete_documents(stale)
            finally:
                self.write_lock.release(changed=False)

    def search(self) -> HybridSearch:
        """The hybrid search with the configured fusion weight."""
        return HybridSearch(self.index, FusionParams(lexical_weight=self.settings.lexical_weight))

    @cached_property
    def llm(self) -> LlmAnswerer | None:
        """The LLM answerer when an endpoint is configured."""
        s = self.settings
        if not s.llm_base_url:
            return None
        model = make_chat_model(
            s.llm_base_url,
            s.llm_model,
            s.llm_api_key.get_secret_value(),
            s.llm_temperature,
            s.llm_timeout,
        )
        return LlmAnswerer(
            model,
            count_tokens,
            s.context_tokens,
            ExtractiveAnswerer(self.index.idf, self.index.outline_for),
        )

    @cached_property
    def chain(self) -> AnswerChain:
        """The answer chain with the configured retriever and modes."""
        s = self.settings
        config = ChainConfig(
            k=s.retrieval_k,
            retriever=s.retriever,
            min_coverage=s.min_coverage,
            english_list_similarity=s.english_list_similarity,
            max_question_chars=s.max_question_chars,
        )
        records = RecordAnswerer(self.records, self.index)
        glossary = load_glossary if s.english_glossary else None
        return AnswerChain(self.index, self.search(), config, self.llm, records, glossary)

    def warm_up(self) -> None:
        """Load what the first question of a kind would wait for (the English glossary, about
        a second) in a background thread, so a web user never waits for it."""
        if self.settings.english_glossary:
            threading.Thread(target=load_glossary, name="glossary", daemon=True).start()

    def ensure_sample_corpus(self, progress: Progress | None = None) -> IngestReport | None:
        """Ingest the bundled sample corpus when the index holds no documents (first start)."""
        s = self.settings
        if not s.auto_ingest_sample or self.store.document_ids():
            return None
        with self.writing():
            if self.store.document_ids():  # another process got there first
                return None
            log.info("索引为空，正在导入示例文档 %s …", s.sample_corpus_dir)
            report = self.ingestor.ingest([s.sample_corpus_dir], progress=progress)
        log.info("示例文档导入完成：%s", report.summary())
        return report

    def sync_records(self) -> None:
        """Extract records for documents indexed before records existed or under other
        extraction rules (`RECORDS_VERSION`); drop orphans."""
        stale = self.records.extractor_version() != RECORDS_VERSION
        ids = self.store.document_ids()
        if stale or ids - self.records.doc_ids() or self.records.doc_ids() - ids:
            with self.writing():
                if self.records.extractor_version() != RECORDS_VERSION:
                    self.records.mark_stale(RECORDS_VERSION)  # new rules: read every document
                ids = self.store.document_ids()
                for doc_id in ids - self.records.doc_ids():
                    self.ingestor.refresh_records(doc_id)
                self.records.retain(ids)

    def ingest(
        self,
        paths: list[Path],
        overrides: dict[str, object] | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Ingest files and folders under the write lock."""
        with self.writing():
            return self.ingestor.ingest(paths, overrides, progress)

    def ingest_file(self, path: Path, source: str) -> FileResult:
        """Ingest one (uploaded) file under the write lock."""
        with self.writing():
            return self.ingestor.ingest_file(path, source=source)

    def delete(self, doc_id: str) -> bool:
        """Delete a document and its chunks under the write lock."""
        with self.writing():
            return self.ingestor.delete(doc_id)

    def relabel(self, doc_id: str, values: dict[str, object]) -> dict[str, object]:
        """Correct a document's metadata under the write lock; returns the changed fields."""
        with self.writing():
            return self.ingestor.relabel(doc_id, values)

    def reindex(self, progress: Progress | None = None) -> IngestReport:
        """Rebuild the index from the archived originals with the configured model and chunking.

        Metadata as stored (including user corrections) is kept. Works when the index was built
        with another embedding model, which is exactly when it is needed. The new index is built
        beside the live one, which keeps answering and is replaced only when every document
        is in the new one: a crash or a document whose original is missing changes nothing.
        """
        with self.writing():
            return rebuild_index(self, progress)
