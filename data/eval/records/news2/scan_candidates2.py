"""Second, looser scan: lines with IP / innovation words near figures, grouped by kind of cue.
Writes /tmp/news2_cands2.json (line, counts, first characters)."""
import lzma, re, json
PREV = {m["line"] for m in json.load(open("../news/sources.json", encoding="utf-8"))} | {50443}
kw = r'专利|商标|知识产权|技术合同|高新技术企业|科技型中小企业|成果转化|技术转移|地理标志|质押融资|研发投入|研发费用|创新平台|专精特新'
num = r'\d+(?:\.\d+)?\s*(?:万件|件|家|户|亿元|万元|%|个|项|笔|倍)'
sub = r'(?:奖励|补助|补贴|资助|奖补|支持|给予)[^。；]{0,25}?\d+(?:\.\d+)?\s*(?:万元|元|%)'
goal = r'到20[2-3]\d年|力争|确保|达到'
out = []
with lzma.open('/work/shared/scale/news_68k.txt.xz', 'rt', encoding='utf-8') as f:
    for n, line in enumerate(f, 1):
        if n in PREV:
            continue
        s = line.rstrip('\n')
        K = len(re.findall(kw, s))
        if K < 3:
            continue
        N = len(re.findall(num, s)); S = len(re.findall(sub, s)); G = len(re.findall(goal, s))
        if N >= 3:
            out.append((n, K, N, S, G, len(s), s[:130]))
json.dump(out, open('/tmp/news2_cands2.json', 'w'), ensure_ascii=False)
print(len(out))
