import lzma, re, json
PREV = {m["line"] for m in json.load(open("../news/sources.json", encoding="utf-8"))} | {50443}
money = re.compile(r'\d+(?:\.\d+)?\s*(?:亿元|万元|元|%)')
cue = re.compile(r'奖励|补助|补贴|资助|奖补|给予|奖金|扶持|贴息|最高')
inn = re.compile(r'创新|科技|专利|知识产权|研发|技术|成果转化|孵化|人才')
with lzma.open('/work/shared/scale/news_68k.txt.xz', 'rt', encoding='utf-8') as f:
    for n, line in enumerate(f, 1):
        if n in PREV: continue
        s = line.rstrip('\n')
        if len(inn.findall(s)) < 2: continue
        k = sum(1 for m in money.finditer(s) if cue.search(s[max(0,m.start()-25):m.start()]))
        if k >= 3:
            print(n, k, s[:100].replace('\n',' '))
