"""Review helper: list every number in each article (Arabic digits or Chinese numerals)
that no labelled span (record, ambiguous or negative) covers."""
import json, re, os, glob
HERE = os.path.dirname(os.path.abspath(__file__))
spans = {}
for name in ("records.jsonl", "ambiguous.jsonl", "negatives.jsonl"):
    for l in open(os.path.join(HERE, name), encoding="utf-8"):
        r = json.loads(l)
        spans.setdefault(r["doc"], []).append((r["offset"], r["offset"] + len(r["evidence"])))
NUM = re.compile(r"\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万亿]+")
for fn in sorted(glob.glob(os.path.join(HERE, "[0-9][0-9]_*.txt"))):
    doc = os.path.basename(fn)
    t = open(fn, encoding="utf-8").read()
    sp = spans.get(doc, [])
    left = []
    for m in NUM.finditer(t):
        if not any(a <= m.start() and m.end() <= b for a, b in sp):
            left.append(f"{m.group()}@{m.start()}:{t[max(0,m.start()-8):m.end()+6]!r}")
    print(f"== {doc}: {len(left)} uncovered")
    for x in left:
        print("   ", x)
