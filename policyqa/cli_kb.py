"""Knowledge-base commands of the `policyqa` CLI: ingest, list, delete, stats, search, re-index."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from assistant.query import understand
from ingest.pipeline import IngestReport, Progress
from policyqa.kb import STATUS
from policyqa.services import Services

log = logging.getLogger("policyqa")
CLI_USER = f"cli:{getpass.getuser()}"


def _progress_bar(desc: str) -> tuple[Progress, Callable[[], None]]:
    """A tqdm-backed progress callback (on stderr) and a function closing the bar."""
    bar: tqdm[Any] | None = None

    def update(done: int, total: int, name: str) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=desc, unit="文件", file=sys.stderr, leave=False)
        bar.n = done
        bar.set_postfix_str(name[:30], refresh=True)

    def close() -> None:
        if bar is not None:
            bar.close()

    return update, close


def print_report(report: IngestReport) -> int:
    """Print per-file errors and the summary; exit status 1 when anything failed."""
    for result in report.failed:
        print(f"失败 / failed: {result.error}", file=sys.stderr)
    print(report.summary())
    return 1 if report.failed else 0


def parse_overrides(pairs: Sequence[str]) -> dict[str, object]:
    """'city=衡阳' 'year=2020' → {'city': '衡阳', 'year': '2020'}."""
    out: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise ValueError(f"--meta expects FIELD=VALUE, got '{pair}'")
        out[key.strip()] = value.strip()
    return out


def cmd_ingest(args: argparse.Namespace, services: Services) -> int:
    """Ingest files and folders."""
    progress, close = _progress_bar("导入")
    try:
        report = services.ingest(
            [Path(p) for p in args.paths], parse_overrides(args.meta), progress
        )
    finally:
        close()
    for result in report.results:
        services.audit.record(
            CLI_USER, STATUS.get(result.status, result.status), result.name, result.error
        )
    return print_report(report)


def cmd_list(args: argparse.Namespace, services: Services) -> int:
    """List documents with their metadata."""
    docs = services.store.list_documents()
    if args.json:
        print(json.dumps(docs, ensure_ascii=False, indent=2))
        return 0
    if not docs:
        print("知识库为空 / no documents")
    for d in docs:
        print(
            f"{d['doc_id']}  {d.get('source', '')}  《{d.get('title', '')}》  "
            f"{d.get('city', '')} · {d.get('year', '—')} · {d.get('doc_type', '')} · "
            f"{d.get('chunks', 0)} 段"
        )
    return 0


def find_documents(services: Services, key: str) -> list[dict[str, Any]]:
    """Documents whose id, file name or title equals `key` (or whose id starts with it)."""
    docs = services.store.list_documents()
    exact = [d for d in docs if key in (d["doc_id"], d.get("source"), d.get("title"))]
    return exact or [d for d in docs if len(key) >= 6 and str(d["doc_id"]).startswith(key)]


def cmd_delete(args: argparse.Namespace, services: Services) -> int:
    """Delete a document (by id, file name or title) and all its chunks."""
    matches = find_documents(services, args.doc)
    if len(matches) != 1:
        reason = "no document matches" if not matches else "several documents match"
        print(f"错误 / error: {reason} '{args.doc}'", file=sys.stderr)
        return 1
    services.delete(str(matches[0]["doc_id"]))
    services.audit.record(CLI_USER, "删除", str(matches[0].get("source", matches[0]["doc_id"])))
    print(f"已删除 / deleted {matches[0]['doc_id']} {matches[0].get('source', '')}")
    return 0


def cmd_stats(args: argparse.Namespace, services: Services) -> int:
    """Print index statistics."""
    print(json.dumps(index_stats(services), ensure_ascii=False, indent=2))
    return 0


def index_stats(services: Services) -> dict[str, Any]:
    """Documents, chunks, model and location of the index."""
    s = services.settings
    docs = services.store.list_documents()
    location = f"http://{s.chroma_host}:{s.chroma_port}" if s.chroma_host else str(s.chroma_dir)
    return {
        "documents": len(docs),
        "chunks": services.store.count(),
        "embedding_model": services.embedder.model_id,
        "embedding_dim": services.embedder.dim,
        "store": location,
        "collection": s.collection,
        "cities": sorted({str(d.get("city", "")) for d in docs}),
    }


def cmd_search(args: argparse.Namespace, services: Services) -> int:
    """Raw retrieval (hybrid by default): top chunks with scores, ranks and section paths."""
    index = services.index
    info = understand(args.query, index.cities, index.doc_types).with_filters(city=args.city)
    retriever = args.retriever or services.settings.retriever
    hits = services.chain.search.search(info, args.k, retriever)
    if args.json:
        rows = [
            {"id": h.id, "score": h.score, "ranks": h.ranks, "text": h.text, **h.metadata}
            for h in hits
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for rank, hit in enumerate(hits, 1):
        m = hit.metadata
        ranks = " ".join(f"{k}#{v}" for k, v in hit.ranks.items())
        print(
            f"[{rank}] {hit.score:.3f} ({ranks})  {m.get('city')} 《{m.get('title')}》 § {m.get('section')}"
        )
        print("    " + hit.text.replace("\n", "\n    ")[:400])
    return 0 if hits else 1


def cmd_reindex(args: argparse.Namespace, services: Services) -> int:
    """Rebuild the whole index with the configured model and chunking."""
    progress, close = _progress_bar("重建索引")
    try:
        report = services.reindex(progress)
    finally:
        close()
    services.audit.record(CLI_USER, "重建索引", "", report.summary())
    return print_report(report)
