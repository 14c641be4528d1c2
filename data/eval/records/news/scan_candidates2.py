import lzma, re, json
pats = {
 'tc': r'技术合同(?:成交额|交易额|登记)',
 'gq': r'高新技术企业[^。；，]{0,12}?\d+',
 'fm': r'有效发明专利|万人(?:口)?(?:高价值)?发明专利',
 'zy': r'质押融资[^。；]{0,15}?\d',
 'sub': r'(?:专利|高新技术企业|高企|研发|科技|创新|知识产权|商标|技术合同)[^。；]{0,40}?(?:奖励|补助|补贴|资助|奖补|支持)[^。；]{0,15}?\d+(?:\.\d+)?\s*万元|给予[^。；]{0,25}?\d+(?:\.\d+)?万元[^。；]{0,4}(?:奖励|补助|补贴|资助)',
 'goal': r'到20[2-3]\d年[^。]{0,60}?(?:专利|高新技术企业|研发|技术合同|创新|科技)',
}
out=[]
with lzma.open('/work/shared/scale/news_68k.txt.xz','rt',encoding='utf-8') as f:
    for n,line in enumerate(f,1):
        s=line.rstrip('\n')
        c={k:len(re.findall(p,s)) for k,p in pats.items()}
        if sum(c.values())>=2:
            out.append((n,c,s[:140]))
print(len(out))
seen=set(json.load(open('/tmp/seen.json'))) if False else set()
for n,c,t in out: print(n,{k:v for k,v in c.items() if v},t[:120])
