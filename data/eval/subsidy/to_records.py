"""Writes records.jsonl, ambiguous.jsonl and splits.json for `policyqa eval-records` from the
hand-labelled subsidies_gold.jsonl (every document held out).

    python data/eval/subsidy/to_records.py
    policyqa eval-records --gold data/eval/subsidy --docs data/eval/subsidy

Only paid amounts were labelled here, so only the subsidy row of the report means anything.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent
gold = [
    json.loads(line) for line in (HERE / "subsidies_gold.jsonl").read_text("utf-8").splitlines()
]
with (HERE / "records.jsonl").open("w", encoding="utf-8") as out:
    for n, g in enumerate(gold, 1):
        record = {
            "id": f"s{n:03d}",
            "doc": g["doc"],
            "kind": "subsidy",
            "indicator": f"{g['article']} {g['condition'] or ''}".strip(),
            "value": g["value"],
            "unit": g["unit"],
            "amount_type": g["amount_type"],
            "condition": g["condition"],
            "beneficiary": g["beneficiary"],
            "evidence": g["evidence"],
        }
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
(HERE / "ambiguous.jsonl").write_text("", encoding="utf-8")
docs = sorted({g["doc"] for g in gold})
(HERE / "splits.json").write_text(json.dumps({"heldout": docs}, ensure_ascii=False, indent=1))
