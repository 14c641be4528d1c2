"""Fifth scan: goal wording (到20xx年/力争/确保/目标/将达到) within 120 characters of
IP / innovation words and a figure. Output to stdout only."""
import lzma, re, json
PREV = {m["line"] for m in json.load(open("../news/sources.json", encoding="utf-8"))} | {50443}
ipw = re.compile(r'专利|商标|知识产权|技术合同|高新技术企业|高企|科技型中小企业|成果转化|技术转移|地理标志|研发|创新平台|专精特新|孵化器|众创空间|重点实验室|新型研发机构|科技企业|创新型')
goal = re.compile(r'到20[2-3]\d年|力争|确保|目标|将达到|达到\d')
num = re.compile(r'\d+(?:\.\d+)?\s*(?:万件|件|家|户|亿元|万元|%|个|项|件|名|人)')
with lzma.open('/work/shared/scale/news_68k.txt.xz', 'rt', encoding='utf-8') as f:
    for n, line in enumerate(f, 1):
        if n in PREV:
            continue
        s = line.rstrip('\n')
        hits = []
        for m in goal.finditer(s):
            w = s[m.start():m.end() + 120]
            if ipw.search(w) and num.search(w):
                hits.append(w[:110])
        if hits:
            print(n, len(hits), s[:50].replace('\n', ' '))
            for h in hits[:3]:
                print('     |', h.replace('\n', ' '))
