"""Independent check of records.jsonl, ambiguous.jsonl and negatives.jsonl in this folder (gold set news2).
Prints every problem found and ends with 'problems: N'."""
import json, os, re, sys
HERE = os.path.dirname(os.path.abspath(__file__))
REC_KEYS = ["id", "doc", "place", "kind", "indicator", "value", "value_max", "unit", "amount_type", "year",
            "period", "baseline", "baseline_year", "attribute", "beneficiary", "condition", "grantor", "article",
            "evidence", "bound", "measure", "approx", "year_stated", "dup_of", "occurrence", "offset", "note"]
AMB_KEYS = REC_KEYS + ["why_ambiguous"]
NEG_KEYS = ["id", "doc", "evidence", "why", "occurrence", "offset"]
problems = []


def P(msg):
    problems.append(msg)


def load(name):
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for i, l in enumerate(f, 1):
            try:
                rows.append(json.loads(l))
            except Exception as e:
                P(f"{name}:{i}: bad JSON ({e})")
    return rows


# the same key sets as the existing gold13 files (read as data only)
for name, keys in (("records.jsonl", REC_KEYS), ("ambiguous.jsonl", AMB_KEYS)):
    p = os.path.join(HERE, "..", name)
    if os.path.exists(p):
        with open(p, encoding="utf-8") as f:
            k0 = set(json.loads(f.readline()))
        if k0 != set(keys):
            P(f"schema differs from ../{name}: {sorted(k0 ^ set(keys))}")

CN = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNIT = {"十": 10, "百": 100, "千": 1000}
BIG = {"万": 10 ** 4, "亿": 10 ** 8}


def cn2num(s):
    total, section, num = 0, 0, 0
    for ch in s:
        if ch in CN:
            num = CN[ch]
        elif ch in UNIT:
            section += (num or 1) * UNIT[ch]
            num = 0
        elif ch in BIG:
            section += num
            total += (section or 1) * BIG[ch]
            section, num = 0, 0
    return total + section + num


def numbers(ev):
    out = set()
    for m in re.finditer(r"\d[\d,]*(?:\.\d+)?", ev):
        try:
            out.add(float(m.group().replace(",", "")))
        except ValueError:
            pass
    for m in re.finditer(r"[零〇一二两三四五六七八九十百千万亿]+", ev):
        out.add(float(cn2num(m.group())))
    return out


def mult(unit):
    unit = unit or ""
    return 10 ** 8 if unit.startswith("亿") else 10 ** 4 if unit.startswith("万") else 1


def visible(value, unit, ev):
    nums = numbers(ev)
    v = float(value)
    return any(abs(n - v) < 1e-9 or abs(n - v * mult(unit)) < 1e-6 for n in nums)


texts = {}


def text(doc):
    if doc not in texts:
        p = os.path.join(HERE, doc)
        texts[doc] = open(p, encoding="utf-8").read() if os.path.exists(p) else None
    return texts[doc]


def check_span(r, where):
    t = text(r.get("doc"))
    if t is None:
        P(f"{where}: document not found: {r.get('doc')}")
        return
    ev, off, occ = r.get("evidence"), r.get("offset"), r.get("occurrence")
    if not isinstance(ev, str) or not ev:
        P(f"{where}: empty evidence")
        return
    if not isinstance(off, int) or t[off:off + len(ev)] != ev:
        P(f"{where}: evidence is not at offset {off}")
        return
    starts = [m.start() for m in re.finditer(re.escape(ev), t)]
    if len(starts) > 1:
        if not isinstance(occ, int) or occ < 1 or occ > len(starts) or starts[occ - 1] != off:
            P(f"{where}: evidence occurs {len(starts)} times; occurrence {occ} does not match offset {off}")
    elif occ is not None:
        P(f"{where}: evidence occurs once but occurrence={occ}")


recs, amb, neg = load("records.jsonl"), load("ambiguous.jsonl"), load("negatives.jsonl")
seen = {}
for name, rows, keys, prefix in (("records", recs, REC_KEYS, "v"), ("ambiguous", amb, AMB_KEYS, "va"),
                                 ("negatives", neg, NEG_KEYS, "vn")):
    for r in rows:
        rid = r.get("id")
        where = f"{name}:{rid}"
        missing = [k for k in keys if k not in r]
        extra = [k for k in r if k not in keys]
        if missing:
            P(f"{where}: missing keys {missing}")
        if extra:
            P(f"{where}: unexpected keys {extra}")
        if not isinstance(rid, str) or not re.fullmatch(prefix + r"\d{3}", rid):
            P(f"{where}: id does not have prefix {prefix}NNN")
        if rid in seen:
            P(f"{where}: duplicate id (also in {seen[rid]})")
        seen[rid] = name
        check_span(r, where)
        if name == "negatives":
            if not r.get("why"):
                P(f"{where}: no why")
            continue
        if r.get("kind") not in ("target", "outcome", "subsidy"):
            P(f"{where}: bad kind {r.get('kind')}")
        if not r.get("place") or not r.get("indicator"):
            P(f"{where}: place/indicator empty")
        if r.get("bound") not in (None, "min", "max"):
            P(f"{where}: bad bound")
        if r.get("kind") == "subsidy":
            if r.get("amount_type") not in ("fixed", "minimum", "percentage", "ratio"):
                P(f"{where}: subsidy without valid amount_type")
            if r.get("measure") is not None or r.get("year_stated") is not None:
                P(f"{where}: subsidy with measure/year_stated")
        else:
            if r.get("measure") not in ("level", "growth", "share", "multiple"):
                P(f"{where}: bad measure")
            if r.get("amount_type") is not None:
                P(f"{where}: amount_type on a {r.get('kind')}")
        if r.get("kind") == "target" and not isinstance(r.get("year_stated"), bool):
            P(f"{where}: target without year_stated")
        if r.get("kind") == "outcome" and r.get("year_stated") is not None:
            P(f"{where}: outcome with year_stated")
        if not isinstance(r.get("approx"), bool):
            P(f"{where}: approx not bool")
        v = r.get("value")
        if v is None:
            if name == "records":
                P(f"{where}: gold record without value")
        elif not isinstance(v, (int, float)) or not visible(v, r.get("unit"), r.get("evidence", "")):
            P(f"{where}: value {v} not visible in evidence {r.get('evidence')!r}")
        if r.get("value_max") is not None and not visible(r["value_max"], r.get("unit"), r.get("evidence", "")):
            P(f"{where}: value_max not visible")
        if name == "ambiguous" and not r.get("why_ambiguous"):
            P(f"{where}: no why_ambiguous")

