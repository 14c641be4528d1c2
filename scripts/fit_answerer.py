"""Fit the offline answerer's sentence-ranking and answer-or-abstain weights on a training split.

Usage (index holding the documents the questions are about, e.g. the sample corpus and the
regulations in data/eval/regs):

    POLICYQA_DATA_DIR=/tmp/evalidx .venv/bin/python scripts/fit_answerer.py \
        --qa data/eval/gen/*.jsonl --split train [--wrong-cost 3] [--write]

Only questions of the given split are read. Ranking: logistic regression over the features of
every candidate sentence (label: the sentence holds an accepted answer fragment). Decision:
logistic regression over the best candidate's features (label: answering with it is right);
the threshold maximises right answers minus --wrong-cost times wrong ones. --write stores assistant/data/answerer_weights.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.chain import AnswerChain
from assistant.evaluation import QAItem, contains_any, is_correct, load_qa
from assistant.evidence import Extract
from assistant.query import understand
from assistant.scoring import (
    DECISION_FEATURES,
    SENTENCE_FEATURES,
    WEIGHTS_FILE,
    Weights,
    answer_probability,
    load_weights,
)
from policyqa.services import Services
from policyqa.settings import Settings


@dataclass
class Case:
    """One question as the decision model sees it."""

    item: QAItem
    extract: Extract | None  # None: decided by rules before the model (gap, records, no text)
    rule_abstains: bool = False


def collect(chain: AnswerChain, items: list[QAItem]) -> list[Case]:
    """Run retrieval and extraction for every question (no decision yet)."""
    cases = []
    for item in items:
        standalone = chain.standalone_question(item.q, item.history, "offline")
        info = chain.glossed(understand(standalone, chain.index.cities, chain.index.doc_types))
        if chain.coverage_gap(info) is not None:
            cases.append(Case(item, None, rule_abstains=True))
            continue
        passages = chain.retrieve(info)
        extract = chain.extractive.extract(info, passages) if passages else None
        if extract is None or not extract.evidence:
            cases.append(Case(item, None, rule_abstains=True))
            continue
        cases.append(Case(item, extract, rule_abstains=chain.rule_abstains(info, extract)))
    return cases


def ranking_sets(cases: list[Case]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per question with a right candidate: candidate features and right/wrong marks."""
    out = []
    for case in cases:
        if case.extract is None or not case.item.docs:
            continue
        accepted = case.item.any + case.item.all
        marks = np.asarray([contains_any(e.text, accepted) for e in case.extract.candidates])
        if marks.any():
            feats = [
                [e.features.get(f, 0.0) for f in SENTENCE_FEATURES] for e in case.extract.candidates
            ]
            out.append((np.asarray(feats), marks))
    return out


def top1(sets: list[tuple[np.ndarray, np.ndarray]], w: np.ndarray) -> float:
    """Share of questions whose best-scored candidate is right."""
    return sum(bool(m[int(np.argmax(f @ w))]) for f, m in sets) / max(1, len(sets))


def fit_ranking(sets: list[tuple[np.ndarray, np.ndarray]], start: np.ndarray) -> np.ndarray:
    """Coordinate ascent on top-1 accuracy from the default weights (few features, few data:
    a direct search of the metric beats a surrogate loss here)."""
    w = start.copy()
    best = top1(sets, w)
    for _ in range(4):
        improved = False
        for i in range(len(w)):
            for factor in (0.5, 0.8, 1.25, 2.0):  # keep every signal, and its sign
                trial = w.copy()
                trial[i] = w[i] * factor if w[i] else factor * 0.25
                score = top1(sets, trial)
                if score > best + 1e-9:
                    w, best, improved = trial, score, True
        if not improved:
            break
    return w


