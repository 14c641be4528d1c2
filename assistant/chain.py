"""The answer chain: rewrite → understand → retrieve → (extract | prompt → generate) → verify."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assistant.answer import Answer
from assistant.answer_types import ILLEGIBLE_WARNING, STRICT, has_illegible_figure
from assistant.compare import comparison_sides, compose_comparison, compose_places, place_sides
from assistant.compose import citation_for, compose_extract, not_found_text
from assistant.doc_facts import document_date
from assistant.evidence import (
    Extract,
    has_figure,
    has_placeholder,
    missing_named_terms,
    split_evidence,
)
from assistant.extractive import ExtractiveAnswerer
from assistant.glossary import Glossary
from assistant.llm import LlmAnswerer
from assistant.ordinals import resolve_ordinal
from assistant.query import (
    QueryInfo,
    new_words,
    normalise_question,
    rewrite_followup,
    understand,
    with_own_type,
    with_previous_place,
    without_place_names,
)
from assistant.records_qa import RecordAnswerer
from assistant.retrieval import (
    HybridSearch,
    KnowledgeIndex,
    Passage,
    doc_place_path,
    document_years,
    governs,
)
from assistant.scoring import answer_probability
from assistant.semantic import SentenceSimilarity

log = logging.getLogger(__name__)

History = Sequence[tuple[str, str]]  # (question, answer) pairs, oldest first
MODES = ("offline", "llm")
ENGLISH_NOTE = "（英文提问：以下依据中文原文作答 / answered in Chinese from the source documents）"


_BARE_FOLLOWUP = re.compile(r"(?:那么?|还有)?.{1,8}呢[？?]?")  # '外观设计呢？', '那2020年呢？'


@dataclass(frozen=True)
class ChainConfig:
    """Knobs of the chain (from Settings)."""

    k: int = 5
    retriever: str = "hybrid"
    min_coverage: float = 0.35  # below this share of the question's weighted terms: not found
    english_list_similarity: float = 0.8  # an English list question's items need this cosine
    max_question_chars: int = 1000  # longer questions are refused with a message, not searched


class AnswerChain:
    """Answers questions with citations, offline (extractive) or through an LLM."""

    def __init__(
        self,
        index: KnowledgeIndex,
        search: HybridSearch,
        config: ChainConfig | None = None,
        llm: LlmAnswerer | None = None,
        records: RecordAnswerer | None = None,
        glossary: Callable[[], Glossary] | None = None,
    ) -> None:
        self.index = index
        self.search = search
        self.config = config or ChainConfig()
        self.llm = llm
        self.records = records
        self.glossary = glossary  # loaded on the first English question
        self.extractive = ExtractiveAnswerer(
            index.idf, index.outline_for, similarity=SentenceSimilarity(index.store.embedder)
        )

    @property
    def modes(self) -> tuple[str, ...]:
        """Answer modes available (LLM only when an endpoint is configured)."""
        return MODES if self.llm is not None else ("offline",)

    def check_mode(self, mode: str) -> None:
        """A clear error for an unknown mode, or LLM mode without a configured endpoint."""
        if mode in self.modes:
            return
        if mode in MODES:
            raise ValueError(
                f"回答模式 '{mode}' 未启用：没有配置大模型接口（POLICYQA_LLM_BASE_URL）；"
                f"可用模式：{', '.join(self.modes)}"
            )
        raise ValueError(f"没有回答模式 '{mode}'；可用模式：{', '.join(self.modes)}")

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
        self.check_mode(mode)
        if len(question) > self.config.max_question_chars:
            yield Answer(
                text=f"问题太长（{len(question)} 字），请精简到 {self.config.max_question_chars} "
                "字以内再问。",
                found=False,
                question=question[:200],
            )
            return
        started = time.perf_counter()
        self.index.sync()
        standalone = self.standalone_question(question, history, mode)
        info = understand(standalone, self.index.cities, self.index.doc_types)
        info = self.glossed(info.with_filters(**(filters or {})))
        if standalone != question:
            info = replace(with_own_type(info, question), asked=question.strip())
        if history and standalone != question and not resolve_ordinal(question, history[-1][1]):
            told = normalise_question(history[-1][1])  # not told again, unless asked anew
            info = replace(info, told=told, new_words=new_words(question, history[-1][0]))
        passages = self.retrieve(info)
        retrieved = time.perf_counter()
        gap = self.coverage_gap(info)
        sides = comparison_sides(info) if mode == "offline" else None
        from_records = self.records.answer(info) if self.records and gap is None else None
        if sides is not None:
            answer = compose_comparison([(label, self.answer_side(side)) for label, side in sides])
        elif from_records is not None:
            answer = from_records
        elif gap is not None or not passages:
            answer = self.not_found(info, passages, gap)
        elif mode == "llm" and self.llm is not None:
            answer = yield from self.llm.answer(info, passages)
        elif places := place_sides(info, passages, self.index.documents):
            answer = compose_places([(label, self.answer_side(side)) for label, side in places])
        else:
            answer = self.answer_offline(info, passages)
        if info.english:
            answer.text = f"{ENGLISH_NOTE}\n{answer.text}"
        answer.question, answer.standalone_question = question, standalone
        answer.timings = {
            "retrieve_ms": 1000 * (retrieved - started),
            "total_ms": 1000 * (time.perf_counter() - started),
        }
        if mode == "offline" or not answer.found or answer.mode == "records":
            yield answer.text
        yield answer

    def glossed(self, info: QueryInfo) -> QueryInfo:
        """An English question with the Chinese renderings of its words that the index holds."""
        if not info.english or self.glossary is None:
            return info
        concepts = self.glossary().concepts(without_place_names(info.text), self.index.knows)
        return replace(info, glosses=tuple(concepts))

    def answer_side(self, info: QueryInfo) -> Answer:
        """One side of a comparison, answered like a question of its own."""
        gap = self.coverage_gap(info)
        passages = self.retrieve(info) if gap is None else []
        if gap is not None or not passages:
            return self.not_found(info, passages, gap)
        return self.answer_offline(info, passages)

    def standalone_question(
        self, question: str, history: History, mode: str, depth: int = 3
    ) -> str:
        """Rewrite a follow-up ("那岳阳呢？") into a standalone question using the history; a
        previous question that was itself a follow-up is read as it was understood then
        (up to `depth` turns back)."""
        if not history:
            return question
        previous = self._previous_question(question, history, depth)
        item = resolve_ordinal(question, history[-1][1])  # '第二条具体…': that item of the list
        if item is not None:
            return with_previous_place(item, previous, self.index.cities)
        info = understand(question, self.index.cities)
        if info.cities or info.unknown_cities or info.place_paths:
            if not info.is_followup:
                return question
        elif not info.is_followup and len(question) > 14:
            return with_previous_place(question, previous, self.index.cities)
        if mode == "llm" and self.llm is not None:
            rewritten = self.llm.rewrite(question, history)
            if rewritten:
                return rewritten
        return rewrite_followup(question, previous, self.index.cities)

    def _previous_question(self, question: str, history: History, depth: int) -> str:
        """What the previous question asked. For a bare follow-up ('外观设计呢？' after
        '实用新型呢？'): the previous one as it was understood (offline, no model call). For
        any other question: the previous one, with the place of an earlier turn when it names
        none ('这个规划是哪个部门负责实施的？' two turns after a 邵阳 question)."""
        previous = history[-1][0]
        if depth <= 0 or len(history) < 2:
            return previous
        if _BARE_FOLLOWUP.fullmatch(normalise_question(question)):
            return self.standalone_question(previous, history[:-1], "offline", depth - 1)
        if self._names_place(previous):
            return previous
        for earlier, _ in reversed(history[-depth - 1 : -1]):
            if self._names_place(earlier):
                return with_previous_place(previous, earlier, self.index.cities)
        return previous

    def _names_place(self, question: str) -> bool:
        """Whether a question names a place (indexed or not)."""
        info = understand(question, self.index.cities)
        return bool(info.cities or info.unknown_cities or info.place_paths)

    def retrieve(self, info: QueryInfo) -> list[Passage]:
        """Top passages under the query's filters (more for an English question, whose words
        only the dense retriever understands)."""
        k = self.config.k * 2 if info.english else self.config.k
        return self.search.search(info, k, self.config.retriever)

    def coverage_gap(self, info: QueryInfo) -> str | None:
        """Why the knowledge base cannot answer (a place or year it does not cover), or None."""
        if not info.filters.get("city"):
            allowed = self.index.allowed_documents(info) if info.place_paths else None
            uncovered = allowed is not None and not allowed
            if uncovered or (info.unknown_cities and not info.cities and not info.place_paths):
                return (
                    f"关于{'、'.join(info.places)}的文件（已收录文件涉及：{self.covered_places()}）"
                )
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

    def covered_places(self) -> str:
        """The places the indexed documents are about, ordered by their place path."""
        paths = {doc_place_path(d): str(d.get("city")) for d in self.index.documents.values()}
        return "、".join(dict.fromkeys(paths[p] for p in sorted(paths))) or "无"

    def answer_offline(self, info: QueryInfo, passages: list[Passage]) -> Answer:
        """Extractive answer, or not-found when the evidence does not hold an answer."""
        extract = document_date(self.index, info, passages)
        if extract is None:
            extract = self.extractive.extract(info, passages)
            if info.wants_amount and any(has_placeholder(e.text) for e in extract.evidence):
                return self.not_found(info, passages, "该数字（文件中以“XX”占位，未公开具体数值）")
            if not extract.evidence or self.abstains(info, extract):
                return self.not_found(info, passages, None)
        text, citations = compose_extract(extract)
        if any(governs(self.index.documents.get(c.doc_id, {}), info) for c in citations):
            text = f"（{'、'.join(info.places)}没有单独的文件，以下出自适用于当地的上级文件。）\n{text}"
        warnings = [ILLEGIBLE_WARNING] if has_illegible_figure(text) else []
        return Answer(text, citations, found=True, mode="offline", warnings=warnings)

    def abstains(self, info: QueryInfo, extract: Extract) -> bool:
        """Whether to say 'not found' although there is evidence: a hard rule says so, or the
        fitted answer model's probability is below its threshold (without a fitted model:
        too little coverage of the question, or no figure for a figure question)."""
        if self.rule_abstains(info, extract):
            return True
        if extract.is_list:  # lists are checked by the rules alone
            return False
        weights = self.extractive.weights
        probability = answer_probability(extract.decision, weights)
        log.debug("answer probability %s for %s", probability, info.text)
        if probability is not None:
            return probability < weights.threshold_for(info.english)
        if extract.coverage < self.config.min_coverage:
            return True
        figure_wanted = info.wants_amount and info.answer_type not in STRICT
        return figure_wanted and not any(has_figure(e.text) for e in extract.evidence)

    def rule_abstains(self, info: QueryInfo, extract: Extract) -> bool:
        """Hard rules: a named term (PCT) the evidence never mentions; no span of a figure-like
        wanted type (a sum, a date) in the evidence; a list that covers too little."""
        if missing_named_terms(info, extract.evidence):
            return True
        if extract.evidence and all(e.features.get("year_conflict") for e in extract.evidence):
            return True  # the question's year is not the one the evidence speaks of
        if extract.is_list and info.english:  # no lexical coverage across languages
            return max(e.similarity for e in extract.evidence) < self.config.english_list_similarity
        if extract.is_list:
            return extract.coverage < self.config.min_coverage
        return info.answer_type in STRICT and not any(e.answer_span for e in extract.evidence)

    def not_found(self, info: QueryInfo, passages: list[Passage], gap: str | None) -> Answer:
        """An honest 'not in the documents' with the closest passages."""
        closest = [citation_for(n, p, split_evidence(p)[:1]) for n, p in enumerate(passages[:3], 1)]
        return Answer(not_found_text(info, gap, bool(closest)), [], found=False, closest=closest)
