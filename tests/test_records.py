"""Structured records: quantity normalisation, extraction quality against hand labels, tracking."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.tracker import MET, NO_DATA, NOT_MET, track
from ingest.clean import clean_text
from ingest.metadata import detect_metadata
from ingest.numbers import chinese_to_number, parse_quantities
from ingest.records import Record, extract_records
from policyqa.services import Services
from tests.conftest import CORPUS

GOLD = Path(__file__).parent / "data" / "gold_records.jsonl"


def corpus_records() -> list[tuple[str, Record]]:
    """(file name, record) for every record extracted from the sample corpus."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        meta = detect_metadata(raw, path.name, "x")
        out += [(path.name, r) for r in extract_records(clean_text(raw), meta)]
    return out


def overlap(a: str, b: str) -> float:
    """Character overlap of two names relative to the shorter one."""
    sa, sb = set(a), set(b)
    return len(sa & sb) / max(1, min(len(sa), len(sb)))


def matches(gold: dict[str, object], doc: str, rec: Record) -> bool:
    """Same document, kind and value (subsidies without amount: similar item name)."""
    if gold["doc"] != doc or gold["kind"] != rec.kind:
        return False
    if gold["value"] is None or rec.value is None:
        return (
            gold["value"] is None
            and rec.value is None
            and overlap(str(gold["indicator"]), rec.indicator) >= 0.6
        )
    same = abs(float(str(gold["value"])) - rec.value) < 1e-6
    return same and (rec.kind != "subsidy" or overlap(str(gold["indicator"]), rec.indicator) >= 0.4)


def best_matching(gold: list[dict[str, object]], pred: list[tuple[str, Record]]) -> int:
    """Size of a maximum one-to-one matching between gold and predicted records."""
    edges = {
        g: [p for p, (doc, r) in enumerate(pred) if matches(gold[g], doc, r)]
        for g in range(len(gold))
    }
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges[g]:
            if p not in seen:
                seen.add(p)
                if p not in owner or augment(owner[p], seen):
                    owner[p] = g
                    return True
        return False

    return sum(augment(g, set()) for g in edges)


def test_extraction_precision_and_recall() -> None:
    """Against the hand-labelled records: precision ≥ 0.85 and recall ≥ 0.75."""
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    assert sum(g["kind"] in ("target", "outcome") for g in gold) >= 40
    assert sum(g["kind"] == "subsidy" for g in gold) >= 12
    pred = corpus_records()
    hits = best_matching(gold, pred)
    precision, recall = hits / len(pred), hits / len(gold)
    print(
        f"\nrecords: precision {precision:.3f} recall {recall:.3f} ({hits}/{len(pred)} predicted, {len(gold)} labelled)"
    )
    assert precision >= 0.85 and recall >= 0.75


@pytest.mark.parametrize(
    ("text", "value", "value_max", "unit", "qualifier"),
    [
        ("力争全市知识产权质押融资额超1.5亿元以上", 1.5, None, "亿元", "以上"),
        ("引进5-6家高水平代理机构", 5, 6, "家", ""),
        ("人才总量达到1.5万人左右", 1.5, None, "万人", "左右"),
        ("质押融资 10 亿余元", 10, None, "亿元", "余"),
        ("每件奖励三千元", 3000, None, "元", ""),
        ("组织部人才经费一个亿", 1, None, "亿元", ""),
        ("每万人有效发明专利达到3件/万人", 3, None, "件/万人", ""),
    ],
)
def test_quantities(
    text: str, value: float, value_max: float | None, unit: str, qualifier: str
) -> None:
    """Numbers, 万/亿 units, ranges and qualifiers are normalised; the wording is kept."""
    q = parse_quantities(text)[0]
    assert (q.value, q.value_max, q.unit, q.qualifier) == (value, value_max, unit, qualifier)
    assert q.text in text.replace(" ", "") or q.text in text


def test_placeholders_are_never_numbers() -> None:
    """'XXX件' and 'XX％' never become figures, in parsing or in the anonymised report."""
    assert parse_quantities("每万人发明专利拥有量XXX件，增长XX％") == []
    assert chinese_to_number("十二") == 12
    anonymised = [r for doc, r in corpus_records() if doc.startswith("003")]
    assert all("X" not in r.value_text.upper() for r in anonymised)


def test_planning_table_rows() -> None:
    """The 邵阳 indicator table yields targets with 2020 baselines and 2025 targets."""
    table = {r.indicator: r for _, r in corpus_records() if r.baseline_year == 2020}
    pct = table["PCT国际专利申请量"]
    assert (pct.baseline, pct.value, pct.year, pct.unit, pct.attribute) == (
        22,
        35,
        2025,
        "件",
        "预期性",
    )
    assert table["年度知识产权质押融资金额"].baseline == 0.35


def test_tracker_examples(sample_services: Services) -> None:
    """衡阳 十三五: 专利申请 8000 vs 9837 → met; 每万人发明专利拥有量 3.2 vs 2.54 → not met."""
    rows = {
        (t.target["indicator"], t.target["period"]): t
        for t in track(sample_services.records.query(city="衡阳"))
    }
    applications = rows[("专利申请量", "十三五")]
    assert applications.status == MET and applications.outcome["value"] == 9837
    per_capita = rows[("每万人发明专利拥有量", "十三五")]
    assert per_capita.status == NOT_MET and per_capita.outcome["value"] < 3.2
    assert any(t.status == NO_DATA for t in rows.values())


def test_records_follow_ingest_and_delete(fake_services: Services, tmp_path: Path) -> None:
    """Records are stored with a document and removed with it."""
    doc = tmp_path / "a.txt"
    doc.write_text(
        "株洲市2024年工作要点\n一、目标\n到2025年，全市专利申请量达到9000件。\n", encoding="utf-8"
    )
    doc_id = fake_services.ingestor.ingest([doc]).results[0].doc_id
    targets = fake_services.records.query("target")
    assert [(r["indicator"], r["value"], r["city"]) for r in targets] == [
        ("专利申请量", 9000, "株洲")
    ]
    fake_services.ingestor.delete(doc_id)
    assert fake_services.records.query() == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("邵阳十四五规划有哪些量化指标？", ["PCT国际专利申请量", "35", "22"]),
        ("衡阳十三五目标完成了吗？", ["专利申请量", "8000", "9837", "已完成", "未完成"]),
        ("有哪些发明专利相关的资助？", ["发明专利授权奖励", "3000元"]),
    ],
)
def test_chat_answers_list_questions_from_records(
    sample_services: Services, question: str, expected: list[str]
) -> None:
    """List questions are answered from the records; every figure sits in a cited sentence."""
    answer = sample_services.chain.ask(question)
    assert answer.mode == "records" and answer.found
    assert all(word in answer.text for word in expected)
    support = " ".join(c.snippet + c.title for c in answer.citations).replace(" ", "")
    body = re.sub(r"\[\d+\]", "", answer.text).replace(" ", "")
    for number in re.findall(r"\d+(?:\.\d+)?", body):
        assert number in support, number
    for c in answer.citations:
        low, high = c.highlight
        assert c.passage[low:high] == c.snippet
