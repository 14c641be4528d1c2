"""Offline answerer: picks the sentence(s) that answer the question from retrieved passages."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answer_types import STRICT, best_span
from assistant.evidence import (
    Evidence,
    Extract,
    Idf,
    has_figure,
    is_filter_token,
    measure_coverage,
    split_evidence,
    with_synonyms,
)
from assistant.lexical import squash, tokenize
from assistant.lists import ListAnswerer, OutlineLookup, elaborated, with_items
from assistant.query import QueryInfo
from assistant.retrieval import Passage
from assistant.scoring import Weights, load_weights, rank_score, sentence_features, set_similarity

_CAUSAL = re.compile(r"原因|由于|因为|导致|造成|所致")
_KIND_CUES = {
    "target": re.compile(r"目标|达到|力争|到\s*20\d\d|以上|确保|预期|翻一番|要"),
    "reason": re.compile(
        r"原因|由于|因为|造成|导致|主要是|不足|不强|过重|不高|较弱|淡薄|缺少|缺乏"
    ),
    "subsidy": re.compile(r"资助|补贴|奖励|补助|奖补|激励|经费|资金"),
}

_GOAL = re.compile(r"力争|目标|要达到|确保|预计|到\s*20\d\d\s*年")
_NAMES_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d\s*年")
_INTENT = re.compile(r"力争|预计|确保|要达到")  # what is meant to happen, not what did
Similarity = Callable[[str, list[str]], list[float]]  # (question, sentences) → cosine each
_LIST_QUESTION = re.compile(
    r"哪些|哪几|哪六|哪五|哪四|哪三|什么措施|举措|如何|怎样|怎么做|做了什么|采取"
)


class ExtractiveAnswerer:
    """Scores sentences by weighted query-term coverage plus cues for the kind of question."""

    def __init__(
        self,
        idf: Idf,
        outline_for: OutlineLookup | None = None,
        passages_considered: int = 10,
        similarity: Similarity | None = None,
        weights: Weights | None = None,
    ) -> None:
        self.idf = idf
        self.outline_for = outline_for
        self.passages_considered = passages_considered
        self.similarity = similarity
        self.weights = weights or load_weights()
        self.lists = ListAnswerer(outline_for)

    def extract(self, query: QueryInfo, passages: Sequence[Passage]) -> Extract:
        """Best evidence for the question (empty when there are no passages)."""
        weights = self._query_weights(query)
        candidates: list[Evidence] = []
        top = list(passages[: self.passages_considered])
        wants_list = bool(_LIST_QUESTION.search(query.text)) or (
            query.english and query.answer_type == "list"
        )
        if wants_list:
            top += self._section_outlines(top)
        best_score = max((p.score for p in top), default=1.0) or 1.0
        near = [t for t in weights if len(t) > 1]
        actual = _asks_actual(query)
        for passage in top:
            around = _context(passage) + " " + passage.text
            context = with_glosses(set(tokenize(around)), around, query)
            prior = passage.score / best_score
            doc_year = _year_of(passage)
            previous = dated = ""
            for ev in split_evidence(passage):
                if _is_heading(ev):
                    continue  # a title or heading line names the topic, it answers nothing
                if _already_told(ev, query):
                    previous = ev.text  # no new answer, but still the lead-in of the next one
                    continue
                if actual and _INTENT.search(ev.text):
                    continue  # "…实际做了多少" is not answered by "力争…超1.5亿元"
                # "其中：发明专利2600件" continues the sentence before it (专利授权总量…)
                ev.lead_in = previous if re.match(r"其中|包括", ev.text) else ""
                self._score(ev, weights, context, query, prior, doc_year, dated)
                candidates.append(ev)
                previous = ev.text
                dated = ev.text if _NAMES_YEAR.search(ev.text) else dated
        if not candidates:
            return Extract([], 0.0)
        self._add_similarity(query, candidates)
        candidates.sort(key=lambda e: e.score, reverse=True)
        if query.answer_type in STRICT:
            candidates = _typed_first(candidates)
        if wants_list and not query.wants_amount:
            listed = self.lists.answer(candidates, query, top)
            if listed is not None:
                return listed
        chosen = elaborated(with_items(self._with_companion(candidates, weights)), query)
        for ev in chosen:
            added = [w for w in query.new_words if w in ev.text]  # a follow-up's own words first
            ev.answer_span = best_span(ev.text, query.answer_type, query.text, added or near)
        decision = self._decision(query, candidates)
        return Extract(chosen, max(e.coverage for e in chosen), False, decision, candidates)

    def _decision(self, query: QueryInfo, ranked: list[Evidence]) -> dict[str, float]:
        """Features of the best candidate for the answer-or-abstain model."""
        best = ranked[0]
        second = ranked[1].score if len(ranked) > 1 else best.score - 1.0
        return {
            "score": best.score,
            "coverage": best.features.get("coverage", 0.0),
            "direct": best.features.get("direct", 0.0),
            "similarity": best.features.get("similarity", 0.0),
            "english_sim": best.features.get("english_sim", 0.0),
            "type_hit": best.features.get("type_hit", 0.0),
            "margin": best.score - second,
            "measure": measure_coverage(query, [best], self.idf),
            "english": float(query.english),
        }

    def _add_similarity(self, query: QueryInfo, candidates: list[Evidence]) -> None:
        """Add the weighted dense similarity of each sentence to the question to its score.

        For an English question the lexical coverage of Chinese sentences is meaningless, so
        the similarity, rescaled, stands in for it.
        """
        if self.similarity is None:
            return
        sims = self.similarity(query.text, [e.text for e in candidates])
        for ev, sim in zip(candidates, sims, strict=True):
            ev.similarity = sim
            set_similarity(ev.features, sim, query.english)
            ev.score = rank_score(ev.features, self.weights)

    def _section_outlines(self, passages: list[Passage]) -> list[Passage]:
        """Outlines of the sections the top passages sit in (they list the sub-headings)."""
        if self.outline_for is None:
            return []
        seen = {p.id for p in passages}
        out = []
        for p in passages[:3]:
            outline = self.outline_for(p.doc_id, str(p.metadata.get("section", "")))
            if outline is not None and outline.id not in seen:
                seen.add(outline.id)
                out.append(Passage(outline.id, outline.text, outline.metadata, p.score, raw=p.raw))
        return out

    def _query_weights(self, query: QueryInfo) -> dict[str, float]:
        """idf weight of each topical query token; repeated words (a follow-up's topic) count
        more, short numbers (dates such as 1-11月) less; cities and years are left to filters."""
        if query.glosses:
            return {words: self._rendering_weight(rs) for words, rs in query.glosses}
        tokens = tokenize(query.text)
        weights = {}
        for t in set(tokens):
            if is_filter_token(t, query.cities):
                continue
            weight = self.idf(t) * (1.5 if tokens.count(t) > 1 else 1.0)
            weights[t] = weight * (0.5 if t.isdigit() else 1.0)
        return weights

    def _rendering_weight(self, renderings: Sequence[str]) -> float:
        """idf weight of an English word: that of its most specific Chinese rendering."""
        return max(
            (sum(map(self.idf, toks)) / len(toks) for r in renderings if (toks := tokenize(r))),
            default=0.0,
        )

    def _score(
        self,
        ev: Evidence,
        weights: dict[str, float],
        context: set[str],
        query: QueryInfo,
        prior: float,
        doc_year: int | None = None,
        dated: str = "",
    ) -> None:
        lead_in = ev.lead_in
        tokens = with_glosses(with_synonyms(set(tokenize(ev.text))), ev.text, query)
        led = with_glosses(with_synonyms(set(tokenize(lead_in))), lead_in, query) - tokens
        context = with_synonyms(context)
        total = sum(weights.values()) or 1.0
        direct = sum(w for t, w in weights.items() if t in tokens)
        carried = sum(w for t, w in weights.items() if t in led)
        indirect = sum(w for t, w in weights.items() if t not in tokens | led and t in context)
        ev.coverage = (direct + 0.8 * carried + 0.6 * indirect) / total
        cue = _cue_bonus(ev.text, query)
        ev.features = sentence_features(ev.text, ev.coverage, prior, cue, query, doc_year, dated)
        ev.features["direct"] = 0.0 if query.english and not query.glosses else direct / total
        ev.score = rank_score(ev.features, self.weights)

    def _with_companion(self, ranked: list[Evidence], weights: dict[str, float]) -> list[Evidence]:
        """The best sentence, plus a close runner-up from the same passage that covers question
        words the best one lacks ("…是多少？同比增长多少？"), in text order."""
        best = ranked[0]
        chosen = [best]
        lacking = set(weights) - set(tokenize(best.text))
        for ev in ranked[1:4]:
            adds = lacking & set(tokenize(ev.text))
            if has_figure(best.text) and not has_figure(ev.text):
                continue  # a figure answer is completed only by another figure
            if ev.passage.id == best.passage.id and adds and ev.score >= 0.85 * best.score:
                chosen.append(ev)
                break
        return sorted(chosen, key=lambda e: e.start)


def with_glosses(tokens: set[str], text: str, query: QueryInfo) -> set[str]:
    """The tokens plus the English question words one of whose renderings the text holds."""
    if not query.glosses or not text:
        return tokens
    return tokens | {words for words, rs in query.glosses if any(r in text for r in rs)}


def _typed_first(ranked: list[Evidence]) -> list[Evidence]:
    """For a figure-like question (a sum, a date …): a close runner-up that holds a span of the
    wanted type goes before a best sentence that holds none."""
    best = ranked[0]
    if not best.features.get("type_miss"):
        return ranked
    for ev in ranked[1:4]:
        if not ev.features.get("type_miss") and ev.score >= 0.9 * best.score:
            return [ev, *(e for e in ranked if e is not ev)]
    return ranked


def _asks_actual(query: QueryInfo) -> bool:
    """Whether the question asks what actually happened (实际…, English 'actual')."""
    rendered = (r for _, renderings in query.glosses for r in renderings)
    return "实际" in query.text or any("实际" in r for r in rendered)


def _already_told(ev: Evidence, query: QueryInfo) -> bool:
    """The sentence is (part of) the answer the conversation already gave, and holds none of
    the words the follow-up adds ('那风险基金呢？' may be answered from the sentence that gave
    the previous figure when that sentence names 风险基金)."""
    if not query.told:
        return False
    told = squash(query.told)
    text = re.sub(r"^第[一二三四五六七八九十百零〇\d]+条", "", squash(ev.text)).rstrip("。；;，,")
    if any(word in text for word in query.new_words):
        return False
    return len(text) >= 8 and text in told


def _is_heading(ev: Evidence) -> bool:
    """Whether a (non-outline) sentence is just the document title or its section's heading."""
    m = ev.passage.metadata
    if m.get("kind") == "outline":
        return False
    text = ev.text.strip(" 。")
    section = str(m.get("section", "")).rsplit(" > ", 1)[-1]
    if section.endswith(("？", "?")) and text.endswith(
        section
    ):  # '记者：请问…？' asks, not answers
        return True
    return text in (str(m.get("title", "")), section)


def _year_of(passage: Passage) -> int | None:
    """The year of the passage's document (what 今年 / 去年 in it refer to)."""
    year = passage.metadata.get("year")
    return int(year) if isinstance(year, int | str) and str(year).isdigit() else None


def _context(passage: Passage) -> str:
    """Words around a passage that also count as evidence: title, city, section path."""
    m = passage.metadata
    return f"{m.get('city', '')} {m.get('title', '')} {m.get('section', '')}"


def _cue_bonus(text: str, query: QueryInfo) -> float:
    """Bonus for sentences shaped like the answer the question asks for."""
    bonus = 0.0
    if (query.wants_amount or query.kind == "figure") and query.answer_type not in STRICT:
        bonus += 0.25 if has_figure(text) else -0.3
    cue = _KIND_CUES.get(query.kind)
    if cue is not None and cue.search(text):
        bonus += 0.15
    numeric = query.answer_type in ("count", "money", "percent", "range")
    if (query.kind == "figure" or (numeric and query.kind == "general")) and _GOAL.search(text):
        bonus -= 0.15  # a question about what happened is not answered by a goal
    if query.kind == "reason" and _CAUSAL.search(text):
        bonus += 0.2
    if len(text) < 8:
        bonus -= 0.2
    return bonus
