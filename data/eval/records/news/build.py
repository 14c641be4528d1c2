"""Hand-written labels for the 15 news articles (held-out gold set "news15").

Each call below is one label I made by reading the article. The build only fills
defaults, finds the evidence in the file text (title line included), stores the
character offset, and refuses to write if an evidence is missing or ambiguous in
position. Run:  python3 build.py && python3 check.py
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ["id", "doc", "place", "kind", "indicator", "value", "value_max", "unit",
          "amount_type", "year", "period", "baseline", "baseline_year", "attribute",
          "beneficiary", "condition", "grantor", "article", "evidence", "bound",
          "measure", "approx", "year_stated", "dup_of", "occurrence", "offset", "note"]

DOCS = {
    "01": ("01_南京_2023-08-03.txt", "南京"),
    "02": ("02_六安_2023-08-08.txt", "六安"),
    "03": ("03_亳州_2023-08-03.txt", "亳州"),
    "04": ("04_潍坊_2023-08-18.txt", "潍坊"),
    "05": ("05_西安_2023-07-27.txt", "西安"),
    "06": ("06_福建_2023-07-31.txt", "福建"),
    "07": ("07_长春_2023-08-16.txt", "长春"),
    "08": ("08_长沙_2023-08-04.txt", "长沙"),
    "09": ("09_鞍山_2023-07-28.txt", "鞍山"),
    "10": ("10_新疆_2023-07-27.txt", "新疆"),
    "11": ("11_山西_2023-08-11.txt", "山西"),
    "12": ("12_聊城_2023-08-07.txt", "聊城"),
    "13": ("13_哈尔滨_2023-08-09.txt", "哈尔滨"),
    "14": ("14_湖南_2023-08-17.txt", "湖南"),
    "15": ("15_辽宁_2023-08-03.txt", "辽宁"),
}
TEXT = {k: open(os.path.join(HERE, fn), encoding="utf-8").read() for k, (fn, _) in DOCS.items()}

RECS, AMB, NEG = [], [], []
_errors = []


def locate(d, ev, occ):
    t = TEXT[d]
    n = t.count(ev)
    if n == 0:
        _errors.append(f"{d}: evidence not found: {ev!r}")
        return None, occ
    if n > 1 and occ is None:
        _errors.append(f"{d}: evidence occurs {n} times, occurrence needed: {ev!r}")
        return None, occ
    if n == 1 and occ not in (None, 1):
        _errors.append(f"{d}: evidence occurs once but occurrence={occ}: {ev!r}")
    k = occ or 1
    pos = -1
    for _ in range(k):
        pos = t.find(ev, pos + 1)
    if pos < 0:
        _errors.append(f"{d}: occurrence {k} not found: {ev!r}")
        return None, occ
    return pos, (occ if n > 1 else None)


def _rec(store, prefix, d, kind, indicator, value, unit, ev, **kw):
    fn, place = DOCS[d]
    r = {f: None for f in FIELDS}
    r.update(doc=fn, place=kw.pop("place", place), kind=kind, indicator=indicator,
             value=value, unit=unit, evidence=ev, approx=False)
    if kind in ("target", "outcome"):
        r["measure"] = kw.pop("measure", "level")
    if kind == "target":
        r["year_stated"] = kw.pop("year_stated", True)
    why = kw.pop("why", None)
    for k, v in kw.items():
        if k not in r:
            raise KeyError(k)
        r[k] = v
    r["offset"], r["occurrence"] = locate(d, ev, kw.get("occurrence"))
    r["id"] = f"{prefix}{len(store) + 1:03d}"
    if why is not None:
        r["why_ambiguous"] = why
    store.append(r)
    return r["id"]


def R(d, kind, indicator, value, unit, ev, **kw):
    return _rec(RECS, "w", d, kind, indicator, value, unit, ev, **kw)


def A(d, kind, indicator, value, unit, ev, why, **kw):
    return _rec(AMB, "wa", d, kind, indicator, value, unit, ev, why=why, **kw)


def N(d, ev, why, occurrence=None):
    fn, _ = DOCS[d]
    off, occ = locate(d, ev, occurrence)
    NEG.append({"id": f"wn{len(NEG) + 1:03d}", "doc": fn, "evidence": ev, "why": why,
                "occurrence": occ, "offset": off})


H1 = "1-6月 2023"
OTHER = "figure of another place (not the document's place)"
NATIONAL = "national total, not the document's place"

# ---------------------------------------------------------------- 01 南京
d = "01"
R(d, "outcome", "有效发明专利拥有量", 125112, "件", "南京有效发明专利量达125112件", year=2023, period="截至6月底 2023")
R(d, "outcome", "有效发明专利拥有量", 10, "万件", "率先突破10万件大关", year=2022, period="2022", bound="min",
  note="去年(2022) the stock first passed 100,000 (突破…大关 = min bound)")
R(d, "outcome", "每万人口发明专利拥有量", 132.77, "件", "南京万人发明专利拥有量132.77件", year=2023, period="截至6月底 2023")
R(d, "outcome", "每万人口发明专利拥有量增长率(比去年底)", 9.95, "%", "比去年底增长9.95%", year=2023,
  period="截至6月底 2023", baseline_year=2022, measure="growth")
R(d, "outcome", "维持时间11到20年的有效发明专利量", 12660, "件", "维持时间在11到20年的有效发明专利量达12660件",
  year=2023, period="截至6月底 2023", note="11到20年 is part of the indicator definition, not a separate figure")
R(d, "outcome", "维持时间11到20年的有效发明专利量增长率(比去年底)", 15.74, "%", "比去年底增长15.74%", year=2023,
  period="截至6月底 2023", baseline_year=2022, measure="growth")
R(d, "outcome", "数字经济产业有效发明专利量占比", 59.6, "%", "数字经济产业有效发明专利量占区域有效发明总量比重达59.60%",
  year=2023, period="截至6月底 2023", measure="share")
R(d, "outcome", "专利授权量", 34064, "件", "南京专利授权量34064件", year=2023, period=H1)
R(d, "outcome", "发明专利授权量", 13113, "件", "其中发明专利授权量13113件", year=2023, period=H1)
R(d, "outcome", "日均发明专利授权量", 72, "件", "平均每天授权发明专利72件", year=2023, period=H1)
R(d, "outcome", "企业专利授权量", 23456, "件", "企业累计获得授权23456件", year=2023, period=H1)
R(d, "outcome", "企业专利授权量占比", 68.86, "%", "占比68.86%", year=2023, period=H1, measure="share")
R(d, "outcome", "院校专利授权量", 7419, "件", "院校获得授权7419件", year=2023, period=H1)
ev = "科研单位、机关和个人分别获得授权865件、1188件和1136件"
R(d, "outcome", "科研单位专利授权量", 865, "件", ev, year=2023, period=H1)
R(d, "outcome", "机关专利授权量", 1188, "件", ev, year=2023, period=H1)
R(d, "outcome", "个人专利授权量", 1136, "件", ev, year=2023, period=H1)
ev = "全市累计为3300多家企业融资约220亿元"
R(d, "outcome", "知识产权质押融资惠及企业数(累计)", 3300, "家", ev, year=2023, period="近年来累计", bound="min", approx=True)
R(d, "outcome", "知识产权质押融资额(累计)", 220, "亿元", ev, year=2023, period="近年来累计", approx=True)
R(d, "outcome", "知识产权质押融资普惠额度占比(累计)", 90, "%", "普惠额度占比90%以上", year=2023, period="近年来累计",
  bound="min", measure="share")
R(d, "outcome", "知识产权质押融资额", 16.2, "亿元", "全市完成知识产权质押融资16.2亿元", year=2023, period=H1)
R(d, "outcome", "知识产权质押融资惠及科创企业数", 285, "户", "惠及科创企业285户", year=2023, period=H1)
A(d, "outcome", "有效发明专利平均维持时间", 6.11, "年", "有效发明专利平均维持时间6.11年",
  "a real IP statistic of the city, but expressed as a duration (年); durations are negatives in gold13", year=2023,
  period="截至6月底 2023")
A(d, "outcome", "企业专利申请量(累计,南微医学)", 800, "件", "企业已累计申请了800余件专利",
  "figure of a single firm (南微医学) quoted by its manager, not a city statistic", year=2023, period="累计",
  bound="min", approx=True)
A(d, "outcome", "企业有效授权专利量(南微医学)", 300, "件", "有效授权专利300多件",
  "figure of a single firm (南微医学), not a city statistic", year=2023, period="2023", bound="min", approx=True)
N(d, "8月2日，记者从南京市市场监管局（市知识产权局）获悉", "date of the press briefing")
N(d, "截至今年6月底", "date (as-of date of the statistic, no figure of its own)")
N(d, "连续多年位居全省第一、全国前列", "ranking (positions are not records)")
N(d, "三项知识产权核心指标", "count of indicators named, not a quantity of an indicator")
N(d, "年产值达数亿元", "vague amount (数亿) of one firm's output, no figure")

# ---------------------------------------------------------------- 02 六安
d = "02"
first = R(d, "outcome", "专利授权量", 3385, "件", "六安全市上半年授权专利3385件", occurrence=1, year=2023, period=H1,
          note="headline (原标题)")
R(d, "outcome", "专利授权量", 3385, "件", "六安全市上半年授权专利3385件", occurrence=2, year=2023, period=H1,
  dup_of=first, note="headline repeated in the source")
R(d, "outcome", "专利授权量", 3385, "件", "上半年全市共授权专利3385件", year=2023, period=H1, dup_of=first,
  note="body statement of the headline figure")
R(d, "outcome", "有效发明专利拥有量", 4165, "件", "发明专利有效量4165件", year=2023, period=H1)
R(d, "outcome", "有效发明专利拥有量同比增长率", 20.3, "%", "同比增长20.3%", year=2023, period=H1, measure="growth")
R(d, "outcome", "PCT专利申请量", 54, "件", "PCT专利申请54件", year=2023, period=H1)
R(d, "outcome", "新增注册商标量", 3329, "件", "全市新增注册商标3329件", year=2023, period=H1)
R(d, "outcome", "有效注册商标量", 66289, "件", "有效注册商标数66289件", year=2023, period=H1)
R(d, "outcome", "地理标志用标企业数", 593, "家", "目前全市地理标志用标企业达593家", year=2023, period="2023")
R(d, "outcome", "知识产权维权援助工作服务站数", 17, "家", "全市知识产权维权援助工作服务站达17家", year=2023, period="2023")
R(d, "outcome", "建立知识产权公共服务节点的县区数", 7, "个", "霍山县等7个县区建立知识产权公共服务节点", year=2023, period="2023")
R(d, "outcome", "企业有效发明专利拥有量", 3626, "件", "企业有效发明专利3626件", year=2023, period="截至6月底 2023")
R(d, "outcome", "企业有效发明专利占比", 87.1, "%", "在全市有效发明专利中占比达87.1%", year=2023, period="截至6月底 2023",
  measure="share")
A(d, "outcome", "入围地理标志农产品品牌声誉百强榜的茶叶地标品牌数", 4, "个", "六安瓜片等4个茶叶地标品牌入围中国地理标志农产品品牌声誉百强榜",
  "entries in an external brand-reputation list; GI-related but not a listed indicator (cf. gold13 brand-fair awards)",
  year=2023, period="2023")
N(d, "居全省第三", "ranking")
N(d, "居全省第六", "ranking")
N(d, "8月4日，记者从市市场监管局召开的六安市2023年知识产权工作新闻发布会上了解到", "date of the press conference")
N(d, "2022年度安徽省知识产权工作真抓实干成效明显地方督查激励建议名单", "year of a commendation list, no quantity")
N(d, "获批为第二批省级专利导航服务基地", "ordinal (batch number)")
N(d, "认定为2023年安徽省专利导航服务基地建设单位", "year in a designation")

# ---------------------------------------------------------------- 03 亳州
d = "03"
first = R(d, "outcome", "有效注册商标量", 10, "万件", "亳州有效注册商标突破十万件", occurrence=1, year=2023, period="2023",
          bound="min", note="headline; 十万件 written as 10 万件 (document unit 万件)")
R(d, "outcome", "有效注册商标量", 10, "万件", "亳州有效注册商标突破十万件", occurrence=2, year=2023, period="2023",
  bound="min", dup_of=first, note="headline repeated in the source")
first = R(d, "outcome", "商标注册申请量", 12271, "件", "全市商标注册申请量达12271件", year=2023, period=H1,
          note="今年以来; the next paragraph dates the same figure to 2023年上半年")
R(d, "outcome", "商标注册申请量", 12271, "件", "全市商标注册申请量12271件", year=2023, period=H1, dup_of=first)
R(d, "outcome", "商标注册量", 6134, "件", "商标注册量6134件", year=2023, period=H1)
R(d, "outcome", "有效注册商标量", 104024, "件", "我市有效注册商标量104024件", year=2023, period="2023",
  note="same stock as the headline 突破十万件, stated exactly")
ev = "全市商标权质押融资44笔4.191亿元"
R(d, "outcome", "商标权质押融资笔数", 44, "笔", ev, year=2023, period=H1)
R(d, "outcome", "商标权质押融资额", 4.191, "亿元", ev, year=2023, period=H1)
R(d, "outcome", "商标权质押融资额同比增长率", 105, "%", "同比增长105%", year=2023, period=H1, measure="growth")
R(d, "outcome", "查办商标侵权案件数", 120, "件", "我市查办商标侵权案件120件", year=2023, period=H1)
A(d, "outcome", "通过地理标志专用标志使用核准的企业数(谯城区)", 2, "家", "谯城区2家企业通过“亳白芍”地理标志专用标志使用核准",
  "count for one district (谯城区) and one GI mark; small work item rather than a city indicator", year=2023, period="2023")
N(d, "全省排名第3位", "ranking", occurrence=1)
N(d, "全省排名第3位", "ranking", occurrence=2)
N(d, "全省排名第3位", "ranking", occurrence=3)
N(d, "位居全省第2位", "ranking")
N(d, "全省排名第2位", "ranking", occurrence=1)
N(d, "全省排名第2位", "ranking", occurrence=2)

# ---------------------------------------------------------------- 04 潍坊
d = "04"
P = "2018年12月运行以来(截至2023-08-15)"
R(d, "outcome", "预审专利授权量(保护中心累计)", 1, "万件", "市知识产权保护中心专利授权量突破万件", year=2023, period=P,
  bound="min", note="headline; 突破万件 = more than 1 万件")
R(d, "outcome", "专利预审服务申请接收量(保护中心累计)", 20216, "件", "专利预审服务申请接收量20216件", year=2023, period=P)
R(d, "outcome", "专利预审受理量(保护中心累计)", 17946, "件", "受理量17946件", year=2023, period=P)
R(d, "outcome", "专利预审合格量(保护中心累计)", 11877, "件", "合格量11877件", year=2023, period=P)
R(d, "outcome", "预审专利授权量(保护中心累计)", 10058, "件", "授权量10058件", year=2023, period=P,
  note="exact value of the headline 突破万件")
R(d, "outcome", "经预审发明专利授权量(保护中心)", 1043, "件", "今年上半年发明专利授权达1043件", year=2023, period=H1)
R(d, "outcome", "经预审发明专利授权量同比增长率", 101, "%", "同比增长101%", year=2023, period=H1, measure="growth")
R(d, "outcome", "经预审发明专利授权量占全市发明专利授权总量比重", 44, "%", "占全市发明专利授权总量的44%", year=2023, period=H1,
  measure="share")
R(d, "outcome", "每万人口国内有效发明专利拥有量", 19.19, "件", "拉动全市每万人口国内有效发明专利拥有量至19.19件", year=2023,
  period="2023")
N(d, "自2018年12月运行以来", "date (start of operation)")
N(d, "截至2023年8月15日", "date")
N(d, "各项业务指标均居全省地市级保护中心第一", "ranking")
N(d, "四个产业领域", "count of fields served, not an indicator quantity")
N(d, "“3+2”预审管理机制", "name of a mechanism")
N(d, "建立三级质检模式", "name of a mechanism (三级 = three levels)")
N(d, "预审专利先后获第二十二届中国专利奖优秀奖和第四届山东省专利奖一等奖", "ordinals of award editions; no count")

# ---------------------------------------------------------------- 05 西安
d = "05"
A_ = "第二十四届中国专利奖(2023)"
R(d, "outcome", "中国专利奖获奖项目数", 19, "个", "西安市19个项目获第二十四届中国专利奖", year=2023, period=A_,
  note="headline (原标题)")
R(d, "outcome", "中国专利金奖获奖数", 2, "项", "西安市共获得2项金奖", year=2023, period=A_)
R(d, "outcome", "中国专利银奖获奖数", 2, "项", "2项银奖", year=2023, period=A_)
R(d, "outcome", "中国专利优秀奖获奖数", 15, "项", "以及15项优秀奖", year=2023, period=A_)
R(d, "outcome", "万人口高价值专利拥有量", 20.2, "件", "我市万人口高价值专利拥有量达到20.2件", year=2022, period="截至2022年12月底")
R(d, "outcome", "每万人口发明专利拥有量", 63.2, "件", "我市万人口发明专利拥有量达到63.2件", year=2023, period="截至5月底 2023")
ev = "两金两银15优"
why = "headline shorthand (两金两银15优) without units; the body states the same counts in full, which are gold"
A(d, "outcome", "中国专利金奖获奖数", 2, "项", ev, why, year=2023, period=A_)
A(d, "outcome", "中国专利银奖获奖数", 2, "项", ev, why, year=2023, period=A_)
A(d, "outcome", "中国专利优秀奖获奖数", 15, "项", ev, why, year=2023, period=A_)
A(d, "outcome", "西安交通大学获中国专利金奖发明专利数", 2, "项", "来自西安交通大学的两项发明专利",
  "restates the city's 2 gold awards as the patents of one university", year=2023, period=A_)
for ev in ["中国专利金奖获奖项目29项", "中国外观设计金奖预获奖项目10项", "中国专利银奖预获奖项目60项",
           "中国外观设计银奖预获奖项目15项", "中国专利优秀奖预获奖项目777项", "中国外观设计优秀奖预获奖项目45项"]:
    N(d, ev, NATIONAL + " (all winners of the 24th China Patent Award)")
N(d, "7月21日，国家知识产权局公布第二十四届中国专利奖评审结果", "date and award edition (ordinal)")
N(d, "ZL201710414718.9", "patent number")
N(d, "ZL201810037587.1", "patent number")
N(d, "“两侧着手”", "slogan")
N(d, "“三方联动”", "slogan")
N(d, "“四层发力”", "slogan")

# ---------------------------------------------------------------- 06 福建
d = "06"
A_ = "第二十四届中国专利奖(2023)"
first = R(d, "outcome", "中国专利奖获奖专利数", 15, "项", "福建15项专利获第二十四届中国专利奖", year=2023, period=A_,
          note="headline (原标题)")
R(d, "outcome", "中国专利奖获奖专利数", 15, "项", "福建共15项专利获奖", year=2023, period=A_, dup_of=first)
ev = "金奖、银奖各1项"
R(d, "outcome", "中国专利奖金奖获奖数(含外观设计金奖)", 1, "项", ev, year=2023, period=A_,
  note="the gold award is a 中国外观设计金奖 (厦门金龙)")
R(d, "outcome", "中国专利银奖获奖数", 1, "项", ev, year=2023, period=A_)
first = R(d, "outcome", "中国专利优秀奖获奖数", 13, "项", "优秀奖13项", year=2023, period=A_)
R(d, "outcome", "中国专利优秀奖获奖数", 13, "项", "等13项专利获得中国专利优秀奖", year=2023, period=A_, dup_of=first)
R(d, "outcome", "专利申请受理审查量", 36183, "件", "全省共受理审查专利申请36183件", year=2023, period=H1)
R(d, "outcome", "专利申请受理审查量同比增长率", 29.2, "%", "同比增长29.2%", year=2023, period=H1, measure="growth")
R(d, "outcome", "专利授权量", 52630, "件", "全省授权专利52630件", year=2023, period="1-5月 2023")
R(d, "outcome", "发明专利授权量", 6319, "件", "其中发明专利6319件", year=2023, period="1-5月 2023")
R(d, "outcome", "实用新型专利授权量", 32604, "件", "实用新型专利32604件", year=2023, period="1-5月 2023")
R(d, "outcome", "外观设计专利授权量", 13707, "件", "外观设计专利13707件", year=2023, period="1-5月 2023")
R(d, "outcome", "有效发明专利拥有量", 79862, "件", "全省有效发明专利79862件", year=2023, period="截至5月底 2023")
N(d, "继2018年获得中国专利奖金奖后", "date (previous gold award year)")
N(d, "关于第二十四届中国专利奖授奖的决定", "award edition (ordinal)")

# ---------------------------------------------------------------- 07 长春
d = "07"
T = dict(year=2025, period="2025")
R(d, "target", "本地转化科技成果数", 4000, "项", "本地转化科技成果超过4000项", bound="min", **T)
R(d, "target", "科技型中小企业数", 6000, "家", "科技型中小企业超过6000家", bound="min", **T)
R(d, "target", "攻克关键核心技术数", 240, "个", "攻克关键核心技术达到240个", **T)
R(d, "target", "科技企业孵化器(众创空间)数", 260, "个", "科技企业孵化器(众创空间)达到260个", **T)
R(d, "target", "专精特新中小企业数", 2000, "家", "“专精特新”中小企业达到2000家", **T)
R(d, "target", "高新技术企业数", 3300, "家", "高新技术企业数增至3300家", **T)
R(d, "target", "六项科技创新指标年均增速(含高新技术企业数、R&D支出、省级以上创新平台数量、每万家企业法人中科技型企业数量等)", 10, "%",
  "等六项指标年平均增速实现10%以上", bound="min", measure="growth",
  note="one growth goal shared by six indicators (高新技术企业数, R&D支出, 省级以上创新平台数量, 每万家企业法人中科技型企业数量 and others); one figure, one record", **T)
S = dict(amount_type="fixed", bound="max", grantor="长春市")
R(d, "subsidy", "汽车重大科技专项单个项目支持资金", 2000, "万元", "单个项目最高支持2000万元",
  beneficiary="汽车重大科技专项项目承担单位", condition="承担长春市汽车重大科技专项项目", **S)
R(d, "subsidy", "重点产业链科技专项单个项目配置资金", 1000, "万元", "单个项目最高配置资金1000万元",
  beneficiary="科技专项项目承担单位", condition="承担围绕重点产业链滚动实施的科技专项项目", **S)
R(d, "subsidy", "院士工作站建设补助", 500, "万元", "支持院士工作站建设，最高补助500万元",
  beneficiary="院士工作站(建站单位)", condition="建设院士工作站", **S)
R(d, "subsidy", "院士向在长企业转化科技成果奖励", 500, "万元", "最高奖励500万元",
  beneficiary="院士", condition="向在长企业转化科技成果", **S)
R(d, "subsidy", "院士成果国内首次产业化补助", 1000, "万元", "最高给予院士补助1000万元",
  beneficiary="院士", condition="转化的成果实现国内首次产业化", **S)
R(d, "subsidy", "科技产业园区年度补助", 300, "万元", "每年最高补助300万元",
  beneficiary="高校院所与市、区联合共建的科技产业园区", condition="成果转化效率高、效益显著；每年，连续支持3年", **S)
R(d, "subsidy", "产业研究院(新型研发机构)支持资金", 500, "万元", "每个研究院最高支持500万元",
  beneficiary="产业研究院(新型研发机构)", condition="建设产业研究院", **S)
R(d, "subsidy", "概念验证中心和中试基地补助", 200, "万元", "对中心和基地最高给予200万元补助",
  beneficiary="概念验证中心和中试基地", condition="建设概念验证中心或中试基地", **S)
R(d, "subsidy", "概念验证/中试具体项目补助", 200, "万元", "对具体的项目，最高补助200万元",
  beneficiary="概念验证、中试具体项目", condition="具体项目；具有重大价值的项目可连续支持", **S)
N(d, "中新网长春8月16日电", "date line")
N(d, "于柏生16日在长春介绍", "date")
N(d, "实现“两个翻两番”", "slogan summarising the two targets above; no separate figure")
N(d, "实现“三个成倍增”", "slogan summarising the three targets above; no separate figure")
N(d, "省市联合每年投入9000万元", "budget line (province and city funding of a special programme)")
N(d, "连续支持5年", "duration of funding")
N(d, "连续支持3年", "duration of funding (condition of the park subsidy)")

# ---------------------------------------------------------------- 08 长沙
d = "08"
R(d, "target", "全社会研发投入年均增速", 13, "%", "长沙全社会研发投入年均增速达13%以上", year=2025, period="2025",
  bound="min", measure="growth")
R(d, "target", "各类创新平台数", 2600, "家", "各类创新平台2600家", year=2025, period="2025")
R(d, "target", "各类创新平台数", 3000, "家", "各类创新平台3000家以上", year=2030, period="2030", bound="min")
R(d, "target", "研发企业（中心）数", 500, "家", "研发企业（中心）500家以上", year=2030, period="2030", bound="min")
S = dict(grantor="长沙市", beneficiary="在长沙落地的世界500强企业研发中心")
R(d, "subsidy", "世界500强企业研发中心落地支持", 10, "亿元", "给予最高10亿元支持", amount_type="fixed", bound="max",
  condition="在长沙落地，按“一事一议”", **S)
R(d, "subsidy", "世界500强企业研发中心研发投入增量支持比例", 10, "%", "按每年研发投入增量部分的10%", amount_type="percentage",
  condition="每年研发投入的增量部分", note="capped at 1000万元 (next record)", **S)
R(d, "subsidy", "世界500强企业研发中心研发投入增量支持上限", 1000, "万元", "给予最高1000万元支持", amount_type="fixed",
  bound="max", condition="按每年研发投入增量部分的10%给予，最高1000万元", **S)
R(d, "outcome", "技术合同成交额年均增速", 50, "%", "长沙全市技术合同成交额年均增速超50%", year=2023, period="近三年",
  bound="min", measure="growth")
R(d, "outcome", "技术开发、转让、许可三类合同本地转化率", 46.7, "%", "三类合同本地转化率46.7%", year=2023, period="近三年",
  measure="share")
N(d, "8月2日，长沙市人民政府举行新闻发布会", "date")
N(d, "拟在2030年初步建成全球研发中心城市", "target year with no figure")
N(d, "推动“七大工程”实施", "count of programmes")
N(d, "长沙将重点实施“七大工程”", "count of programmes")
N(d, "在此落地的世界500强企业研发中心", "part of a name (世界500强), not a figure")

# ---------------------------------------------------------------- 09 鞍山
d = "09"
first = R(d, "outcome", "技术合同成交额同比增长率", 124, "%", "上半年技术合同成交额同比增124%", year=2023, period=H1,
          measure="growth", note="headline (原标题)")
R(d, "outcome", "科技成果本地转化率", 60, "%", "鞍山市科技成果本地转化率达60%", year=2023, period=H1, measure="share")
R(d, "outcome", "技术合同成交额", 11.3, "亿元", "技术合同成交额实现11.3亿元", year=2023, period=H1)
R(d, "outcome", "技术合同成交额同比增长率", 124, "%", "同比增长124%", year=2023, period=H1, measure="growth", dup_of=first)
R(d, "outcome", "高成长性企业培育库入库企业数", 142, "家", "已入库企业142家", year=2023, period="2023")
R(d, "outcome", "获批省级雏鹰、瞪羚企业数", 4, "家", "获批省级雏鹰、瞪羚企业4家", year=2023, period="2023")
R(d, "outcome", "科技型企业融资贷款额(鞍科贷)", 4749.5, "万元", "为科技型企业提供融资贷款4749.5万元", year=2023, period="2023")
R(d, "outcome", "科技型企业融资贷款额同比增长率", 331, "%", "同比增长331%", year=2023, period="2023", measure="growth")
A(d, "outcome", "技术合同成交额增幅高于全省平均水平", 74, "个百分点", "增幅高于全省平均水平74个百分点",
  "difference from the provincial average (percentage points), not a level, growth or share of the city itself",
  year=2023, period=H1)
A(d, "outcome", "鞍科贷合作金融机构数", 12, "家", "合作金融机构达12家",
  "partner banks of a credit product (cf. gold13: banks at a meeting are negatives)", year=2023, period="2023")
A(d, "outcome", "引育高水平人才团队项目数", 15, "个", "引育高水平人才团队项目15个",
  "talent-team projects: innovation-related but not a listed indicator", year=2023, period="2023")
N(d, "7月27日，记者走进辽宁希思腾科信息技术有限公司的生产车间", "date")
N(d, "实施“一企一策”全程辅导", "slogan")

# ---------------------------------------------------------------- 10 新疆
d = "10"
Y = dict(year=2022, period="2022年度")
R(d, "outcome", "自治区科学技术奖突出贡献奖获奖人数", 5, "人", "等5人荣获自治区科学技术奖突出贡献奖", **Y)
R(d, "outcome", "自治区科学技术奖获奖成果数", 119, "项", "119项科技成果分别荣获", **Y)
R(d, "outcome", "自治区自然科学奖一等奖数", 3, "项", "自治区自然科学奖一等奖3项", **Y)
R(d, "outcome", "自治区自然科学奖二等奖数", 2, "项", "二等奖2项", occurrence=1, **Y)
R(d, "outcome", "自治区自然科学奖三等奖数", 1, "项", "三等奖1项", occurrence=1, **Y)
R(d, "outcome", "自治区技术发明奖一等奖数", 1, "项", "自治区技术发明奖一等奖1项", **Y)
R(d, "outcome", "自治区技术发明奖二等奖数", 2, "项", "二等奖2项", occurrence=2, **Y)
R(d, "outcome", "自治区技术发明奖三等奖数", 1, "项", "三等奖1项", occurrence=2, **Y)
R(d, "outcome", "自治区科技进步奖一等奖数", 32, "项", "自治区科技进步奖一等奖32项", **Y)
R(d, "outcome", "自治区科技进步奖二等奖数", 44, "项", "二等奖44项", **Y)
R(d, "outcome", "自治区科技进步奖三等奖数", 33, "项", "三等奖33项", **Y)
Y = dict(year=2022, period="2022")
R(d, "outcome", "全社会研发经费投入增长率", 27.2, "%", "带动全社会研发经费投入增长27.2%", measure="growth", **Y)
R(d, "outcome", "高新技术企业数", 1368, "家", "自治区高新技术企业达到1368家", **Y)
R(d, "outcome", "高新技术企业数增长率", 43.4, "%", "增长43.4%", measure="growth", **Y)
R(d, "outcome", "登记技术合同成交额", 32.08, "亿元", "登记技术合同成交额32.08亿元", **Y)
R(d, "outcome", "登记技术合同成交额增长率", 50.7, "%", "增长50.7%", measure="growth", **Y)
R(d, "outcome", "研究开发人员数", 4.2, "万人", "自治区研究开发人员达到4.2万余人", bound="min", approx=True, **Y)
N(d, "7月25日，新疆维吾尔自治区科技创新大会在新疆人民会堂召开", "date")
N(d, "表彰了2022年度自治区科学技术奖获奖集体和个人", "award year (date), no quantity")
N(d, "全面总结2022年以来科技创新工作", "date")
N(d, "科技进步奖一、二、三等奖", "award grades (ordinals)")
N(d, "新增20亿元财政科技经费投入", "budget line (regional government science spending)")

# ---------------------------------------------------------------- 11 山西
d = "11"
S = dict(amount_type="fixed", grantor="山西省人民政府")
R(d, "subsidy", "科技创新杰出贡献奖奖金(每项)", 300, "万元", "科技创新杰出贡献奖每项奖金数额为300万元",
  beneficiary="科技创新杰出贡献奖获奖者", condition="获科技创新杰出贡献奖(每两年评审一次，每次不超过2名)", **S)
B = "自然科学奖、技术发明奖、科学技术进步奖获奖者"
R(d, "subsidy", "自然科学奖/技术发明奖/科学技术进步奖一等奖奖金(每项)", 50, "万元", "一等奖50万元", occurrence=1,
  beneficiary=B, condition="获一等奖", note="one amount covers the three award types", **S)
R(d, "subsidy", "自然科学奖/技术发明奖/科学技术进步奖二等奖奖金(每项)", 20, "万元", "二等奖20万元", occurrence=1,
  beneficiary=B, condition="获二等奖", **S)
R(d, "subsidy", "自然科学奖/技术发明奖/科学技术进步奖特等奖奖金(每项)", 100, "万元", "特等奖100万元",
  beneficiary=B, condition="获特等奖(从一等奖提名者中产生，可以空缺)", **S)
R(d, "subsidy", "科学技术合作奖一等奖奖金(每项)", 50, "万元", "一等奖50万元", occurrence=2,
  beneficiary="科学技术合作奖获奖者", condition="获科学技术合作奖一等奖", **S)
R(d, "subsidy", "科学技术合作奖二等奖奖金(每项)", 20, "万元", "二等奖20万元", occurrence=2,
  beneficiary="科学技术合作奖获奖者", condition="获科学技术合作奖二等奖", **S)
R(d, "subsidy", "企业技术创新奖奖金(每项)", 60, "万元", "企业技术创新奖每项奖金数额为60万元",
  beneficiary="企业技术创新奖获奖企业", condition="获企业技术创新奖", **S)
N(d, "中新网太原8月11日电", "date line")
N(d, "8月11日，记者从山西省政府新闻办举行的新闻发布会上获悉", "date")
N(d, "已于8月10日正式印发实施", "effective date")
N(d, "对2018年版《奖励办法》进行修订", "year of the previous version")
N(d, "共6章41条", "structure of the regulation (chapters, articles)")
N(d, "有10条属于新增内容", "count of articles of the regulation")
N(d, "有22条属于补充修订", "count of articles of the regulation")
N(d, "有9条属于文字改动", "count of articles of the regulation")
N(d, "一等奖、二等奖2个等级", "number of award grades")
N(d, "不再设置三等奖", "award grade (ordinal)")
N(d, "科技创新杰出贡献奖每两年评审一次", "evaluation frequency")
N(d, "企业技术创新奖每年评审一次", "evaluation frequency")
for ev in ["由过去每次不超过5名调整为不超过2名", "企业技术创新奖每次不超过10项", "每年合计不超过200项",
           "其中一等奖不超过40项", "二等奖不超过160项", "特等奖每年不超过3项", "科学技术合作奖每年不超过10项"]:
    N(d, ev, "cap on the number of awards per round (quota), not an amount paid and not a goal")

# ---------------------------------------------------------------- 12 聊城
d = "12"
R(d, "target", "万人高价值发明专利拥有量增长率", 16, "%", "万人高价值发明专利拥有量力争增长16%以上", year=2023, period="2023",
  bound="min", measure="growth", year_stated=False,
  note="one of the bureau's goals (力争); no year is stated, the context is this year's work")
NONIP = "a genuine target of the city, but for a non-IP/innovation indicator (market regulation); outside the scope of the gold set"
A(d, "target", "食品安全包保季度督导率、药品经营使用单位年度检查覆盖率、特种设备定期检验率", 100, "%", "特种设备定期检验率达到100%",
  NONIP, year=2023, period="2023", measure="share", year_stated=False)
A(d, "target", "食品安全评价性抽检合格率", 98.5, "%", "食品安全评价性抽检合格率、消费品质量合格率分别达到98.5%和92.78%以上",
  NONIP, year=2023, period="2023", measure="share", year_stated=False)
A(d, "target", "消费品质量合格率", 92.78, "%", "食品安全评价性抽检合格率、消费品质量合格率分别达到98.5%和92.78%以上",
  NONIP, year=2023, period="2023", measure="share", bound="min", year_stated=False)
A(d, "target", "新增省级质量品牌企业数", 15, "家", "省级质量品牌企业新增15家以上",
  "quality-brand enterprises: a target of the city, brand-related but not clearly an IP indicator", year=2023,
  period="2023", bound="min", year_stated=False)
A(d, "target", "年度企业年报率", 95, "%", "年度企业年报率达到95%以上", NONIP, year=2023, period="2023", measure="share",
  bound="min", year_stated=False)
N(d, "今年上半年多项指标位列全省第一", "ranking")
N(d, "知识产权管理规范认证企业数量、外商投资企业年报率等多项指标位列全省第一", "ranking without a quantity of the indicator")
N(d, "践行市委“三提三敢”要求", "slogan")
N(d, "促进知识产权高质量发展18条措施", "count of policy measures")
N(d, "推动检验检测服务高质量发展9条措施", "count of policy measures")
N(d, "于今年5月1日起正式施行", "effective date")
N(d, "将争取实现三大目标", "count of goals")
N(d, "一是守牢安全底线", "list number")
N(d, "二是培强发展动能", "list number")
N(d, "三是规范市场秩序", "list number")
N(d, "食品安全“两个责任”", "slogan")
N(d, "加强“三品一特”监管", "slogan")
N(d, "深入开展放心消费示范乡村创建等十大提升行动", "count of campaigns")

# ---------------------------------------------------------------- 13 哈尔滨
d = "13"
R(d, "outcome", "中国专利奖获奖项目数", 6, "个", "我市共有6个专利技术项目斩获本届中国专利奖", year=2023,
  period="第二十四届中国专利奖(2023)", note="all six are 优秀奖")
R(d, "outcome", "新增省级知识产权优势企业数", 50, "家", "我市新增50家省级知识产权优势企业", year=2023, period="2023")
A(d, "outcome", "哈尔滨工业大学获中国专利优秀奖发明专利数", 5, "项", "5项发明专利",
  "count of one university's awarded patents (part of the city's 6)", year=2023, period="第二十四届中国专利奖(2023)")
N(d, "《关于第二十四届中国专利奖授奖的决定》", "award edition (ordinal) in a document title")

# ---------------------------------------------------------------- 14 湖南
d = "14"
first = R(d, "outcome", "第三批创新型中小企业入围数", 455, "家", "全省共有455家企业入围", year=2023, period="2023(第三批名单公示)")
R(d, "outcome", "第三批创新型中小企业入围数", 455, "家", "湖南省第三批创新型中小企业455家名单", year=2023,
  period="2023(第三批名单公示)", dup_of=first, note="caption of the list at the end of the article")
first = R(d, "outcome", "新增创新型中小企业数", 1431, "家", "上半年湖南新增创新型中小企业1431家", year=2023, period=H1,
          note="sub-heading run into the text")
R(d, "outcome", "新增创新型中小企业数", 1431, "家", "新增创新型中小企业1431家", occurrence=2, year=2023, period=H1, dup_of=first)
R(d, "outcome", "新增省级专精特新中小企业数", 1787, "家", "省级专精特新中小企业1787家", year=2023, period=H1)
R(d, "outcome", "新增省级制造业单项冠军数", 198, "个", "省级制造业单项冠军198个", year=2023, period=H1)
R(d, "outcome", "获批创建世界一流专精特新示范企业数", 7, "家", "中国铁建重工集团等7家企业获批创建世界一流专精特新示范企业",
  year=2023, period=H1)
R(d, "outcome", "获批国家企业技术中心企业数", 7, "家", "7家企业获批国家企业技术中心", year=2023, period=H1)
R(d, "outcome", "获批国家企业技术中心分中心数", 1, "家", "1家企业获批国家企业技术中心分中心", year=2023, period=H1)
ev = "分别新增省级企业技术中心、产业技术基础公共服务平台373家、13个"
R(d, "outcome", "新增省级企业技术中心数", 373, "家", ev, year=2023, period=H1)
R(d, "outcome", "新增产业技术基础公共服务平台数", 13, "个", ev, year=2023, period=H1)
ev = "分别累计达到1111家、74个"
R(d, "outcome", "省级企业技术中心累计数", 1111, "家", ev, year=2023, period="截至6月底 2023")
R(d, "outcome", "产业技术基础公共服务平台累计数", 74, "个", ev, year=2023, period="截至6月底 2023")
R(d, "outcome", "市级研发机构总数", 696, "家", "市级研发机构总数达696家", year=2023, period="截至6月底 2023",
  note="province-wide total of city-level R&D institutions")
for ev in ["其中有225家企业来自长沙", "28家企业来自株洲", "16家企业来自湘潭", "35家企业来自衡阳", "15家企业来自邵阳",
           "21家企业来自岳阳", "16家企业来自常德", "3家企业来自张家界", "10家企业来自益阳", "14家企业来自郴州",
           "46家企业来自永州", "7家企业来自怀化", "16家企业来自娄底", "2家企业来自湘西州"]:
    N(d, ev, OTHER + ": a city's share of the provincial list")
N(d, "红网时刻新闻8月17日讯", "date line")
N(d, "16日下午", "date")
N(d, "公示《湖南省第三批创新型中小企业名单》", "batch number (ordinal)")
N(d, "去年6月，工业和信息化部发布", "date")
N(d, "三个梯度分层培育", "number of tiers in a national scheme")
N(d, "三个梯度也与过去的市级、省级、国家级", "number of tiers in a national scheme")

# ---------------------------------------------------------------- 15 辽宁
d = "15"
T = dict(year=2025, period="2025")
R(d, "target", "突破绿色低碳关键核心技术数", 100, "项", "在重点行业领域突破100项绿色低碳关键核心技术", **T)
R(d, "target", "重大科技示范工程数", 10, "个", "建成10个降碳效果突出、带动性强的重大科技示范工程", **T)
R(d, "target", "碳中和相关领域重点实验室和绿色技术创新中心数", 20, "个", "建设20个碳中和相关领域重点实验室和绿色技术创新中心", **T)
R(d, "target", "培育和引进高层次科技人才团队数", 20, "个", "培育和引进20个左右高层次科技人才团队", approx=True, **T)
R(d, "target", "新增绿色低碳领域高新技术企业数", 100, "家", "新增100家绿色低碳领域高新技术企业", **T)
T = dict(year=2030, period="2030")
R(d, "target", "低碳零碳技术解决方案和综合示范工程数", 20, "个", "形成20个以上具有显著影响力的低碳零碳技术解决方案和综合示范工程",
  bound="min", **T)
R(d, "target", "国家级绿色低碳创新平台数", 2, "个", "建立2个以上国家级绿色低碳创新平台", bound="min", **T)
A(d, "target", "绿色低碳领域高新技术企业数量倍增", None, "倍", "绿色低碳领域高新技术企业数量实现倍增",
  "doubling stated only in words (倍增) with no base and no number (cf. gold13 翻一番多)", measure="multiple", **T)
A(d, "target", "非化石能源消费比重", 13.7, "%", "有力支撑辽宁非化石能源消费比重达到13.7%左右",
  "energy target that the plan supports (有力支撑); not an IP/innovation indicator", year=2025, period="2025",
  measure="share", approx=True)
A(d, "target", "单位地区生产总值能源消耗下降率(比2020年)", 14.5, "%", "单位地区生产总值能源消耗比2020年下降14.5%",
  "energy target that the plan supports; not an IP/innovation indicator", year=2025, period="2025",
  baseline_year=2020, measure="growth")
A(d, "target", "非化石能源消费比重", 20, "%", "确保辽宁非化石能源消费比重达到20%左右",
  "energy target; not an IP/innovation indicator", year=2030, period="2030", measure="share", approx=True)
N(d, "辽宁省科学技术厅等七部门", "count of issuing departments")
N(d, "《辽宁省科技支撑碳达峰碳中和实施方案(2023-2030年)》", "title with plan period (dates)")
N(d, "8月2日记者获悉", "date")
N(d, "显著提升三个万亿级产业基地和22个产业集群的科技含量", "background counts of existing industrial bases and clusters")
N(d, "等9项重点任务", "count of tasks in the plan")


def main():
    # dup_of must point at an earlier gold record with the same value
    ids = {r["id"]: r for r in RECS}
    for r in RECS:
        if r["dup_of"]:
            o = ids.get(r["dup_of"])
            if not o or o["value"] != r["value"] or o["offset"] >= r["offset"] or o["doc"] != r["doc"]:
                _errors.append(f"bad dup_of in {r['id']}")
    if _errors:
        print("\n".join(_errors))
        sys.exit(1)
    for name, rows in (("records.jsonl", RECS), ("ambiguous.jsonl", AMB), ("negatives.jsonl", NEG)):
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    from collections import Counter
    print("records", len(RECS), dict(Counter(r["kind"] for r in RECS)),
          "dup_of", sum(1 for r in RECS if r["dup_of"]))
    print("ambiguous", len(AMB), "negatives", len(NEG))


if __name__ == "__main__":
    main()
