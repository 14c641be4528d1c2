"""Keyword/figure scan of the compressed corpus (read with lzma; nothing decompressed is written).
Writes a short candidate list to /tmp/news2_cands.json."""
import lzma, re, json
PREV = {m["line"] for m in json.load(open("../news/sources.json", encoding="utf-8"))} | {50443}
ip = r'(?:专利|商标|知识产权|技术合同|技术转移|成果转化|高新技术企业|质押融资|地理标志|科技型中小企业|研发|专精特新|创新券|科技创新)'
fig = ip + r'[^。；]{0,30}?\d+(?:\.\d+)?\s*(?:万件|件|家|户|亿元|万元|%|个|项|笔|倍)'
sub = r'(?:奖励|补助|补贴|资助|奖补|支持)[^。；]{0,20}?\d+(?:\.\d+)?\s*(?:万元|元|%)|(?:给予|最高)[^。；]{0,20}?\d+(?:\.\d+)?\s*万元|按[^。；]{0,20}?\d+(?:\.\d+)?%给予'
goal = r'到20[2-3]\d年|力争|确保'
out = []
with lzma.open('/work/shared/scale/news_68k.txt.xz', 'rt', encoding='utf-8') as f:
    for n, line in enumerate(f, 1):
        if n in PREV:
            continue
        s = line.rstrip('\n')
        if not re.search(r'专利|商标|知识产权|技术转移|成果转化|科技创新|创新', s):
            continue
        F = len(re.findall(fig, s)); S = len(re.findall(sub, s)); G = len(re.findall(goal, s))
        if F >= 3 or S >= 2 or (G >= 1 and F >= 2):
            out.append((n, F, S, G, len(s), s[:200]))
json.dump(out, open('/tmp/news2_cands.json', 'w'), ensure_ascii=False)
print(len(out))
