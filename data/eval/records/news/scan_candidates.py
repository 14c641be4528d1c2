import lzma, re, json
ind = r'(?:专利|商标|知识产权|技术合同|高新技术企业|高企|质押|地理标志|科技型中小企业|研发|发明|专精特新|科技成果|创新平台|重点实验室|工程技术研究中心|新型研发机构|孵化器|众创空间|科技创新|R&D|研究与试验发展|小巨人|单项冠军|创新型)'
fig = ind + r'[^。；]{0,30}?\d+(?:\.\d+)?\s*(?:万件|件|家|户|亿元|万元|%|个|项|笔|所|倍)'
sub = r'(?:奖励|补助|补贴|资助|奖补)[^。；]{0,20}?\d+(?:\.\d+)?\s*(?:万元|元|%)|(?:给予|最高)[^。；]{0,20}?\d+(?:\.\d+)?\s*万元'
goal = r'到20\d\d年|力争|目标'
out=[]
with lzma.open('/work/shared/scale/news_68k.txt.xz','rt',encoding='utf-8') as f:
    for n,line in enumerate(f,1):
        s=line.rstrip('\n')
        F=len(re.findall(fig,s)); S=len(re.findall(sub,s)); G=len(re.findall(goal,s))
        if F>=4 or (F>=2 and (S>=1)) :
            out.append((n,F,S,G,len(s),s[:160]))
json.dump(out,open('/tmp/cands3.json','w'),ensure_ascii=False)
print(len(out))
