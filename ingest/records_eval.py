"""Extraction quality of targets, outcomes and subsidies against hand-labelled records.

The gold set (`data/eval/records/`) was labelled from the documents by someone who never read
the extractor. A predicted record is right when it has the gold record's document, kind and value
and its sentence holds the gold evidence; records that match an ambiguous label or a repeated
mention (`dup_of`) count neither way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.clean import clean_text
from ingest.loaders import load_document
from ingest.metadata import detect_metadata
from ingest.models import Record
from ingest.records import extract_records

KINDS = ("target", "outcome", "subsidy")
_SPACE = re.compile(r"\s+")
_NOTE = re.compile(r"[（(][^（()）]*[)）]")  # '(可以)', '(建议增加:…)' in a labelled condition


@dataclass
class Score:
    """Counts of one kind on one split."""

    right: int = 0
    predicted: int = 0
    labelled: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    conditions: int = 0  # right records whose label states a condition
    conditions_right: int = 0  # … whose extracted condition is that one

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """One JSON object per non-empty line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _squash(text: str) -> str:
    return _SPACE.sub("", text)


def matches(label: dict[str, Any], record: Record) -> bool:
    """Same kind and value, and the record's sentence holds the labelled evidence."""
    if label["kind"] != record.kind or label["value"] is None or record.value is None:
        return False
    if abs(float(label["value"]) - record.value) > 1e-6 * max(1.0, abs(record.value)):
        return False
    evidence, sentence = _squash(label["evidence"]), _squash(record.sentence)
    if evidence in sentence or (len(sentence) >= 8 and sentence in evidence):
        return True
    cells = [c for c in evidence.split("|") if c]  # a table row: its cells, laid out anew
    return len(cells) > 1 and all(c in sentence for c in cells)


def same_condition(condition: str, record: Record) -> bool:
    """Whether the record's condition is the labelled one (either holds the other, without a
    labeller's notes in brackets or a closing 的)."""
    label = _NOTE.sub("", _squash(condition)).removesuffix("的")
    found = _NOTE.sub("", _squash(record.conditions)).removesuffix("的")
    return bool(found) and (label in found or found in label)


def _pair(
    labels: list[dict[str, Any]], records: list[Record]
) -> tuple[set[int], set[int], dict[int, int]]:
    """A maximum one-to-one matching: (matched label indices, matched record indices, the
    record matched to each label)."""
    edges = [[j for j, r in enumerate(records) if matches(g, r)] for g in labels]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in edges[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i in range(len(labels)):
        augment(i, set())
    return set(owner.values()), set(owner), {i: j for j, i in owner.items()}


def document_records(path: Path) -> list[Record]:
    """What the extractor finds in one file, as ingest would run it."""
    raw = load_document(path, 50 * 1024 * 1024)
    return extract_records(clean_text(raw), detect_metadata(raw, path.name, "eval"))


def score_document(
    records: list[Record], gold: list[dict[str, Any]], optional: list[dict[str, Any]]
) -> dict[str, Score]:
    """Per-kind counts for one document's records against its labels."""
    matched_gold, used, owner = _pair(gold, records)
    rest = [r for j, r in enumerate(records) if j not in used]
    _, excused, _ = _pair(optional, rest)
    scores = {kind: Score() for kind in KINDS}
    for i, label in enumerate(gold):
        score = scores[label["kind"]]
        score.labelled += 1
        if i in matched_gold:
            score.right += 1
            if label.get("condition"):
                score.conditions += 1
                score.conditions_right += same_condition(label["condition"], records[owner[i]])
        else:
            score.missed.append(f"{label['indicator']} {label['value']}{label['unit']}")
    for j, record in enumerate(rest):
        if j in excused or record.kind not in scores:
            continue
        scores[record.kind].wrong.append(
            f"{record.indicator} {record.value}{record.unit} ← {record.sentence[:40]}"
        )
    for score in scores.values():
        score.predicted = score.right + len(score.wrong)  # excused records count neither way
    return scores


def evaluate(
    folder: Path, files: dict[str, Path], splits: dict[str, str]
) -> dict[str, dict[str, Score]]:
    """{split: {kind: Score}} over every labelled document (`splits`: file name → split)."""
    gold = read_jsonl(folder / "records.jsonl")
    optional = read_jsonl(folder / "ambiguous.jsonl") + [g for g in gold if g.get("dup_of")]
    gold = [g for g in gold if not g.get("dup_of")]
    totals: dict[str, dict[str, Score]] = {}
    for name, split in splits.items():
        doc_scores = score_document(
            document_records(files[name]),
            [g for g in gold if g["doc"] == name],
            [g for g in optional if g["doc"] == name],
        )
        for kind, score in doc_scores.items():
            _add(totals.setdefault(split, {k: Score() for k in KINDS})[kind], score, name)
    return totals


def _add(total: Score, part: Score, name: str) -> None:
    total.right += part.right
    total.predicted += part.predicted
    total.labelled += part.labelled
    total.conditions += part.conditions
    total.conditions_right += part.conditions_right
    total.wrong += [f"{name[:12]}: {w}" for w in part.wrong]
    total.missed += [f"{name[:12]}: {m}" for m in part.missed]


def report_lines(totals: dict[str, dict[str, Score]]) -> Iterator[str]:
    """A table: split, kind, precision, recall, counts."""
    yield f"{'split':<8} {'kind':<8} {'precision':>9} {'recall':>7}  right/predicted/labelled"
    for split, scores in sorted(totals.items()):
        for kind, s in scores.items():
            conditions = f"  conditions {s.conditions_right}/{s.conditions}" if s.conditions else ""
            yield (
                f"{split:<8} {kind:<8} {s.precision:>9.3f} {s.recall:>7.3f}  "
                f"{s.right}/{s.predicted}/{s.labelled}{conditions}"
            )


def load_splits(folder: Path) -> dict[str, str]:
    """File name → 'dev' | 'heldout', from `splits.json`."""
    data = json.loads((folder / "splits.json").read_text(encoding="utf-8"))
    return {name: split for split, names in data.items() for name in names}


def find_files(names: Iterable[str], roots: Iterable[Path]) -> dict[str, Path]:
    """Each labelled file name's path under the first root that has it."""
    roots = list(roots)
    found = {}
    for name in names:
        path = next((r / name for r in roots if (r / name).is_file()), None)
        if path is None:
            raise FileNotFoundError(f"{name}: not found under {', '.join(map(str, roots))}")
        found[name] = path
    return found
