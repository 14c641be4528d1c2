"""Offline answerer: picks the sentence(s) that answer the question from retrieved passages."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.lexical import tokenize
from assistant.query import QueryInfo
from assistant.retrieval import Passage

_SENTENCE = re.compile(r"[^。！？；\n]+(?:[。！？；]+[”’」』）)]*|\n|$)")
_HAS_FIGURE = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|％|件|个|家|人次|人|起|万元|亿元|元|倍|次|项|名|所|分|位|月|年|天|亿)"
)
_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]是|首先|其次|再次|最后|第[一二三四五六七八九十]|"
    r"[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．])"
)
_KIND_CUES = {
    "target": re.compile(r"目标|达到|力争|到\s*20\d\d|以上|确保|预期|翻一番|要"),
    "reason": re.compile(
        r"原因|由于|因为|造成|导致|主要是|不足|不强|过重|不高|较弱|淡薄|缺少|缺乏"
    ),
    "subsidy": re.compile(r"资助|补贴|奖励|补助|奖补|激励|经费|资金"),
}

Idf = Callable[[str], float]


@dataclass
class Evidence:
    """A candidate sentence with its absolute span and score."""

    passage: Passage
    text: str
    start: int  # absolute span in the cleaned document text
    end: int
    score: float = 0.0
    coverage: float = 0.0


@dataclass
class Extract:
    """The chosen evidence; `coverage` says how much of the question it answers (0..1)."""

    evidence: list[Evidence]
    coverage: float
    is_list: bool = False


def split_evidence(passage: Passage) -> list[Evidence]:
    """Sentences of a passage with absolute spans (an outline is one piece)."""
    base = int(passage.metadata.get("start", 0))
    if passage.metadata.get("kind") == "outline":
        end = int(passage.metadata.get("end", base))
        return [Evidence(passage, passage.text, base, end)]
    out = []
    for m in _SENTENCE.finditer(passage.text):
        text = m.group(0).strip()
        if len(text) >= 2:
            offset = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            out.append(Evidence(passage, text, base + offset, base + offset + len(text)))
    return out


class ExtractiveAnswerer:
    """Scores sentences by weighted query-term coverage plus cues for the kind of question."""

    def __init__(self, idf: Idf, passages_considered: int = 6) -> None:
        self.idf = idf
        self.passages_considered = passages_considered

    def extract(self, query: QueryInfo, passages: Sequence[Passage]) -> Extract:
        """Best evidence for the question (empty when there are no passages)."""
        weights = self._query_weights(query)
        candidates: list[Evidence] = []
        top = passages[: self.passages_considered]
        best_score = max((p.score for p in top), default=1.0) or 1.0
        for passage in top:
            context = set(tokenize(_context(passage)))
            prior = 0.15 * passage.score / best_score
            for ev in split_evidence(passage):
                self._score(ev, weights, context, query, prior)
                candidates.append(ev)
        if not candidates:
            return Extract([], 0.0)
        candidates.sort(key=lambda e: e.score, reverse=True)
        if query.kind in ("list", "reason", "subsidy") and not query.wants_amount:
            listed = self._as_list(candidates, query)
            if listed is not None:
                return listed
        chosen = self._with_companion(candidates)
        return Extract(chosen, max(e.coverage for e in chosen))

    def _query_weights(self, query: QueryInfo) -> dict[str, float]:
        """idf weight of each topical query token (cities and years are handled by filters)."""
        skip = set(query.cities) | {str(y) for y in query.years}
        return {t: self.idf(t) for t in set(tokenize(query.text)) if t not in skip}

    def _score(
        self,
        ev: Evidence,
        weights: dict[str, float],
        context: set[str],
        query: QueryInfo,
        prior: float,
    ) -> None:
        tokens = set(tokenize(ev.text))
        total = sum(weights.values()) or 1.0
        direct = sum(w for t, w in weights.items() if t in tokens)
        indirect = sum(w for t, w in weights.items() if t not in tokens and t in context)
        ev.coverage = (direct + 0.6 * indirect) / total
        ev.score = ev.coverage + prior + _cue_bonus(ev.text, query)

    def _with_companion(self, ranked: list[Evidence]) -> list[Evidence]:
        """The best sentence, plus a close runner-up from the same passage, in text order."""
        best = ranked[0]
        chosen = [best]
        for ev in ranked[1:4]:
            if ev.passage.id == best.passage.id and ev.score >= 0.85 * best.score:
                chosen.append(ev)
                break
        return sorted(chosen, key=lambda e: e.start)

    def _as_list(self, ranked: list[Evidence], query: QueryInfo) -> Extract | None:
        """For 'which measures / what problems': an outline, or enumerated sentences."""
        best = ranked[0]
        outlines = [e for e in ranked[:8] if e.passage.metadata.get("kind") == "outline"]
        if outlines and outlines[0].score >= 0.8 * best.score:
            return Extract([outlines[0]], outlines[0].coverage, is_list=True)
        same = [e for e in split_evidence(best.passage) if _ENUMERATED.match(e.text)]
        if len(same) >= 2:
            scored = {(e.start, e.end): e for e in ranked}
            items = [scored.get((e.start, e.end), e) for e in same][:6]
            return Extract(items, best.coverage, is_list=True)
        return None


def _context(passage: Passage) -> str:
    """Words around a passage that also count as evidence: title, city, section path."""
    m = passage.metadata
    return f"{m.get('city', '')} {m.get('title', '')} {m.get('section', '')}"


def _cue_bonus(text: str, query: QueryInfo) -> float:
    """Bonus for sentences shaped like the answer the question asks for."""
    bonus = 0.0
    has_figure = bool(_HAS_FIGURE.search(text))
    if query.wants_amount or query.kind == "figure":
        bonus += 0.25 if has_figure else -0.3
    cue = _KIND_CUES.get(query.kind)
    if cue is not None and cue.search(text):
        bonus += 0.15
    if len(text) < 8:
        bonus -= 0.2
    return bonus