# dup_of: an earlier gold record of the same document with the same value
byid = {r.get("id"): r for r in recs}
for r in recs:
    d = r.get("dup_of")
    if d is not None:
        o = byid.get(d)
        if o is None or o.get("doc") != r.get("doc") or o.get("value") != r.get("value") \
                or o.get("offset", 0) >= r.get("offset", 0) or o.get("dup_of") is not None:
            P(f"records:{r.get('id')}: dup_of {d} is not an earlier first mention with the same value")

# the same fact twice, or a negative span identical to a labelled one
keyset = {}
for name, rows in (("records", recs), ("ambiguous", amb)):
    for r in rows:
        k = (r.get("doc"), r.get("offset"), r.get("evidence"), r.get("indicator"), r.get("value"))
        if k in keyset:
            P(f"{name}:{r.get('id')}: same span/indicator/value as {keyset[k]}")
        keyset[k] = r.get("id")
labelled = {(r.get("doc"), r.get("offset"), r.get("evidence")) for r in recs + amb}
for r in neg:
    if (r.get("doc"), r.get("offset"), r.get("evidence")) in labelled:
        P(f"negatives:{r.get('id')}: same span as a record or ambiguous item")


# ids must not collide with the earlier gold sets (gold13 in .., news15 in ../news)
old_ids = set()
for folder in ("..", os.path.join("..", "news")):
    for name in ("records.jsonl", "ambiguous.jsonl", "negatives.jsonl"):
        p = os.path.join(HERE, folder, name)
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                for l in f:
                    try:
                        old_ids.add(json.loads(l).get("id"))
                    except Exception:
                        pass
for r in recs + amb + neg:
    if r.get("id") in old_ids:
        P(f"{r.get('id')}: id collides with an earlier gold set")

# kind-specific field sanity
for r in recs + amb:
    if r.get("kind") == "subsidy" and not r.get("beneficiary"):
        P(f"{r.get('id')}: subsidy without beneficiary")
    if r.get("kind") == "target" and not isinstance(r.get("year"), int):
        P(f"{r.get('id')}: target without year")

# splits.json: every article file exactly once
import glob
files = sorted(os.path.basename(x) for x in glob.glob(os.path.join(HERE, "[0-9][0-9]_*.txt")))
sp = json.load(open(os.path.join(HERE, "splits.json"), encoding="utf-8"))
listed = sp.get("dev", []) + sp.get("heldout", [])
if sorted(listed) != files or len(set(listed)) != len(listed):
    P("splits.json does not list every article file exactly once")
for r in recs + amb + neg:
    if r.get("doc") not in files:
        P(f"{r.get('id')}: doc not an article file")

# titles: no digits or numerals
for fn in files:
    title = open(os.path.join(HERE, fn), encoding="utf-8").readline().rstrip("\n")
    if re.search(r"[0-9０-９〇零一二两三四五六七八九十百千万亿]", title):
        P(f"{fn}: title contains a digit or numeral")

# the article files: title line + the source body unchanged (only newlines added after 。)
SRC = "/work/shared/scale/news_68k.txt.xz"
meta_p = os.path.join(HERE, "sources.json")
if os.path.exists(SRC) and os.path.exists(meta_p) and "--no-source" not in sys.argv:
    import lzma
    meta = json.load(open(meta_p, encoding="utf-8"))
    want = {m["line"]: m for m in meta}
    found = set()
    with lzma.open(SRC, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if n in want:
                m = want[n]
                found.add(n)
                t = text(m["file"]) or ""
                title, _, body = t.partition("\n")
                src = line.rstrip("\n")
                src = src[src.index("正文：") + 3:]
                if title != m["title"] or body.replace("\n", "") != src:
                    P(f"{m['file']}: text differs from source line {n}")
    for n in set(want) - found:
        P(f"source line {n} not found")
else:
    print("(source comparison skipped)")

for p in problems:
    print(p)
print(f"records: {len(recs)}  ambiguous: {len(amb)}  negatives: {len(neg)}  docs: {len({r.get('doc') for r in recs + amb + neg})}")
print(f"problems: {len(problems)}")
sys.exit(1 if problems else 0)
