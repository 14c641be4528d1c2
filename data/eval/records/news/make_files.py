"""Write the 15 selected news articles as text files (title line + body as in the source).
Reads the compressed corpus with lzma; never writes it decompressed."""
import lzma, json, os, re
SEL = [
 # (NN, place, date, source line, title)
 ('01','南京','2023-08-03',61449,'南京市上半年知识产权发展情况'),
 ('02','六安','2023-08-08',55990,'六安市上半年知识产权工作情况'),
 ('03','亳州','2023-08-03',57142,'亳州市上半年商标工作情况'),
 ('04','潍坊','2023-08-18',15560,'潍坊市知识产权保护中心专利预审服务成效'),
 ('05','西安','2023-07-27',38226,'西安市中国专利奖获奖及知识产权工作情况'),
 ('06','福建','2023-07-31',67729,'福建省中国专利奖获奖及专利统计情况'),
 ('07','长春','2023-08-16',12624,'长春市科技创新行动计划目标与支持政策'),
 ('08','长沙','2023-08-04',44852,'长沙市建设全球研发中心城市的目标与支持政策'),
 ('09','鞍山','2023-07-28',49356,'鞍山市上半年科技成果转化情况'),
 ('10','新疆','2023-07-27',38393,'新疆维吾尔自治区科技创新大会与科技创新成效'),
 ('11','山西','2023-08-11',31469,'山西省新修订科学技术奖励办法的奖项与奖金'),
 ('12','聊城','2023-08-07',750,'聊城市市场监管工作成效与目标'),
 ('13','哈尔滨','2023-08-09',2066,'哈尔滨市中国专利奖获奖与知识产权优势企业培育'),
 ('14','湖南','2023-08-17',13492,'湖南省创新型中小企业与研发机构建设情况'),
 ('15','辽宁','2023-08-03',478,'辽宁省科技支撑碳达峰碳中和实施方案目标'),
]
CLOSERS = set('”’」』）)》')
def paragraphs(body):
    # break after 。 unless the next char closes a quote/bracket; keeps every character
    out=[]; i=0
    for j,ch in enumerate(body):
        if ch=='。' and j+1<len(body) and body[j+1] not in CLOSERS:
            out.append(body[i:j+1]); i=j+1
    out.append(body[i:])
    return [p for p in out if p!='']
def main():
    want={s[3]:s for s in SEL}
    got={}
    with lzma.open('/work/shared/scale/news_68k.txt.xz','rt',encoding='utf-8') as f:
        for n,line in enumerate(f,1):
            if n in want: got[n]=line.rstrip('\n')
    meta=[]
    for NN,place,date,ln,title in SEL:
        line=got[ln]
        k=line.index('正文：')
        prefix, body = line[:k+3], line[k+3:]
        paras=paragraphs(body)
        assert ''.join(paras)==body
        text=title+'\n'+'\n'.join(paras)+'\n'
        fn=f'{NN}_{place}_{date}.txt'
        open(fn,'w',encoding='utf-8').write(text)
        meta.append(dict(file=fn,line=ln,date=date,prefix=prefix,title=title,chars=len(text)))
    json.dump(meta,open('sources.json','w',encoding='utf-8'),ensure_ascii=False,indent=1)
    for m in meta: print(m)
main()
