"""Dates a document states for itself (施行 / 通过 / 修订), answered from its metadata.

Ingestion records a regulation's adoption, revision and effective dates. A date question about
one of those events is answered with the sentence of the best-matching document that states
that date, so "什么时候施行" never picks the date of another event or another document.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.answer_types import asked_events, best_span
from assistant.evidence import Evidence, Extract, split_evidence
from assistant.query import QueryInfo
from assistant.retrieval import KnowledgeIndex, Passage

_FIELDS = {"施行": "effective", "通过": "adopted", "修订": "revised"}


def event_field(info: QueryInfo) -> str | None:
    """The metadata field a date question asks for, or None."""
    if info.answer_type != "date":
        return None
    events = asked_events(info.text)
    return _FIELDS.get(events[0]) if events else None


def chinese_date(iso: str) -> str:
    """'2017-10-01' → '2017年10月1日'."""
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{year}年{month}月{day}日"


def document_date(
    index: KnowledgeIndex, info: QueryInfo, passages: list[Passage]
) -> Extract | None:
    """The sentence stating the asked event's date in the top-ranked document, or None."""
    field = event_field(info)
    if field is None or not passages:
        return None
    doc_id = passages[0].doc_id
    doc: Mapping[str, Any] = index.documents.get(doc_id, {})
    raw = str(doc.get(field) or "")
    dates = [chinese_date(iso) for iso in raw.split(",") if iso]
    for chunk in index.chunks_of(doc_id):
        passage = Passage(chunk.id, chunk.text, dict(chunk.metadata), passages[0].score)
        for ev in split_evidence(passage):
            text = ev.text.replace(" ", "")
            if any(d in text for d in dates):
                ev.answer_span = best_span(ev.text, "date", info.text)
                if ev.answer_span is not None:
                    return _extract(ev)
    return None


def _extract(ev: Evidence) -> Extract:
    ev.coverage = 1.0
    return Extract([ev], 1.0)
