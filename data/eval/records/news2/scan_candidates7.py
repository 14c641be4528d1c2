import lzma, re, json
PREV = {m["line"] for m in json.load(open("../news/sources.json", encoding="utf-8"))} | {50443}
goal = re.compile(r'(?:到|至)20[2-3]\d年|力争|确保|目标')
num = re.compile(r'\d+(?:\.\d+)?\s*(?:万件|件|家|户|亿元|万元|%|个|项|名|人|所|座)')
inn = re.compile(r'创新|科技|专利|知识产权|研发|技术')
with lzma.open('/work/shared/scale/news_68k.txt.xz', 'rt', encoding='utf-8') as f:
    for n, line in enumerate(f, 1):
        if n in PREV: continue
        s = line.rstrip('\n')
        if len(inn.findall(s)) < 3: continue
        g = [m for m in goal.finditer(s)]
        k = sum(len(num.findall(s[m.start():m.start()+150])) for m in g)
        if k >= 3 and not re.search(r'美联储|美元|欧元|日元|股价|净利润', s):
            print(n, k, s[:90].replace('\n',' '))
