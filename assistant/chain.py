"""The answer chain: rewrite → understand → retrieve → (extract | prompt → generate) → verify."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answer import Answer
from assistant.compose import citation_for, compose_extract, not_found_text
from assistant.extractive import (
    ExtractiveAnswerer,
    has_figure,
    has_placeholder,
    measure_coverage,
    missing_named_terms,
    split_evidence,
)
from assistant.llm import LlmAnswerer
from assistant.query import QueryInfo, rewrite_followup, understand
from assistant.records_qa import RecordAnswerer
from assistant.retrieval import HybridSearch, KnowledgeIndex, Passage, document_years

log = logging.getLogger(__name__)

History = Sequence[tuple[str, str]]  # (question, answer) pairs, oldest first
MODES = ("offline", "llm")


@dataclass(frozen=True)
class ChainConfig:
    """Knobs of the chain (from Settings)."""

    k: int = 5
    retriever: str = "hybrid"
    min_coverage: float = 0.35  # below this share of the question's weighted terms: not found
    min_measure_coverage: float = 0.35  # share of the asked-for measure's words a figure needs


class AnswerChain:
    """Answers questions with citations, offline (extractive) or through an LLM."""

    def __init__(
        self,
        index: KnowledgeIndex,
        search: HybridSearch,
        config: ChainConfig | None = None,
        llm: LlmAnswerer | None = None,
        records: RecordAnswerer | None = None,
    ) -> None:
        self.index = index
        self.search = search
        self.config = config or ChainConfig()
        self.llm = llm
        self.records = records
        self.extractive = ExtractiveAnswerer(index.bm25.idf, index.outline_for)

    @property
    def modes(self) -> tuple[str, ...]:
        """Answer modes available (LLM only when an endpoint is configured)."""
        return MODES if self.llm is not None else ("offline",)

    def ask(
        self,
        question: str,
        history: History = (),
        filters: Mapping[str, Any] | None = None,
        mode: str = "offline",
    ) -> Answer:
        """The final answer (streamed pieces are discarded)."""
        answer: Answer | None = None
        for piece in self.stream(question, history, filters, mode):
            if isinstance(piece, Answer):
                answer = piece
        assert answer is not None
        return answer

    def stream(
        self,
        question: str,
        history: History = (),
        filters: Mapping[str, Any] | None = None,
        mode: str = "offline",
    ) -> Iterator[str | Answer]:
        """Yield text pieces as they are generated, then the final verified Answer."""
        if mode not in self.modes:
            raise ValueError(f"answer mode '{mode}' is not available (available: {self.modes})")
        started = time.perf_counter()
        self.index.sync()
        standalone = self.standalone_question(question, history, mode)
        info = understand(standalone, self.index.cities, self.index.doc_types)
        info = info.with_filters(**(filters or {}))
        passages = self.retrieve(info)
        retrieved = time.perf_counter()
        gap = self.coverage_gap(info)
        from_records = self.records.answer(info) if self.records and gap is None else None
        if from_records is not None:
            answer = from_records
        elif gap is not None or not passages:
            answer = self.not_found(info, passages, gap)
        elif mode == "llm" and self.llm is not None:
            answer = yield from self.llm.answer(info, passages)
        else:
            answer = self.answer_offline(info, passages)
        answer.question, answer.standalone_question = question, standalone
        answer.timings = {
            "retrieve_ms": 1000 * (retrieved - started),
            "total_ms": 1000 * (time.perf_counter() - started),
        }
        if mode == "offline" or not answer.found or answer.mode == "records":
            yield answer.text
        yield answer

    def standalone_question(self, question: str, history: History, mode: str) -> str:
        """Rewrite a follow-up ("那岳阳呢？") into a standalone question using the history."""
        if not history:
            return question
        info = understand(question, self.index.cities)
        if not info.is_followup and (info.cities or len(question) > 14):
            return question
        if mode == "llm" and self.llm is not None:
            rewritten = self.llm.rewrite(question, history)
            if rewritten:
                return rewritten
        return rewrite_followup(question, history[-1][0], self.index.cities)

    def retrieve(self, info: QueryInfo) -> list[Passage]:
        """Top passages under the query's filters."""
        return self.search.search(info, self.config.k, self.config.retriever)

    def coverage_gap(self, info: QueryInfo) -> str | None:
        """Why the knowledge base cannot answer (unknown city, uncovered year), or None."""
        if info.unknown_cities and not info.cities and not info.filters.get("city"):
            return f"关于{'、'.join(info.unknown_cities)}市的文件"
        if info.years:
            allowed = self.index.allowed_documents(info)
            docs = [
                d
                for doc_id, d in self.index.documents.items()
                if allowed is None or doc_id in allowed
            ]
            mentioned = {y for d in docs for y in document_years(d)}
            missing = [y for y in info.years if y not in mentioned]
            if missing:
                where = f"{'、'.join(info.cities)}" if info.cities else ""
                return f"{where}{'、'.join(str(y) for y in missing)}年的相关内容"
        return None

    def answer_offline(self, info: QueryInfo, passages: list[Passage]) -> Answer:
        """Extractive answer, or not-found when the best evidence covers too little."""
        extract = self.extractive.extract(info, passages)
        log.debug("coverage %.2f for %s", extract.coverage, info.text)
        if not extract.evidence or extract.coverage < self.config.min_coverage:
            return self.not_found(info, passages, None)
        if missing_named_terms(info, extract.evidence):
            return self.not_found(info, passages, None)
        if info.wants_amount and not extract.is_list:
            if any(has_placeholder(e.text) for e in extract.evidence):
                return self.not_found(info, passages, "该数字（文件中以“XX”占位，未公开具体数值）")
            if not any(has_figure(e.text) for e in extract.evidence):
                return self.not_found(info, passages, None)
            measured = measure_coverage(info, extract.evidence, self.index.bm25.idf)
            if measured < self.config.min_measure_coverage:
                log.debug("measure coverage %.2f for %s", measured, info.text)
                return self.not_found(info, passages, None)
        text, citations = compose_extract(extract)
        return Answer(text, citations, found=True, mode="offline")

    def not_found(self, info: QueryInfo, passages: list[Passage], gap: str | None) -> Answer:
        """An honest 'not in the documents' with the closest passages."""
        closest = [citation_for(n, p, split_evidence(p)[:1]) for n, p in enumerate(passages[:3], 1)]
        return Answer(not_found_text(info, gap), [], found=False, closest=closest)
