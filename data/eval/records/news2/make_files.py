"""Write the 12 selected news articles as text files (title line + body as in the source).
Reads the compressed corpus with lzma; never writes it decompressed."""
import lzma, json, os
HERE = os.path.dirname(os.path.abspath(__file__))
SEL = [
    # (NN, place, date, source line, title)
    ('01', '重庆', '2023-08-03', 31614, '重庆市质量强市建设实施方案的质量基础设施目标'),
    ('02', '上海', '2023-07-26', 47722, '上海市高质量孵化器培育实施方案目标'),
    ('03', '广州', '2023-08-17', 14941, '广州市推动新型储能产业高质量发展的目标与基础'),
    ('04', '四川', '2023-07-28', 56278, '聚源兴川重大科技成果转化项目申报通知'),
    ('05', '北京', '2023-08-07', 67555, '北京市自然科学基金面上项目及青年科学基金项目申报'),
    ('06', '山西', '2023-08-09', 2093, '山西省创客中国中小企业创新创业大赛奖励'),
    ('07', '安徽', '2023-08-14', 8305, '安徽省创响中国创新创业大赛奖励与成效'),
    ('08', '湖北', '2023-08-17', 13417, '湖北省博士后人才计划资助标准'),
    ('09', '深圳', '2023-08-18', 23883, '深圳市逐梦杯大学生创新创业大赛奖金与成效'),
    ('10', '江苏', '2023-08-08', 57082, '江苏省博士后工作与卓越博士后资助'),
    ('11', '佛山', '2023-08-03', 23816, '佛山市中国专利奖获奖与知识产权金融'),
    ('12', '张家界', '2023-07-28', 59777, '张家界市科技创新平台与科技型企业培育'),
]
CLOSERS = set('”’」』）)》')


def paragraphs(body):
    # break after 。 unless the next char closes a quote/bracket; keeps every character
    out, i = [], 0
    for j, ch in enumerate(body):
        if ch == '。' and j + 1 < len(body) and body[j + 1] not in CLOSERS:
            out.append(body[i:j + 1]); i = j + 1
    out.append(body[i:])
    return [p for p in out if p != '']


def main():
    want = {s[3]: s for s in SEL}
    got = {}
    with lzma.open('/work/shared/scale/news_68k.txt.xz', 'rt', encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if n in want:
                got[n] = line.rstrip('\n')
    meta = []
    for NN, place, date, ln, title in SEL:
        assert not any(ch.isdigit() for ch in title) and not any(c in title for c in '〇一二三四五六七八九十百千万亿两')
        line = got[ln]
        k = line.index('正文：')
        prefix, body = line[:k + 3], line[k + 3:]
        paras = paragraphs(body)
        assert ''.join(paras) == body
        text = title + '\n' + '\n'.join(paras) + '\n'
        fn = f'{NN}_{place}_{date}.txt'
        open(os.path.join(HERE, fn), 'w', encoding='utf-8').write(text)
        meta.append(dict(file=fn, line=ln, date=date, prefix=prefix, title=title, chars=len(text)))
    json.dump(meta, open(os.path.join(HERE, 'sources.json'), 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
    for m in meta:
        print(m)


main()
