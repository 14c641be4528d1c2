"""Evaluation harness: retrieval hit@k / MRR, answer, citation and abstention accuracy, latency."""

from __future__ import annotations

import json
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.chain import AnswerChain
from assistant.query import understand


@dataclass(frozen=True)
class QAItem:
    """One evaluation question."""

    id: str
    q: str
    docs: tuple[str, ...]  # source file(s) holding the answer; empty when unanswerable
    any: tuple[str, ...]
    type: str = "other"
    history: tuple[tuple[str, str], ...] = ()
    split: str = "dev"
    style: str = "plain"
    all: tuple[str, ...] = ()  # fragments that must all appear (comparisons)

    @property
    def doc(self) -> str | None:
        """The first source file (None when the question is unanswerable)."""
        return self.docs[0] if self.docs else None


def load_qa(path: Path) -> list[QAItem]:
    """Read a JSONL QA file; a bad line is an error naming the file, line and field."""
    items: list[QAItem] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            doc = raw.get("doc")
            items.append(
                QAItem(
                    id=str(raw.get("id", f"line{number}")),
                    q=_required(raw, "q"),
                    docs=tuple(doc) if isinstance(doc, list) else (doc,) if doc else (),
                    any=tuple(str(a) for a in raw.get("any") or ()),
                    type=str(raw.get("type") or "other"),
                    history=tuple((str(q), str(a)) for q, a in raw.get("history") or ()),
                    split=str(raw.get("split") or "dev"),
                    style=str(raw.get("style") or "plain"),
                    all=tuple(str(a) for a in raw.get("all") or ()),
                )
            )
        except (ValueError, TypeError, AttributeError) as exc:
            raise ValueError(f"{path.name}:{number}: {exc}") from exc
    return items


def _required(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"field '{key}' must be a non-empty string")
    return value


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def contains_any(text: str, accepted: Iterable[str]) -> bool:
    """Whitespace-insensitive containment of any accepted string."""
    squashed = _squash(text)
    return any(_squash(a) in squashed for a in accepted if a)


def is_correct(text: str, item: QAItem) -> bool:
    """The answer holds one accepted fragment and every required one."""
    return contains_any(text, item.any) and all(contains_any(text, [a]) for a in item.all)


@dataclass
class ItemResult:
    """Per-question outcome."""

    id: str
    type: str
    answerable: bool
    split: str = "dev"
    style: str = "plain"
    rank: int | None = None  # rank of the first retrieved chunk that holds the answer
    answer_ok: bool = False
    citation_ok: bool = False
    abstained: bool = False
    latency_ms: float = 0.0
    answer: str = ""


@dataclass
class Report:
    """All results plus the aggregated metrics."""

    results: list[ItemResult] = field(default_factory=list)

    def metrics(self, items: list[ItemResult] | None = None) -> dict[str, float | int | None]:
        """hit@1/3/5, MRR, answer / citation accuracy (answerable), confidently wrong (answered
        without the expected answer, share of all questions), abstention, latency."""
        items = self.results if items is None else items
        answerable = [r for r in items if r.answerable]
        unanswerable = [r for r in items if not r.answerable]
        latencies = sorted(r.latency_ms for r in items)
        out: dict[str, float | int | None] = {"n": len(items)}
        if items:
            wrong = sum(not r.abstained and not r.answer_ok for r in items)
            out["conf_wrong"] = wrong / len(items)
        if answerable:
            n = len(answerable)
            for k in (1, 3, 5):
                out[f"hit@{k}"] = sum(r.rank is not None and r.rank <= k for r in answerable) / n
            out["mrr"] = sum(1 / r.rank for r in answerable if r.rank) / n
            out["answer_acc"] = sum(r.answer_ok for r in answerable) / n
            out["citation_acc"] = sum(r.citation_ok for r in answerable) / n
        if unanswerable:
            out["abstention"] = sum(r.abstained for r in unanswerable) / len(unanswerable)
        if latencies:
            out["median_ms"] = statistics.median(latencies)
            out["p95_ms"] = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
        return out

    def by_type(self) -> dict[str, dict[str, float | int | None]]:
        """Metrics per question type."""
        return self.grouped("type")

    def grouped(self, key: str) -> dict[str, dict[str, float | int | None]]:
        """Metrics per value of a result field (type, style, split)."""
        groups: dict[str, list[ItemResult]] = defaultdict(list)
        for r in self.results:
            groups[str(getattr(r, key))].append(r)
        return {t: self.metrics(rs) for t, rs in sorted(groups.items())}


def evaluate(
    chain: AnswerChain, items: list[QAItem], k: int = 5, mode: str = "offline", warmup: int = 3
) -> Report:
    """Run every question through retrieval and the chain."""
    for item in items[:warmup]:
        chain.ask(item.q, item.history, mode=mode)
    report = Report()
    for item in items:
        report.results.append(_evaluate_one(chain, item, k, mode))
    return report


def _evaluate_one(chain: AnswerChain, item: QAItem, k: int, mode: str) -> ItemResult:
    result = ItemResult(item.id, item.type, bool(item.docs), item.split, item.style)
    started = time.perf_counter()
    answer = chain.ask(item.q, item.history, mode=mode)
    result.latency_ms = 1000 * (time.perf_counter() - started)
    result.answer = answer.text
    result.abstained = not answer.found
    if not item.docs:
        return result
    standalone = chain.standalone_question(item.q, item.history, mode)
    info = chain.glossed(understand(standalone, chain.index.cities, chain.index.doc_types))
    passages = chain.search.search(info, k, chain.config.retriever)
    result.rank = next(
        (
            n
            for n, p in enumerate(passages, 1)
            if p.metadata.get("source") in item.docs and contains_any(p.text, item.any)
        ),
        None,
    )
    result.answer_ok = answer.found and is_correct(answer.text, item)
    result.citation_ok = answer.found and any(c.doc in item.docs for c in answer.citations)
    return result


COLUMNS = (
    "n",
    "hit@1",
    "hit@5",
    "mrr",
    "answer_acc",
    "conf_wrong",
    "abstention",
    "citation_acc",
    "median_ms",
    "p95_ms",
)


def format_report(report: Report, label: str = "", groups: tuple[str, ...] = ("type",)) -> str:
    """A plain-text table: overall, then per value of each grouping field."""
    cols = COLUMNS
    lines = [f"{label:<14}" + "".join(f"{c:>13}" for c in cols)]
    rows = [("overall", report.metrics())]
    for key in groups:
        rows += [(f"{key}:{name}", m) for name, m in report.grouped(key).items()]
    for name, metrics in rows:
        cells = []
        for c in cols:
            v = metrics.get(c)
            cells.append(
                f"{'—':>13}" if v is None else f"{v:>13.3f}" if isinstance(v, float) else f"{v:>13}"
            )
        lines.append(f"{name:<14}" + "".join(cells))
    return "\n".join(lines)