def decision_data(cases: list[Case]) -> tuple[list[Case], np.ndarray, np.ndarray]:
    """Best-candidate features and 'answering is right' labels of the undecided questions."""
    kept, rows, labels = [], [], []
    for case in cases:
        if case.extract is None or case.rule_abstains or case.item.all or case.extract.is_list:
            continue  # comparisons are answered side by side, not from one sentence
        from assistant.compose import compose_extract

        text, _ = compose_extract(case.extract)
        kept.append(case)
        rows.append([case.extract.decision.get(f, 0.0) for f in DECISION_FEATURES])
        labels.append(int(bool(case.item.docs) and is_correct(text, case.item)))
    return kept, np.asarray(rows), np.asarray(labels)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, c: float = 1.0, centre: bool = True
) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised features, returned in raw feature units."""
    mean, std = (x.mean(axis=0) if centre else np.zeros(x.shape[1])), x.std(axis=0)
    std[std == 0] = 1.0
    model = LogisticRegression(
        C=c, max_iter=2000, class_weight="balanced", fit_intercept=centre
    ).fit((x - mean) / std, y)
    coef = model.coef_[0] / std
    return coef, float(model.intercept_[0] - (coef * mean).sum())


def pick_threshold(probs: np.ndarray, labels: np.ndarray, cost: float) -> float:
    """The threshold maximising right answers minus `cost` times wrong ones (the midpoint
    between neighbouring probabilities, so it does not sit on one question)."""
    values = sorted({0.0, *probs.tolist(), 1.0})
    best, best_t = -1e9, 1.0
    for lo, hi in itertools.pairwise(values):
        t = (lo + hi) / 2
        answered = probs >= t
        gain = (answered & (labels == 1)).sum() - cost * (answered & (labels == 0)).sum()
        if gain > best:
            best, best_t = gain, t
    return float(best_t)


def refit_english_threshold(
    chain: AnswerChain, items: list[QAItem], args: argparse.Namespace
) -> None:
    """Pick the English threshold on the stored model's probabilities; write only that."""
    stored = load_weights()
    kept, x2, y2 = decision_data(collect(chain, items))
    english = x2[:, DECISION_FEATURES.index("english")] > 0
    probs = np.asarray([answer_probability(c.extract.decision, stored) or 0.0 for c in kept])  # type: ignore[union-attr]
    threshold = pick_threshold(probs[english], y2[english], args.wrong_cost)
    for t in sorted({stored.threshold_for(True), threshold}):
        a = english & (probs >= t)
        print(
            f"English at {t:.4f}: answered {int(a.sum())}, right {int((a & (y2 == 1)).sum())}, wrong {int((a & (y2 == 0)).sum())} of {int(english.sum())}"
        )
    if args.write:
        raw = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
        raw["threshold_english"] = round(threshold, 4)
        WEIGHTS_FILE.write_text(
            json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"written threshold_english {threshold:.4f} to {WEIGHTS_FILE}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qa", nargs="+", required=True)
    parser.add_argument("--split", default="train")
    parser.add_argument(
        "--wrong-cost", type=float, default=3.0, help="how many right answers one wrong one costs"
    )
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--keep-ranking",
        action="store_true",
        help="keep the ranking weights of the weights file; refit only the decision model",
    )
    parser.add_argument(
        "--english-threshold",
        action="store_true",
        help="keep every stored weight; refit only the English questions' answer threshold",
    )
    args = parser.parse_args()
    splits = set(args.split.split(","))
    items = [i for p in args.qa for i in load_qa(Path(p)) if i.split in splits]
    chain = Services(Settings()).chain
    if args.english_threshold:
        refit_english_threshold(chain, items, args)
        return
    chain.extractive.weights = Weights()  # defaults: the features do not depend on weights
    cases = collect(chain, items)
    sets = ranking_sets(cases)
    start = np.asarray([Weights().ranking.get(f, 0.0) for f in SENTENCE_FEATURES])
    before = top1(sets, start)
    if args.keep_ranking:  # refit only the answer-or-abstain model on the stored ranking
        stored = load_weights()
        coef = np.asarray([stored.ranking.get(f, 0.0) for f in SENTENCE_FEATURES])
    else:
        coef = fit_ranking(sets, start)
    y = np.concatenate([m for _, m in sets]) if sets else np.zeros(0)
    ranking = {f: round(float(w), 4) for f, w in zip(SENTENCE_FEATURES, coef, strict=True)}
    chain.extractive.weights = Weights(ranking=ranking)
    cases = collect(chain, items)  # re-rank with the fitted weights
    after = top1(ranking_sets(cases), coef)
    print(f"best sentence right: {before:.3f} with the default weights, {after:.3f} fitted")
    kept, x2, y2 = decision_data(cases)
    coef2, bias = fit_logistic(x2, y2)
    weights = Weights(
        ranking=ranking,
        decision={f: round(float(w), 4) for f, w in zip(DECISION_FEATURES, coef2, strict=True)},
        bias=round(bias, 4),
    )
    probs = np.asarray([answer_probability(c.extract.decision, weights) or 0.0 for c in kept])  # type: ignore[union-attr]
    english = x2[:, DECISION_FEATURES.index("english")] > 0 if len(x2) else np.zeros(0, bool)
    threshold = pick_threshold(probs[~english], y2[~english], args.wrong_cost)
    threshold_english = pick_threshold(probs[english], y2[english], args.wrong_cost)
    print(f"English questions decided: {int(english.sum())}, threshold {threshold_english:.3f}")
    answered = np.where(english, probs >= threshold_english, probs >= threshold)
    from sklearn.metrics import roc_auc_score

    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        a = probs >= t
        print(
            f"  at {t:.1f}: answered {int(a.sum())}, right {int((a & (y2 == 1)).sum())}, wrong {int((a & (y2 == 0)).sum())}"
        )
    print(
        f"decided: {len(y2)}, right if answered: {int(y2.sum())}, AUC {roc_auc_score(y2, probs):.3f}"
    )
    ruled = sum(c.rule_abstains for c in cases)
    print(
        f"{len(items)} questions, {len(y)} ranked sentences, {len(kept)} decided by the model, "
        f"{ruled} abstained by rules (uncovered place/year, no span of the wanted type, …)"
    )
    print(
        f"threshold {threshold:.3f}: answered {int(answered.sum())}, right {int((answered & (y2 == 1)).sum())}, "
        f"wrong {int((answered & (y2 == 0)).sum())}"
    )
    out = {
        "ranking": weights.ranking,
        "decision": weights.decision,
        "bias": weights.bias,
        "threshold": round(threshold, 4),
        "threshold_english": round(threshold_english, 4),
        "fitted_on": f"{args.split}: {len(items)} questions",
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    if args.write:
        WEIGHTS_FILE.write_text(
            json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"written {WEIGHTS_FILE}")


if __name__ == "__main__":
    main()
