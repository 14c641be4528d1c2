"""Features of candidate sentences and the fitted weights that rank them and decide to answer.

Two linear models, fitted on the training split by `scripts/fit_answerer.py` and stored in
`data/answerer_weights.json`: one ranks a question's candidate sentences (does this sentence
hold the answer?), one decides from the best candidate whether to answer at all (is the
answer right?). Without the file the hand-set defaults below apply.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from assistant.answer_types import STRICT, best_span, find_spans
from assistant.query import QueryInfo

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
_RELATIVE = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "明年": 1}
WEIGHTS_FILE = Path(__file__).with_name("data") / "answerer_weights.json"
SENTENCE_FEATURES = (
    "coverage",  # idf-weighted share of the question's words in the sentence (or its context)
    "prior",  # the passage's retrieval score relative to the best passage
    "direct",  # … counting only words in the sentence itself
    "cue",  # shape cues for the kind of question (figures, 目标, 原因 …)
    "type_hit",  # holds a span of the wanted answer type
    "type_miss",  # wants a figure-like type (money, date …) and holds none
    "similarity",  # dense cosine to the question, centred at 0.8
    "english_sim",  # the same for English questions (lexical coverage is then meaningless)
    "year_conflict",  # the question names years; the sentence names only other ones
)
DECISION_FEATURES = (
    "score",  # ranking score of the best sentence
    "coverage",
    "direct",
    "similarity",
    "english_sim",
    "type_hit",
    "margin",  # best minus second-best score
    "measure",  # share of the asked-for measure's words next to a figure
    "english",
)
_DEFAULT_RANKING = {
    "coverage": 1.0,
    "direct": 0.0,
    "prior": 0.15,
    "cue": 1.0,
    "type_hit": 0.3,
    "type_miss": -0.3,
    "similarity": 1.0,
    "english_sim": 8.0,
    "year_conflict": -0.3,
}


@dataclass(frozen=True)
class Weights:
    """Ranking weights, decision weights with bias, and the answer threshold."""

    ranking: Mapping[str, float] = field(default_factory=lambda: dict(_DEFAULT_RANKING))
    decision: Mapping[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.0  # answer when the decision probability reaches this
    threshold_english: float | None = None  # the same for English questions, fitted apart

    def threshold_for(self, english: bool) -> float:
        """The answer threshold for a Chinese or an English question."""
        if english and self.threshold_english is not None:
            return self.threshold_english
        return self.threshold


@lru_cache(maxsize=4)
def load_weights(path: Path = WEIGHTS_FILE) -> Weights:
    """Fitted weights from the data file, or the defaults when there is none."""
    if not path.is_file():
        return Weights()
    raw = json.loads(path.read_text(encoding="utf-8"))
    unknown = set(raw.get("ranking", {})) - set(SENTENCE_FEATURES)
    unknown |= set(raw.get("decision", {})) - set(DECISION_FEATURES)
    if unknown:
        raise ValueError(f"{path}: unknown feature(s) {', '.join(sorted(unknown))}")
    return Weights(
        ranking={**_DEFAULT_RANKING, **raw.get("ranking", {})},
        decision=raw.get("decision", {}),
        bias=float(raw.get("bias", 0.0)),
        threshold=float(raw.get("threshold", 0.0)),
        threshold_english=raw.get("threshold_english"),
    )


def sentence_features(
    text: str,
    coverage: float,
    prior: float,
    cue: float,
    query: QueryInfo,
    doc_year: int | None = None,
    dated: str = "",
) -> dict[str, float]:
    """Features of one candidate sentence (similarity is added once it is computed); `dated`
    is the latest earlier sentence of its passage that names a year."""
    kind = query.answer_type
    hit = best_span(text, kind, query.text) is not None
    exact = hit and (kind == "date" or bool(find_spans(text, kind)))
    return {
        "coverage": 0.0 if query.english and not query.glosses else coverage,
        "prior": prior,
        "cue": cue,
        "type_hit": 1.0 if exact else 0.5 if hit else 0.0,  # a related kind (a % for 多少) half
        "type_miss": float(kind in STRICT and not hit),
        "similarity": 0.0,
        "english_sim": 0.0,
        "year_conflict": float(_other_years_only(text, query.years, doc_year, dated)),
    }


def _other_years_only(
    text: str, years: tuple[int, ...], doc_year: int | None = None, dated: str = ""
) -> bool:
    """The sentence states years, none of them one the question asks about; in a sentence
    without a year, 今年 / 去年 / 明年 count as the document's year, the one before and after,
    and otherwise it is dated by the sentence before it that names years (`dated`); a sentence
    with no date at all speaks of the document's own year when the question asks an earlier one
    (a later year may be a target the document sets without repeating it)."""
    if not years:
        return False
    named = {int(y) for y in _YEAR.findall(text)}
    if doc_year is not None and not named:
        named |= {doc_year + shift for word, shift in _RELATIVE.items() if word in text}
    if not named:
        named = {int(y) for y in _YEAR.findall(dated)}
    if not named and doc_year is not None and max(years) < doc_year:
        named = {doc_year}  # an undated figure is the document's own, not an earlier year's
    return bool(named and not named & set(years))


def set_similarity(features: dict[str, float], similarity: float, english: bool) -> None:
    """Put the centred dense similarity in its feature slot."""
    features["english_sim" if english else "similarity"] = similarity - 0.8


def rank_score(features: Mapping[str, float], weights: Weights) -> float:
    """Linear ranking score of a sentence."""
    return sum(weights.ranking.get(k, 0.0) * v for k, v in features.items())


def answer_probability(features: Mapping[str, float], weights: Weights) -> float | None:
    """Probability that answering with the best sentence is right (None without a model)."""
    if not weights.decision:
        return None
    z = weights.bias + sum(weights.decision.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
