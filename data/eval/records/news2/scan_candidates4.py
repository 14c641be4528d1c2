"""Fourth scan: any money amount (万元/元/%) within 30 characters of reward/subsidy wording,
in a line that mentions innovation / IP words at least twice. Output to stdout only."""
import lzma, re, json
PREV = {m["line"] for m in json.load(open("../news/sources.json", encoding="utf-8"))} | {50443}
ipw = r'专利|商标|知识产权|技术合同|高新技术企业|高企|科技型|成果转化|技术转移|研发|创新|科技|专精特新|孵化|实验室|人才'
money = re.compile(r'\d+(?:\.\d+)?\s*(?:亿元|万元|元|%)')
cue = re.compile(r'奖励|补助|补贴|资助|奖补|支持|给予|奖金|扶持|贴息')
with lzma.open('/work/shared/scale/news_68k.txt.xz', 'rt', encoding='utf-8') as f:
    for n, line in enumerate(f, 1):
        if n in PREV:
            continue
        s = line.rstrip('\n')
        if len(re.findall(ipw, s)) < 4:
            continue
        hits = [m for m in money.finditer(s) if cue.search(s[max(0, m.start() - 30):m.end() + 15])]
        if hits:
            print(n, len(hits), len(s), s[:60].replace('\n', ' '))
            for m in hits[:4]:
                print('     |', s[max(0, m.start() - 35):m.end() + 10].replace('\n', ' '))
