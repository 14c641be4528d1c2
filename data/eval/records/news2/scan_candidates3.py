"""Third scan: windows around subsidy wording and around goal wording near IP/innovation words.
Prints line number, counts and up to three windows; output goes to /tmp only."""
import lzma, re, json, sys
PREV = {m["line"] for m in json.load(open("../news/sources.json", encoding="utf-8"))} | {50443}
ipw = r'专利|商标|知识产权|技术合同|高新技术企业|高企|科技型中小企业|成果转化|技术转移|地理标志|质押|研发|创新|科技|专精特新|孵化器|众创空间|实验室|新型研发机构'
sub = re.compile(r'(?:最高|给予|奖励|补助|补贴|资助|奖补|一次性)[^。；]{0,25}?\d+(?:\.\d+)?\s*(?:万元|元|%)')
goal = re.compile(r'(?:到20[2-3]\d年|力争|确保|目标)[^。]{0,80}?\d+(?:\.\d+)?\s*(?:万件|件|家|户|亿元|万元|%|个|项|件)')
mode = sys.argv[1]
pat = sub if mode == 'sub' else goal
out = []
with lzma.open('/work/shared/scale/news_68k.txt.xz', 'rt', encoding='utf-8') as f:
    for n, line in enumerate(f, 1):
        if n in PREV:
            continue
        s = line.rstrip('\n')
        ms = [m for m in pat.finditer(s) if re.search(ipw, s[max(0, m.start() - 60):m.end() + 20])]
        if len(ms) >= int(sys.argv[2] if len(sys.argv) > 2 else 2):
            w = [s[max(0, m.start() - 40):m.end() + 5] for m in ms[:3]]
            out.append((n, len(ms), len(s), s[:80], w))
json.dump(out, open(f'/tmp/news2_{mode}.json', 'w'), ensure_ascii=False)
for r in sorted(out, key=lambda x: -x[1]):
    print(r[0], r[1], r[2], r[3].replace('\n', ' '))
    for w in r[4]:
        print('     |', w.replace('\n', ' '))
