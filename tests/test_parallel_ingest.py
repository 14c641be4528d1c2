"""A large ingest prepares documents in worker processes and stores exactly what one process would."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import pytest

from assistant.retrieval import chunk_tokens
from ingest.parallel import POOL_MIN_FILES, worker_count
from policyqa.services import Services
from tests.conftest import CORPUS, FakeEmbedder, make_settings
from vectorstore.lexical import LexicalStore

NOISE = "- 1 -\n\n- 2 -\n"  # nothing left after cleaning: refused while being prepared


def _folder(root: Path) -> Path:
    """The sample corpus, generated reports of other places, a copy and an unreadable file."""
    folder = root / "docs"
    folder.mkdir()
    for path in CORPUS.glob("*.txt"):
        shutil.copy(path, folder / path.name)
    for n, city in enumerate(
        ["株洲", "湘潭", "岳阳", "常德", "益阳", "郴州", "永州", "怀化", "娄底", "张家界"]
    ):
        text = (
            f"{city}市2023年知识产权工作总结\n一、工作成效\n"
            f"全市专利申请{9000 + n * 37}件，同比增长{5 + n}.5%。\n"
            f"二、2024年目标\n力争发明专利授权量达到{1200 + n}件。\n"
            f"对新授权发明专利每件奖励{3000 + n * 500}元。\n"
        )
        (folder / f"{city}.txt").write_text(text, encoding="utf-8")
    shutil.copy(folder / "株洲.txt", folder / "株洲（副本）.txt")
    (folder / "noise.txt").write_text(NOISE, encoding="utf-8")
    return folder


def _ingest(tmp: Path, folder: Path, workers: int) -> tuple[list[tuple[Any, ...]], Services]:
    services = Services(make_settings(tmp, ingest_workers=workers))
    services.__dict__["embedder"] = FakeEmbedder()
    report = services.ingest([folder])
    rows = [(r.path.name, r.status, r.doc_id, r.chunks, r.error) for r in report.results]
    return rows, services


def _stored(services: Services) -> tuple[Any, ...]:
    """Every chunk (id, text), every record and lexical rankings, comparable across indexes."""
    chunks = {(hit.id, hit.text) for hit in services.store.iter_chunks()}
    records = sorted(
        tuple(sorted((k, str(v)) for k, v in r.items() if k not in ("id", "added_at")))
        for doc_id in services.records.doc_ids()
        for r in services.records.for_document(doc_id)
    )
    assert services.store.lexical is not None
    return chunks, records, _rankings(services.store.lexical)


def _rankings(lexical: LexicalStore) -> list[list[tuple[str, float]]]:
    return [
        [(chunk.id, round(score, 4)) for chunk, score in lexical.search([word], k=50)]
        for word in ("专利", "株洲", "奖励", "衡阳", "工作总结", "发明")
    ]


def _analysed_afresh(services: Services) -> LexicalStore:
    """An in-memory lexical index of the stored chunks, each tokenised by the analyser now."""
    fresh = LexicalStore(None, chunk_tokens)
    by_doc: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for hit in services.store.iter_chunks():
        by_doc.setdefault(str(hit.metadata["doc_id"]), []).append((hit.id, hit.text, hit.metadata))
    fresh.add_documents(by_doc)
    return fresh


def test_workers_store_what_one_process_stores(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Same results, chunks and records with two workers as in the calling process; the file
    refused inside a worker fails alone with its one-line error, and a copy is unchanged."""
    folder = _folder(tmp_path)
    assert len(list(folder.iterdir())) >= POOL_MIN_FILES
    with caplog.at_level(logging.INFO, logger="ingest.parallel"):
        pooled, pooled_services = _ingest(tmp_path / "pooled", folder, workers=2)
    assert "2 worker processes" in caplog.text
    alone, alone_services = _ingest(tmp_path / "alone", folder, workers=0)
    assert pooled == alone
    statuses = {name: status for name, status, *_ in pooled}
    assert statuses["noise.txt"] == "failed" and statuses["株洲（副本）.txt"] == "unchanged"
    assert list(statuses.values()).count("added") == len(statuses) - 2
    error = next(row[4] for row in pooled if row[0] == "noise.txt")
    assert error.startswith("noise.txt: ") and "\n" not in error
    assert _stored(pooled_services) == _stored(alone_services)
    assert len(_stored(pooled_services)[1]) > 8  # records were read in the workers
    assert _rankings(_analysed_afresh(pooled_services)) == _stored(pooled_services)[2]


def test_small_ingests_stay_in_the_calling_process() -> None:
    """Starting workers costs seconds: a single upload or a few files never do; by default a
    large ingest has at least one."""
    assert worker_count(None, 1) == 0 and worker_count(4, POOL_MIN_FILES - 1) == 0
    assert worker_count(3, POOL_MIN_FILES) == 3 and worker_count(0, 100) == 0
    assert worker_count(None, 100) >= 1
