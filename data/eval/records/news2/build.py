"""Hand-written labels for the 12 news articles (held-out gold set "news2").

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
    "01": ("01_重庆_2023-08-03.txt", "重庆"),
    "02": ("02_上海_2023-07-26.txt", "上海"),
    "03": ("03_广州_2023-08-17.txt", "广州"),
    "04": ("04_四川_2023-07-28.txt", "四川"),
    "05": ("05_北京_2023-08-07.txt", "北京"),
    "06": ("06_山西_2023-08-09.txt", "山西"),
    "07": ("07_安徽_2023-08-14.txt", "安徽"),
    "08": ("08_湖北_2023-08-17.txt", "湖北"),
    "09": ("09_深圳_2023-08-18.txt", "深圳"),
    "10": ("10_江苏_2023-08-08.txt", "江苏"),
    "11": ("11_佛山_2023-08-03.txt", "佛山"),
    "12": ("12_张家界_2023-07-28.txt", "张家界"),
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
    return _rec(RECS, "v", d, kind, indicator, value, unit, ev, **kw)


def A(d, kind, indicator, value, unit, ev, why, **kw):
    return _rec(AMB, "va", d, kind, indicator, value, unit, ev, why=why, **kw)


def N(d, ev, why, occurrence=None):
    fn, _ = DOCS[d]
    off, occ = locate(d, ev, occurrence)
    NEG.append({"id": f"vn{len(NEG) + 1:03d}", "doc": fn, "evidence": ev, "why": why,
                "occurrence": occ, "offset": off})


OTHER = "figure of another place (not the document's place)"
NONIP = "figure outside the IP / innovation scope (industry, market or finance background), not an IP or innovation indicator"

# ---------------------------------------------------------------- 01 重庆
d = "01"
T = dict(year=2027, period="2027")
a = R(d, "target", "新建国家质量基础设施集成服务基地数", 1, "个", "新建1个国家质量基础设施集成服务基地", occurrence=1, **T)
b = R(d, "target", "新建国家级质量标准实验室数", 1, "个", "1个国家级质量标准实验室", occurrence=1, **T)
c = R(d, "target", "新建国家产业计量测试中心数", 2, "个", "2个国家产业计量测试中心", occurrence=1, **T)
R(d, "target", "新建国家质量基础设施集成服务基地数", 1, "个", "新建1个国家质量基础设施集成服务基地", occurrence=2, dup_of=a,
  note="restated in the closing paragraph", **T)
R(d, "target", "新建国家级质量标准实验室数", 1, "个", "1个国家级质量标准实验室", occurrence=2, dup_of=b, **T)
R(d, "target", "新建国家产业计量测试中心数", 2, "个", "2个国家产业计量测试中心", occurrence=2, dup_of=c, **T)
R(d, "target", "国家质检中心总量", 19, "家", "国家质检中心总量达到19家", **T)
R(d, "target", "累计主导或参与制修订国际标准数", 84, "项", "累计主导或参与制修订国际标准84项", **T)
R(d, "target", "累计主导或参与制修订国家标准和行业标准数", 3500, "项", "国家标准和行业标准3500项",
  note="累计主导或参与制修订 applies to the whole list", **T)
R(d, "target", "累计制定(修订)地方标准数", 2200, "项", "制定(修订)地方标准2200项", **T)
O = dict(year=2023, period="累计(截至2023-08)")
R(d, "outcome", "质量基础设施“一站式”服务项目累计建成数", 79, "个", "已累计建成质量基础设施“一站式”服务项目79个", **O)
R(d, "outcome", "国家级计量检测中心建成数", 5, "个", "建成国家级计量检测中心5个", **O)
R(d, "outcome", "国家计量器具型式评价实验室建成数", 7, "个", "国家计量器具型式评价实验室7个", **O)
A(d, "outcome", "检验检测服务业营业收入", 93.27, "亿元", "全市检验检测服务业去年的营收达到93.27亿元",
  "revenue of an industry (testing services), not an IP or innovation indicator", year=2022, period="2022")
N(d, "中新网重庆8月3日电", "date line")
N(d, "唐英瑜3日在新闻发布会上介绍", "date")
N(d, "重庆市6月印发的《质量强市建设实施方案》", "date of issue")
N(d, "迈入全国第一方阵", "ranking wording")
N(d, "等6个方面", "count of aspects of the plan")
N(d, "提出2027年主要目标和2035年远景目标", "target years with no figure")
N(d, "主要涵盖“三个体系”的工作", "count of systems (slogan)")
N(d, "一是构建更加适配的质量供给体系", "list number")
N(d, "二是构建更高水平的质量支撑体系", "list number")
N(d, "三是构建更加完善的质量保障体系", "list number")
N(d, "等4项工作机制", "count of working mechanisms")

# ---------------------------------------------------------------- 02 上海
d = "02"
T = dict(year=2025, period="2025")
R(d, "target", "高质量孵化器培育数", 20, "家", "培育不少于20家高质量孵化器", bound="min", **T)
R(d, "target", "示范带动实现专业化、品牌化、国际化转型升级的孵化器数", 200, "家",
  "示范带动不少于200家孵化器实现专业化、品牌化、国际化转型升级", bound="min", **T)
R(d, "target", "千亿级产值规模“科创核爆点”数", 2, "个", "打造2—3个千亿级产值规模的“科创核爆点”", value_max=3,
  note="千亿级产值规模 is a threshold in the definition, not a separate figure", **T)
N(d, "千亿级产值规模", "threshold inside the indicator definition (cf. gold13: 产值50亿元以上 is not a separate record)")
N(d, "等5项行动", "count of actions in the plan")
N(d, "“一体一策”", "slogan")

# ---------------------------------------------------------------- 03 广州
d = "03"
R(d, "target", "新型储能国家制造业创新中心等国家级创新平台和检验检测认证平台数", 2, "个",
  "建成新型储能国家制造业创新中心等2—3个国家级创新平台和检验检测认证平台", value_max=3, year=2027, period="2025-2027",
  year_stated=False,
  note="listed after the 2025 and 2027 revenue goals in the same 力争 sentence; no year of its own, 2027 assumed")
A(d, "target", "新型储能产业营业收入", 600, "亿元", "力争全市新型储能产业营业收入到2025年达到600亿元以上",
  "industry revenue goal; a genuine target of the city but outside the IP / innovation scope (cf. news15 辽宁 energy goals)",
  year=2025, period="2025", bound="min")
A(d, "target", "新型储能产业营业收入", 1000, "亿元", "到2027年达到1000亿元以上",
  "industry revenue goal, outside the IP / innovation scope", year=2027, period="2027", bound="min")
A(d, "target", "引进或培育具有国际影响力的新型储能行业领军企业数", 5, "家", "引进或培育5—10家具有国际影响力的行业领军企业",
  "industry goal (leading firms), outside the IP / innovation scope; no year of its own", value_max=10, year=2027,
  period="2025-2027", year_stated=False)
A(d, "outcome", "新型储能产业营业收入", 150, "亿元", "2022年广州新型储能产业营业收入约150亿元",
  "industry revenue (baseline of the ambiguous revenue goal), not an IP / innovation indicator", year=2022, period="2022",
  approx=True)
R(d, "outcome", "承担国家、省、市储能相关科技项目数", 45, "项", "承担国家、省、市储能相关科技项目45项", year=2023,
  period="近年来", note="science and technology projects undertaken by the city's research teams")
N(d, "获得财政经费支持7.6亿元", "money obtained (from national, provincial and city programmes), not a subsidy rule or outcome")
N(d, "8月15日，广州市人民政府官网公布了", "date")
N(d, "四大方面提出15项重点任务", "count of tasks")
N(d, "概括为四大亮点", "count of highlights")
N(d, "目前全市在建新型储能项目11个", NONIP)
N(d, "总投资近400亿元", NONIP + " (investment of projects under construction)")
N(d, "达产后产值可超千亿元", "projection (可超), not a target or outcome")

# ---------------------------------------------------------------- 04 四川
d = "04"
R(d, "target", "聚源兴川计划支持重大科技成果转化项目数(5年)", 100, "项", "力争5年支持100项左右", approx=True, year=2026,
  period="5年(2022-2026)", year_stated=False,
  note="计划从去年起开展 (2022), so the five years end in 2026; no year is written")
R(d, "subsidy", "聚源兴川重大科技成果转化项目支持经费(每项)", 500, "万元", "每项支持经费一般不超过500万元", amount_type="fixed",
  bound="max", grantor="四川省科技厅", beneficiary="中央在川高校院所与企业联合申报的聚源兴川项目",
  condition="重大科技成果转化项目；前补助方式；一般不超过")
R(d, "outcome", "首次实施聚源兴川行动支持项目数", 27, "个", "“聚源兴川”行动支持的27个项目清单", year=2023,
  period="首次实施(清单公布于2023年2月)")
A(d, "outcome", "首次实施聚源兴川行动财政支持经费", 1.2, "亿元", "财政支持经费达到1.2亿元",
  "fiscal money granted to the 27 projects: a reported result of innovation funding, but close to a budget line", year=2023,
  period="首次实施(清单公布于2023年2月)")
A(d, "subsidy", "企业自筹与承担的财政经费比例", 1, "比", "企业自筹与承担的财政经费比例不低于1:1",
  "a co-funding condition on the applicant firm (its own money at least equal to the grant), not money that is paid",
  amount_type="ratio", bound="min", beneficiary="申报企业", condition="企业自筹经费不低于所承担财政经费")
N(d, "面向6所中央在川高校和56所中央在川科研院所开展", "count of eligible institutions (scope of the call)")
N(d, "六大优势产业", "count of industries")
N(d, "此次申报的成果应在2018年1月1日以后取得", "date (eligibility)")
N(d, "医药成果可放宽至2016年1月1日以后", "date (eligibility)")
N(d, "征集成果类型有三类", "count of types")
N(d, "有一类知识产权证书", "category name (一类), not a quantity")
N(d, "项目实施期新增营业收入（产值）1亿元以上或利税3000万元以上", "eligibility thresholds of the project, not a goal of the province")
N(d, "今年2月初", "date")
N(d, "项目相关企业预计在三年实施期内，通过推动重大科技成果产业化，累计实现产值超120亿元", "forecast (预计), not a target or outcome")

# ---------------------------------------------------------------- 05 北京
d = "05"
S = dict(amount_type="fixed", bound="max", grantor="北京市自然科学基金委员会")
first = R(d, "subsidy", "北京市自然科学基金面上项目及青年科学基金项目资助强度(每项)", 20, "万元", "二者的资助强度都是最高20万元/项",
          beneficiary="北京市自然科学基金面上项目和青年科学基金项目负责人", condition="2024年度立项；每项", **S)
R(d, "subsidy", "北京市自然科学基金面上项目资助强度(每项)", 20, "万元", "面上项目资助强度不超过20万元/项", dup_of=first,
  beneficiary="面上项目负责人", condition="资助期限不超过3年", note="restates the shared cap for one of the two programmes", **S)
R(d, "subsidy", "北京市自然科学基金青年科学基金项目资助强度(每项)", 20, "万元", "青年科学基金项目资助强度不超过20万元/项",
  dup_of=first, beneficiary="青年科学基金项目负责人",
  condition="资助期限不超过2年；男性未满35周岁、女性未满38周岁", **S)
N(d, "2024年度北京市自然科学基金面上项目及青年科学基金项目申报启动", "year of the call (date)")
N(d, "启动2024年度北京市自然科学基金面上项目及青年科学基金项目的申报工作", "year of the call (date)")
N(d, "在2024年度北京市自然科学基金面上项目指南范围内", "year of the call (date)")
N(d, "资助期限不超过3年", "duration of funding")
N(d, "资助期限不超过2年", "duration of funding")
N(d, "申请当年1月1日男性未满35周岁，女性未满38周岁", "age limits and date (eligibility)")
N(d, "申请人自7月31日起", "date")
N(d, "于8月31日16:00前", "deadline (date and time)")
N(d, "于9月9日至9月14日16:00提交承诺书及项目清单", "deadline (dates and time)")
N(d, "此外，2023年度北京市自然科学基金-海淀原始创新联合基金", "year of a joint fund (date)")

# ---------------------------------------------------------------- 06 山西
d = "06"
S = dict(amount_type="fixed", grantor="山西省小企业发展促进局(与省财政厅、省发改委、省教育厅、省人社厅共同举办)")
ev = "设置一二三等奖及优胜奖，分别奖励10万元、8万元、6万元、2万元奖金"
B = "2023年“创客中国”山西省中小企业创新创业大赛获奖企业和创客"
R(d, "subsidy", "“创客中国”山西省中小企业创新创业大赛一等奖奖金", 10, "万元", ev, beneficiary=B, condition="获一等奖", **S)
R(d, "subsidy", "“创客中国”山西省中小企业创新创业大赛二等奖奖金", 8, "万元", ev, beneficiary=B, condition="获二等奖", **S)
R(d, "subsidy", "“创客中国”山西省中小企业创新创业大赛三等奖奖金", 6, "万元", ev, beneficiary=B, condition="获三等奖", **S)
R(d, "subsidy", "“创客中国”山西省中小企业创新创业大赛优胜奖奖金", 2, "万元", ev, beneficiary=B, condition="获优胜奖", **S)
A(d, "subsidy", "“创客中国”山西省中小企业创新创业大赛奖金范围", 2, "万元", "夺2万-10万元奖金",
  "headline summary (range 2-10万元) of the four prizes labelled in the body", value_max=10, beneficiary=B, **S)
N(d, "8月30日前报名", "deadline (date)")
N(d, "即日起至8月30日报名", "deadline (date)")
N(d, "共同举办2023年“创客中国”山西省中小企业创新创业大赛", "year of the contest (date)")

# ---------------------------------------------------------------- 07 安徽
d = "07"
S = dict(amount_type="fixed", grantor="2023“创响中国”安徽省创新创业大赛组委会")
ev = "按一、二、三等奖和优秀奖分别给予50万元(人民币，下同)、25万元、10万元、5万元的资金奖励"
B = "“双创之星”获奖项目"
R(d, "subsidy", "“创响中国”安徽省创新创业大赛一等奖资金奖励", 50, "万元", ev, beneficiary=B, condition="获一等奖", **S)
R(d, "subsidy", "“创响中国”安徽省创新创业大赛二等奖资金奖励", 25, "万元", ev, beneficiary=B, condition="获二等奖", **S)
R(d, "subsidy", "“创响中国”安徽省创新创业大赛三等奖资金奖励", 10, "万元", ev, beneficiary=B, condition="获三等奖", **S)
R(d, "subsidy", "“创响中国”安徽省创新创业大赛优秀奖资金奖励", 5, "万元", ev, beneficiary=B, condition="获优秀奖", **S)
O = dict(year=2023, period="2017年至今(6届)")
R(d, "outcome", "“创响中国”安徽省创新创业大赛参赛项目数年均增长率", 15, "%", "参赛项目数量年均增长15%以上", bound="min",
  measure="growth", **O)
R(d, "outcome", "“创响中国”安徽省创新创业大赛累计参赛项目数", 1, "万个", "累计吸引海内外近万个优秀项目参赛", approx=True,
  note="近万个 written as 1 万个 with approx", **O)
R(d, "outcome", "“双创之星”获奖项目累计数", 600, "个", "累计评选出600个“双创之星”获奖项目", **O)
R(d, "outcome", "招引落户安徽的海外项目数", 90, "个", "成功招引了90个海外项目", **O)
R(d, "outcome", "招引落户安徽的省外项目数", 75, "个", "75个省外项目落户安徽", **O)
N(d, "中新社合肥8月14日电", "date line")
N(d, "记者14日从2023“创响中国”安徽省创新创业大赛启动新闻发布会上获悉", "date")
N(d, "2023“创响中国”安徽省创新创业大赛，旨在", "year of the contest (date)")
N(d, "“四新”经济项目", "slogan")
N(d, "十大新兴产业", "count of industries")
N(d, "此次大赛共设四个赛区", "count of contest regions")
N(d, "分别在长三角和粤港澳各设1个组", "count of groups")
N(d, "分别在欧洲和北美设1个组", "count of groups")
N(d, "决赛等5个阶段", "count of stages")
N(d, "整个赛事持续4个月", "duration")
N(d, "“对100个‘双创之星’获奖项目", "award quota (number of prizes), not a payment or outcome")
N(d, "2017年至今，安徽已成功举办6届", "date and count of editions")

# ---------------------------------------------------------------- 08 湖北
d = "08"
R(d, "subsidy", "湖北省博士后尖端人才引进计划资助(每人每年)", 20, "万元", "给予每人每年20万元资助", amount_type="fixed",
  grantor="湖北省人社厅", beneficiary="湖北省博士后尖端人才引进计划获选博士后", condition="进站从事博士后研究；资助期为2年")
R(d, "subsidy", "设站单位配套经费比例", 1, "比", "应给予不低于1∶1的配套经费支持", amount_type="ratio", bound="min",
  grantor="设站单位", beneficiary="湖北省博士后尖端人才引进计划获选博士后", condition="对获选人员配套(相对省级资助)",
  note="matching funds of at least 1:1 of the provincial grant")
R(d, "subsidy", "湖北省博士后优秀人才跟踪支持计划人才津贴(每人每年)", 5, "万元", "每人每年发放5万元人才津贴", amount_type="fixed",
  grantor="湖北省人社厅", beneficiary="湖北省博士后优秀人才跟踪支持计划入选者", condition="连续发放3年")
N(d, "湖北启动两项博士后人才计划", "count of programmes")
N(d, "将资助40名优秀博士进站从事博士后研究", "quota (number of people funded), not a payment amount")
N(d, "资助期为2年", "duration of funding")
N(d, "签订3年及以上从事科研工作的劳动（聘用）合同", "duration (condition)")
N(d, "2023年度资助数量共100个", "quota (number funded)")
N(d, "连续发放3年", "duration of funding")

# ---------------------------------------------------------------- 09 深圳
d = "09"
S = dict(amount_type="fixed", grantor="深圳市人力资源保障局、市教育局、市港澳办、团市委、香港城市大学(联合举办)")
B = "2023深圳“逐梦杯”大学生创新创业大赛获奖项目"
R(d, "subsidy", "深圳“逐梦杯”大学生创新创业大赛单项奖最高奖金", 50, "万元", "其中单项奖最高达50万元", bound="max",
  beneficiary=B, condition="获单项奖", note="the highest prize is the 企业组一等奖 (next record)", **S)
ev = "企业组、团队组一等奖分别为50万元和30万元"
R(d, "subsidy", "深圳“逐梦杯”大学生创新创业大赛企业组一等奖奖金", 50, "万元", ev, beneficiary=B, condition="企业组一等奖", **S)
R(d, "subsidy", "深圳“逐梦杯”大学生创新创业大赛团队组一等奖奖金", 30, "万元", ev, beneficiary=B, condition="团队组一等奖", **S)
O = dict(year=2022, period="2016-2022(7年来)")
R(d, "outcome", "深圳“逐梦杯”大赛累计参赛创业项目数", 2373, "个", "共有来自646所院校的2373个创业项目参赛", **O)
R(d, "outcome", "深圳“逐梦杯”大赛累计获奖优秀项目数", 219, "个", "其中219个优秀项目共获得奖金2275万元", **O)
R(d, "outcome", "深圳“逐梦杯”大赛累计发放奖金", 2275, "万元", "其中219个优秀项目共获得奖金2275万元", **O)
A(d, "outcome", "深圳“逐梦杯”大赛累计参赛院校数", 646, "所", "共有来自646所院校的2373个创业项目参赛",
  "count of participating universities (mostly outside the city: 面向全国); weak indicator", **O)
N(d, "中新网广东新闻8月18日电", "date line")
N(d, "2023深圳“逐梦杯”大学生创新创业大赛", "year of the contest (date)")
N(d, "18日正式启动", "date")
N(d, "大赛设置30个奖项", "award quota (number of prizes)")
N(d, "奖金共计360万元", "total prize pool (budget line), not a per-award rule", occurrence=1)
N(d, "奖金共计360万元", "total prize pool (budget line), restated", occurrence=2)
N(d, "自2016年起每年举办一届", "date")
N(d, "大赛共设立30个奖项", "award quota (number of prizes)")
N(d, "企业组和团队组各15个", "award quota (number of prizes)")
N(d, "香港城市大学创新创业千万大赛", "name of another contest")
N(d, "18—45周岁的港澳籍大学毕业生", "age limits (eligibility)")
N(d, "大赛报名时间为8月18日至9月30日", "dates")
N(d, "从8月持续到11月", "duration of the contest (months)")

# ---------------------------------------------------------------- 10 江苏
d = "10"
R(d, "subsidy", "江苏省卓越博士后计划资助(每人)", 30, "万元", "给予2年30万元的资助", amount_type="fixed",
  grantor="江苏省人力资源和社会保障厅等", beneficiary="江苏省卓越博士后", condition="每年遴选；资助期2年(2年共30万元)")
O = dict(year=2023, period="累计(截至2023-08)")
R(d, "outcome", "累计招收博士后数", 3.4, "万人", "江苏已累计招收博士后近3.4万人", approx=True, **O)
R(d, "outcome", "在站博士后数", 1.3, "万人", "在站博士后1.3万人", year=2023, period="2023")
R(d, "outcome", "卓越博士后累计资助培养人数", 1797, "人", "2022年、2023年累计资助培养1797人", year=2023, period="2022-2023")
R(d, "outcome", "建在先进制造业企业的博士后载体占比", 70, "%", "70%以上的博士后载体建在先进制造业企业", bound="min",
  measure="share", year=2023, period="近年来")
R(d, "outcome", "集聚在先进制造业产业集群的博士后人才占比", 80, "%", "80%以上的博士后人才集聚在先进制造业产业集群", bound="min",
  measure="share", year=2023, period="近年来")
O = dict(year=2023, period="首届江苏省博士后创新创业大赛(2023)")
R(d, "outcome", "江苏省博士后创新创业大赛参赛项目数", 411, "个", "本次大赛江苏共有411个项目参加", **O)
ev = "其中创新赛项目362个、创业赛项目49个"
R(d, "outcome", "江苏省博士后创新创业大赛创新赛项目数", 362, "个", ev, **O)
R(d, "outcome", "江苏省博士后创新创业大赛创业赛项目数", 49, "个", ev, **O)
N(d, "中新网南京8月8日电", "date line")
N(d, "8月7日至8日举办的首届江苏省博士后创新创业大赛暨第二届全国博士后创新创业大赛", "dates and edition ordinals")
N(d, "江苏1985年起开展博士后工作", "date")
N(d, "2022年，江苏省人力资源和社会保障厅等多部门联合印发", "date of issue")
N(d, "每年遴选900名卓越博士后进行资助培养", "quota (number selected per year), not a payment amount")
N(d, "等7个赛道", "count of tracks")

# ---------------------------------------------------------------- 11 佛山
d = "11"
P = "第二十四届中国专利奖(2023)"
first = R(d, "outcome", "中国专利奖获奖数", 33, "项", "该市获第二十四届中国专利奖33项", year=2023, period=P)
R(d, "outcome", "中国专利奖获奖数", 33, "项", "佛山此次获奖的33项专利", year=2023, period=P, dup_of=first)
R(d, "outcome", "中国专利金奖获奖数", 1, "项", "中国专利金奖1项", year=2023, period=P)
R(d, "outcome", "中国外观设计银奖获奖数", 1, "项", "中国外观设计银奖1项", year=2023, period=P)
R(d, "outcome", "中国专利优秀奖获奖数", 28, "项", "中国专利优秀奖28项", year=2023, period=P)
R(d, "outcome", "中国外观设计优秀奖获奖数", 3, "项", "中国外观设计优秀奖3项", year=2023, period=P)
R(d, "outcome", "来自战略性新兴产业的获奖发明专利数", 17, "件", "有17件发明专利来自机器人、节能环保、新材料和新能源等战略性新兴产业",
  year=2023, period=P)
R(d, "outcome", "来自战略性新兴产业的获奖发明专利占比", 50, "%", "占比超50%", bound="min", measure="share", year=2023, period=P)
R(d, "outcome", "知识产权证券化产品发行规模", 10, "亿", "发行规模10亿的全国地级市首单知识产权证券化产品", year=2023,
  period="近年来", note="the source writes 10亿 without 元 (亿元 meant)")
R(d, "outcome", "高价值专利培育布局大赛达成转化落地意向项目数", 46, "个", "推动46个项目达成转化落地意向", year=2022,
  period="2021-2022")
R(d, "outcome", "佛山知识产权转移转化联盟资产评估价值", 10.28, "亿元", "资产评估价值10.28亿元", year=2023, period="近年来")
R(d, "outcome", "佛山知识产权转移转化联盟投融资金额", 20.25, "亿元", "投融资金额20.25亿元", year=2023, period="近年来")
N(d, "中新网广东新闻8月2日电", "date line")
N(d, "《关于第二十四届中国专利奖授奖的决定》", "award edition (ordinal)")
N(d, "数量居广东前三", "ranking")
N(d, "“一种全彩化发光器件及显示模组”", "title of a patent")
N(d, "继美的集团获得第二十一届中国专利金奖以来", "award edition (ordinal) of a single company")
N(d, "佛山企业第二次获专利金奖", "ordinal (second time)")
N(d, "“投贷联动+质押融资+证券化+保险”四位一体", "slogan")
N(d, "该市连续举办2021年和2022年粤港澳大湾区高价值专利培育布局大赛", "dates")

# ---------------------------------------------------------------- 12 张家界
d = "12"
O = dict(year=2023, period="2023")
R(d, "outcome", "省级工程技术研究中心数", 2, "家", "省级工程技术研究中心2家", **O)
R(d, "outcome", "(省级)重点实验室数", 2, "家", "重点实验室2家", note="listed after 省级工程技术研究中心; 省级 most likely applies", **O)
R(d, "outcome", "(省级)企业技术中心数", 5, "家", "企业技术中心5家", **O)
R(d, "outcome", "登记科技成果数", 150, "项", "近3年来登记科技成果150余项", bound="min", approx=True, year=2023, period="近3年")
Y = dict(year=2022, period="2022")
R(d, "outcome", "评价入库科技型中小企业数", 304, "家", "该市共评价入库科技型中小企业304家", **Y)
R(d, "outcome", "评价入库科技型中小企业数同比增长率", 65.2, "%", "同比增长65.2%", measure="growth", **Y)
R(d, "outcome", "高新技术企业数", 123, "家", "高新技术企业达到123家", **Y)
R(d, "outcome", "高新技术企业数增长率", 28.1, "%", "增长28.1%", measure="growth", **Y)
ev = "正在组织实施4个“揭榜挂帅”技术攻关类项目和2个基础研究类项目"
R(d, "outcome", "在实施“揭榜挂帅”技术攻关类项目数", 4, "个", ev, **O)
R(d, "outcome", "在实施“揭榜挂帅”基础研究类项目数", 2, "个", ev, **O)
A(d, "outcome", "乾坤莓茶工程技术研究中心领衔院士和长江学者数", 2, "名", "以2名院士、2名长江学者领衔",
  "figure of one research centre (a single institution), not a city statistic", **O)
A(d, "outcome", "乾坤莓茶工程技术研究中心组织实施科研项目数", 40, "个", "等40多个科研项目",
  "figure of one research centre, not a city statistic", bound="min", approx=True, **O)
A(d, "outcome", "乾坤莓茶工程技术研究中心研发新产品和新设备数", 10, "款", "累计研发10余款新产品和6款新设备",
  "figures of one research centre (10余款 products, 6款 devices), not city statistics", bound="min", approx=True, **O)
N(d, "7月25日，位于张家界高新区", "date")
N(d, "获省第四批“省级新型研发机构”备案", "batch number (ordinal)")
N(d, "“一企一策”精准指导", "slogan")


def main():
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
