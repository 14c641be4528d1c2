"""What the index holds and why an answer was found: a document's chunks and records, and
hit testing (命中测试) — a query's ranked chunks with each retriever's score. No Gradio here."""

from __future__ import annotations

from typing import Any

from assistant.answer import location_of
from assistant.query import understand
from assistant.retrieval import Passage
from policyqa.services import Services

CHUNK_COLUMNS = ["序号", "章节", "词元数", "类型", "内容"]
RECORD_COLUMNS = ["类别", "指标", "数值", "年份/期间", "原文"]
HIT_COLUMNS = [
    "排名",
    "文档",
    "章节",
    "融合分",
    "BM25 名次",
    "BM25 分",
    "向量名次",
    "向量相似度",
    "内容",
]
KINDS = {"target": "目标", "outcome": "完成情况", "subsidy": "资助", "measure": "支持措施"}
PREVIEW = 160


def chunk_rows(services: Services, doc_id: str) -> list[list[Any]]:
    """A document's chunks in order: number, section path (and page), tokens, kind, text."""
    return [
        [
            c.metadata.get("chunk", ""),
            " · ".join(x for x in (c.metadata.get("section", ""), location_of(c.metadata)) if x),
            c.metadata.get("tokens", ""),
            c.metadata.get("kind", ""),
            c.text,
        ]
        for c in services.index.chunks_of(doc_id)
    ]


def record_rows(services: Services, doc_id: str) -> list[list[Any]]:
    """A document's extracted targets, outcomes and subsidies."""
    rows = []
    for r in services.records.for_document(doc_id):
        value = r.get("value_text") or f"{r.get('value', '')}{r.get('unit') or ''}"
        when = r.get("period") or r.get("year") or ""
        kind = KINDS.get(str(r.get("kind")), r.get("kind"))
        rows.append([kind, r.get("indicator", ""), value, when, r.get("sentence", "")])
    return rows


def hit_rows(
    services: Services, query: str, city: str | None = None, k: int = 10
) -> list[list[Any]]:
    """The query's top chunks as the answer chain retrieves them (hybrid), with the lexical,
    dense and fused scores and ranks, so a user can see why something was or was not found."""
    index = services.index
    index.sync()
    info = understand(query, index.cities, index.doc_types).with_filters(city=city)
    passages = services.chain.search.search(info, k, "hybrid")
    return [_hit_row(n, p, index.documents.get(p.doc_id, {})) for n, p in enumerate(passages, 1)]


def _hit_row(rank: int, p: Passage, doc: dict[str, Any]) -> list[Any]:
    title = doc.get("title") or doc.get("source") or p.doc_id
    return [
        rank,
        f"{doc.get('city', '')}《{title}》",
        p.metadata.get("section", ""),
        round(p.score, 3),
        p.ranks.get("bm25", "—"),
        round(p.raw["bm25"], 2) if "bm25" in p.raw else "—",
        p.ranks.get("dense", "—"),
        round(p.raw["dense"], 3) if "dense" in p.raw else "—",
        p.text[:PREVIEW] + ("…" if len(p.text) > PREVIEW else ""),
    ]
