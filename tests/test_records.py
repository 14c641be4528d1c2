"""Structured records: quantity normalisation, extraction quality against hand labels, tracking."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from assistant.tracker import MET, NO_DATA, NOT_MET, format_value, track
from ingest.clean import clean_text
from ingest.indicators import readable_name
from ingest.metadata import detect_metadata
from ingest.numbers import chinese_to_number, may_hold_number, parse_quantities
from ingest.records import Record, extract_records
from ingest.records_eval import evaluate, find_files, load_splits, report_lines
from policyqa.services import Services
from tests.conftest import CORPUS, ROOT

GOLD = ROOT / "data" / "eval" / "records"
DOCS = [CORPUS, ROOT / "data" / "eval" / "regs"]
# floors on the documents held out while the rules were developed: what the rules reach today
# (issue 13 asks for precision ≥ 0.95 and recall ≥ 0.85 per kind; the README shows the gap)
FLOORS = {"target": (0.9, 0.5), "outcome": (0.8, 0.8), "subsidy": (0.95, 0.95)}


def corpus_records() -> list[tuple[str, Record]]:
    """(file name, record) for every record extracted from the sample corpus."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        meta = detect_metadata(raw, path.name, "x")
        out += [(path.name, r) for r in extract_records(clean_text(raw), meta)]
    return out


def test_extraction_against_blind_labels() -> None:
    """Against records labelled from the documents by someone who never read the extractor
    (5 sample documents, 16 regulations): per-kind floors on the held-out documents."""
    splits = load_splits(GOLD)
    totals = evaluate(GOLD, find_files(splits, DOCS), splits)
    print("\n" + "\n".join(report_lines(totals)))
    assert sum(s.labelled for s in totals["heldout"].values()) >= 35
    for kind, (precision, recall) in FLOORS.items():
        score = totals["heldout"][kind]
        assert score.precision >= precision and score.recall >= recall, (kind, score.wrong)


def test_extraction_on_news_against_blind_labels() -> None:
    """The second gold set (15 news articles, other places and wording): floors on its
    held-out articles, where recall is still low (README)."""
    news = GOLD / "news"
    splits = load_splits(news)
    totals = evaluate(news, find_files(splits, [news]), splits)
    print("\n" + "\n".join(report_lines(totals)))
    outcome = totals["heldout"]["outcome"]
    assert outcome.labelled >= 50 and outcome.precision >= 0.9 and outcome.recall >= 0.75


def test_extraction_on_fresh_news_against_blind_labels() -> None:
    """The third gold set (12 news articles labelled after this round's rules were written, all
    held out): floors on what the rules reach there (README)."""
    news = GOLD / "news2"
    splits = load_splits(news)
    totals = evaluate(news, find_files(splits, [news]), splits)
    print("\n" + "\n".join(report_lines(totals)))
    outcome, subsidy = totals["heldout"]["outcome"], totals["heldout"]["subsidy"]
    assert outcome.labelled >= 40 and outcome.precision >= 0.8 and outcome.recall >= 0.55
    assert subsidy.precision >= 0.7 and subsidy.recall >= 0.55


def test_subsidy_rules_of_funding_measures_against_blind_labels() -> None:
    """The fourth gold set (six 资助 / 奖励 / 贴息 measures written and labelled by a helper that
    never saw the code, all held out): issue 13's bar for subsidies, and each amount's own
    condition."""
    folder = ROOT / "data" / "eval" / "subsidy"
    splits = load_splits(folder)
    totals = evaluate(folder, find_files(splits, [folder]), splits)
    print("\n" + "\n".join(report_lines(totals)))
    subsidy = totals["heldout"]["subsidy"]
    assert subsidy.labelled >= 100 and subsidy.precision >= 0.95 and subsidy.recall >= 0.85
    assert subsidy.conditions_right >= 0.85 * subsidy.conditions, subsidy.conditions_right


def test_regulation_reward_rules() -> None:
    """Minimum bonuses and shares of income in a regulation's list items become rules with
    their article, beneficiary and condition; fines and bare fund clauses do not."""
    text = (
        "第十六条 单位未规定、也未与发明人约定奖励的，应当按照下列标准对发明人给予奖励和报酬：\n"
        "（一）一项发明专利的奖金最低不少于三千元；\n"
        "（二）转让专利权的，从转让净收入中提取不低于百分之二十的比例；\n"
        "第十七条 假冒专利的，处五千元以上五万元以下罚款。\n"
        "第十八条 市人民政府应当设立专项资金，用于专利奖励。\n"
    )
    doc = clean_text("某市专利条例\n" + text)
    meta = detect_metadata("某市专利条例\n" + text, "某市专利条例.md", "x")
    rules = [r for r in extract_records(doc, meta) if r.kind == "subsidy"]
    assert [(r.value, r.unit) for r in rules] == [(3000, "元"), (20, "%")]
    assert all("第十六条" in r.section and "发明人" in r.beneficiary for r in rules)
    assert rules[0].qualifier == "不少于" and "转让净收入" in rules[1].indicator


def test_each_amount_of_a_rule_keeps_its_own_condition() -> None:
    """'对获得中国专利金奖的，奖励50万元；获得中国专利银奖的，奖励30万元' pays 30万元 for the
    银奖, not for the 金奖 that opens the article; an amount after '对…发明专利，' is paid for
    that; a beneficiary that belongs to another amount's condition is not borrowed."""
    text = (
        "某区专利资助办法\n"
        "第四条 对获得授权的国内发明专利，每件资助8000元；对获得授权的实用新型专利，每件资助1000元。\n"
        "第六条 对首次被认定为国家知识产权示范企业的，一次性奖励30万元；首次被认定为国家知识产权"
        "优势企业的，一次性奖励10万元。\n"
        "第七条 对获得中国专利金奖的，奖励50万元；获得中国专利银奖的，奖励30万元。\n"
    )
    rules = {
        (r.value, r.unit, r.section[-3:]): r
        for r in text_records("某区专利资助办法.txt", text)
        if r.kind == "subsidy"
    }
    assert rules[(8000, "元", "第四条")].conditions == "对获得授权的国内发明专利"
    assert rules[(1000, "元", "第四条")].conditions == "对获得授权的实用新型专利"
    assert "优势企业" in rules[(10, "万元", "第六条")].conditions
    assert "示范企业" not in rules[(10, "万元", "第六条")].beneficiary
    assert "银奖" in rules[(30, "万元", "第七条")].conditions
    assert "金奖" in rules[(50, "万元", "第七条")].conditions
    assert not any(r.conditions.startswith("第") for r in rules.values())


def test_caps_and_interest_subsidies_are_rules() -> None:
    """'不超过20万元' is a ceiling (it was read as '超过20万元', the opposite); an interest
    subsidy ('按实际支付利息的50%给予贴息') is a rule although it names the loan; a cap after an
    item is that item's ceiling; a loan itself ('办理贴息贷款30万元') and the title are not."""
    text = (
        "某区专利资助办法\n"
        "第四条 对通过PCT途径提交国际专利申请的，每件资助20000元，每个单位每年最高不超过10万元。\n"
        "第八条 企业以专利权质押方式获得银行贷款的，按实际支付利息的50%给予贴息，"
        "单个企业每年贴息金额最高不超过20万元。\n"
        "第九条 去年帮助企业办理贴息贷款30万元。\n"
    )
    records = text_records("某区专利资助办法.txt", text)
    rules = {(r.value, r.unit): r for r in records if r.kind == "subsidy"}
    assert set(rules) == {(20000, "元"), (10, "万元"), (50, "%"), (20, "万元")}, rules
    assert rules[(10, "万元")].indicator == "资助上限" and "PCT" in rules[(10, "万元")].conditions
    for cap in (rules[(10, "万元")], rules[(20, "万元")]):
        assert cap.value_text.startswith("不超过") and cap.extra["amount_type"] == "maximum"
    assert rules[(50, "%")].extra["amount_type"] == "percentage"
    assert rules[(50, "%")].indicator == "贴息比例"
    assert format_value({"value": 10, "qualifier": "不超过"}) == "不超过10"
    assert format_value({"value": 5000, "qualifier": "以上"}) == "5000以上"
    assert not [r for r in records if r.kind == "measure" and "资助办法" in r.sentence]


def test_a_work_plan_dates_last_years_results_and_reads_its_rewards() -> None:
    """A 2024 工作要点: figures after '2023年，全市…' are 2023's (a 2024 target was shown as
    missed by them), one '现已…' is not; '不少于200件' is a goal; '对…示范企业给予20万元奖励，
    优势企业给予10万元奖励' pays each its own; '市财政安排…专项资金3000万元' is a budget."""
    text = (
        "芜湖市2024年知识产权工作要点\n芜湖市市场监督管理局\n2024年2月20日\n"
        "2023年，全市知识产权工作取得新成效。全年发明专利授权4120件，同比增长18.5%。"
        "保护中心现已备案企业300家。\n"
        "2024年主要目标：全市发明专利授权量力争达到4500件以上。\n"
        "（三）开展专项行动，全年查处案件不少于200件。\n"
        "（六）对当年新获批的国家知识产权示范企业给予20万元奖励，优势企业给予10万元奖励。\n"
        "各县市区要将知识产权工作纳入年度考核，市财政安排知识产权专项资金3000万元。\n"
    )
    records = text_records("芜湖市2024年知识产权工作要点.txt", text)
    by_value = {(r.kind, r.value): r for r in records}
    assert by_value[("outcome", 4120)].year == 2023 and by_value[("outcome", 18.5)].year == 2023
    assert by_value[("outcome", 300)].year == 2024  # '现已' speaks of now
    assert by_value[("target", 4500)].year == 2024 and ("target", 200) in by_value
    statuses = {t.target["value"]: t for t in track([r.to_dict() for r in records])}
    assert statuses[4500].status == NO_DATA  # 2023's 4120 件 does not judge a 2024 goal
    rewards = {r.value: r for r in records if r.kind == "subsidy"}
    assert set(rewards) == {20, 10}, rewards
    assert rewards[20].indicator == rewards[10].indicator == "奖励"
    assert "示范企业" in rewards[20].conditions and rewards[10].conditions == "优势企业"


def test_a_provinces_bulletin_pairs_its_targets_with_its_results() -> None:
    """A province's 公报: '实用新型专利授权24.8万件' is a grant count (it was read as
    applications), '外观设计专利授权' too; '全省每万人口高价值发明专利拥有量…达到30件' and the reported
    27.3件 are one indicator (the vocabulary's), so the plan's target meets its latest result."""
    text = (
        "江苏省2023年知识产权发展状况公报\n\n"
        "2023年，全省专利授权量38.6万件。其中，发明专利授权9.1万件；实用新型专利授权24.8万件；"
        "外观设计专利授权4.7万件。截至2023年底，每万人口高价值发明专利拥有量达到27.3件。\n\n"
        "根据规划，到2025年，全省每万人口高价值发明专利拥有量达到30件。\n"
    )
    records = text_records("江苏省2023年知识产权发展状况公报.txt", text)
    names = {(r.kind, r.value): r.indicator for r in records}
    assert names[("outcome", 24.8)] == "实用新型专利授权量"
    assert names[("outcome", 4.7)] == "外观设计专利授权量"
    assert names[("outcome", 27.3)] == names[("target", 30)] == "每万人口高价值发明专利拥有量"
    (status,) = track([r.to_dict() for r in records])
    assert status.outcome is not None and status.outcome["value"] == 27.3


def test_rows_reported_wrong_stay_out() -> None:
    """The wrong rows of issue 13: past achievements as targets, garbled indicator names,
    hypothetical effects as targets, budget lines and funds obtained as subsidies."""
    records = corpus_records()
    shaoyang = [r for doc, r in records if doc.startswith("002")]
    assert not [r for r in shaoyang if r.kind == "target" and (r.value, r.unit) in
                {(0.51, "亿元"), (5, "笔"), (5, "家")}]  # fmt: skip  # 十三五 results
    assert any(r.kind == "outcome" and (r.value, r.unit) == (0.51, "亿元") for r in shaoyang)
    assert not [r.indicator for _, r in records if re.search(r"[“”]|^\d|目标", r.indicator)]
    assert not [r for _, r in records if r.kind != "subsidy" and "如能" in r.sentence]
    assert not [r for _, r in records if r.indicator == "外观设计专利数" and r.unit.endswith("日")]
    subsidies = [r for _, r in records if r.kind == "subsidy"]
    assert all(r.value is not None for r in subsidies)
    assert not [r for r in subsidies if r.value in (239.3, 140, 600, 1200, 99.3)]
    assert not [r for r in subsidies if "缴纳一定年度" in r.indicator]
    assert [(r.indicator, r.value) for r in subsidies if r.unit == "元"] == [
        ("发明专利授权奖励", 3000)
    ]


def test_unlisted_rates_and_shares_become_targets() -> None:
    """A plan's goals for rates and shares no lexicon lists ('…拥有发明专利的比例达到100%',
    '70%以上大中型工业企业…建立知识产权工作机制') and counts qualified by their own figure
    ('培育3个以上产值50亿元以上的地理标志产业') are targets of the plan."""
    records = corpus_records()
    targets = {
        (r.value, r.unit) for doc, r in records if doc.startswith("002") and r.kind == "target"
    }
    assert {(10, "%"), (70, "%"), (100, "%"), (3, "个"), (6, "个"), (10, "件")} <= targets
    hengyang = {(r.indicator, r.value) for doc, r in records if doc.startswith("000")}
    assert ("每万人发明专利拥有量", 5) in hengyang  # '…拥有量翻一番，达到 5 件'


def test_rates_stated_respectively_pair_with_their_figures() -> None:
    """'专利申请量25501件,专利授权量14111件,年均增长率分别达28.47%、23.62%': one growth
    rate for each figure, in order; growth against an earlier period's level too."""
    rates = {
        (r.indicator, r.value)
        for doc, r in corpus_records()
        if doc.startswith("002") and r.kind == "outcome" and r.unit == "%"
    }
    assert {
        ("专利申请量年均增长率", 28.47),
        ("专利授权量年均增长率", 23.62),
        ("发明专利申请量年均增长率", 54.68),
        ("发明专利授权量年均增长率", 27.65),
    } <= rates
    growth = {(r.value, r.unit) for doc, r in corpus_records() if doc.startswith("002")}
    assert {(4.2, "倍"), (181, "%")} <= growth  # '为“十二五”末的4.2倍', '相比“十二五”末增长181%'


def text_records(name: str, text: str) -> list[Record]:
    """Records of a document written out in the test."""
    return extract_records(clean_text(text), detect_metadata(text, name, "x"))


def test_indicator_names_are_readable_and_dates_are_no_figures() -> None:
    """Names never break off at a particle, carry a date or count something else
    ('原来的商标注册申请 1 项扩大至', '自然申请的发明专利就'), and '7月28日' is a date, not a
    count of 28 days; thresholds and durations inside a name stay."""
    text = (
        "株洲市2023年知识产权工作总结\n今年成效明显。目前全市自然申请的发明专利就 1300 件左右。"
        "商标窗口申请已由原来的商标注册申请 1 项扩大至 24 项。"
        "推荐5个单位7项专利申报第25届中国专利奖。全市累计为3300多家企业融资约220亿元。"
        "该活动于7月28日至8月31日面向全社会公开招募。"
        "培育3个以上产值50亿元以上的地理标志产业。\n"
    )
    records = text_records("株洲.txt", text)
    names = {r.indicator: r.value for r in records if r.kind in ("target", "outcome")}
    assert names.get("自然申请的发明专利") == 1300, names
    assert names.get("产值50亿元以上的地理标志产业") == 3, names
    assert names.get("企业融资") == 3300, names
    for name in names:
        assert readable_name(name) == name, name
        assert not re.search(r"[至就了的]$|\d+\s*[项个件日]", name.replace("50亿元以上", "")), name
    assert parse_quantities("案件于8月1日正式受理") == []
    assert readable_name("新型储能产业营业收入到2025年") == "新型储能产业营业收入"
    assert readable_name("相关企业成立于5年内的比例") == "相关企业成立于5年内的比例"


def test_figures_stated_respectively_are_dated_by_their_section() -> None:
    """'A、B和C分别为X、Y和Z' pairs each name with its figure ('PCT…申请量' stays a PCT count);
    a figure under '二、2023年工作回顾' in a 2024 plan is a 2023 outcome; '不少于200件' is a goal."""
    text = (
        "株洲市2024年知识产权工作要点\n一、主要目标\n全年办理专利侵权纠纷案件不少于200件。\n"
        "二、2023年工作回顾\n全市专利申请量、发明专利授权量和PCT国际专利申请量分别为"
        "12000件、1200件和45件。科研单位、机关和个人分别获得授权865件、1188件和1136件。\n"
    )
    records = {(r.kind, r.indicator, r.value, r.year) for r in text_records("株洲.txt", text)}
    assert {
        ("target", "办理专利侵权纠纷案件", 200, 2024),
        ("outcome", "专利申请量", 12000, 2023),
        ("outcome", "发明专利授权量", 1200, 2023),
        ("outcome", "PCT国际专利申请量", 45, 2023),
        ("outcome", "机关获得授权", 1188, 2023),
    } <= records


def test_deals_and_grants_named_beside_their_figures() -> None:
    """'质押融资44笔4.191亿元，同比增长105%': the deals and the sum, the growth the sum's;
    '院校获得授权7419件': grants by a kind of holder."""
    text = (
        "亳州市2023年上半年知识产权工作情况\n上半年，全市商标权质押融资44笔4.191亿元，同比增长105%。"
        "上半年院校获得授权7419件。\n"
    )
    records = {(r.indicator, r.value, r.unit) for r in text_records("亳州.txt", text)}
    assert {
        ("知识产权质押融资笔数", 44, "笔"),
        ("知识产权质押融资额", 4.191, "亿元"),
        ("知识产权质押融资额同比增长率", 105, "%"),
        ("院校获得授权", 7419, "件"),
    } <= records


def test_awards_won_are_counted_by_award() -> None:
    """'共获得2项金奖、2项银奖以及15项优秀奖': one count per award; a bare grade ('二等奖4项')
    belongs to the award named before it; money rewards (奖励, 奖金) are not award counts."""
    text = (
        "株洲市2023年知识产权工作简报\n今年，株洲市8个项目获第二十四届中国专利奖，"
        "其中，株洲市共获得1项金奖、2项银奖以及5项优秀奖。"
        "12项成果荣获省科学技术进步奖，其中一等奖3项、二等奖4项。"
        "对获得中国专利金奖的企业给予奖励50万元。\n"
    )
    records = {(r.kind, r.indicator, r.value, r.unit) for r in text_records("株洲.txt", text)}
    assert {
        ("outcome", "中国专利奖获奖项目数", 8, "个"),
        ("outcome", "金奖获奖数", 1, "项"),
        ("outcome", "银奖获奖数", 2, "项"),
        ("outcome", "优秀奖获奖数", 5, "项"),
        ("outcome", "省科学技术进步奖获奖成果数", 12, "项"),
        ("outcome", "省科学技术进步奖一等奖获奖数", 3, "项"),
        ("outcome", "省科学技术进步奖二等奖获奖数", 4, "项"),
    } <= records
    assert not any(r[2] == 50 for r in records if "获奖" in r[1])


def test_the_citys_own_awards_of_this_round_are_its_outcomes() -> None:
    """'我市共有6个专利技术项目斩获本届中国专利奖' counts the city's own winners; 本届 alone
    (the round's national totals) stays elsewhere."""
    text = (
        "哈尔滨市又获殊荣\n日前，国家知识产权局发布了授奖决定，我市共有6个专利技术项目斩获本届"
        "中国专利奖。本届中国专利奖共评选出金奖30项。\n"
    )
    records = {(r.kind, r.value, r.unit) for r in text_records("哈尔滨.txt", text)}
    assert ("outcome", 6, "个") in records and not any(r[1] == 30 for r in records)


def test_goal_named_after_its_verb_and_no_name_ending_in_a_joiner() -> None:
    """'在重点领域突破50项关键核心技术': the thing counted follows the verb; in
    '显著提升两个产业基地和12个产业集群的…' the words before 12个 are no indicator name."""
    text = (
        "株洲市科技创新实施方案\n力争到2025年，在重点行业领域突破50项关键核心技术，"
        "显著提升两个产业基地和12个产业集群的科技含量。\n"
    )
    records = {(r.kind, r.indicator, r.value) for r in text_records("株洲.txt", text)}
    assert ("target", "关键核心技术", 50) in records
    assert not [r for r in records if r[2] == 12]


def test_share_stated_after_a_figure_is_that_figures_share() -> None:
    """'企业获得授权5000件，占比60.5%': the share of the figure just taken."""
    text = (
        "株洲市2023年知识产权工作简报\n上半年，企业获得授权5000件，占比60.5%；院校获得授权700件。\n"
    )
    records = {(r.indicator, r.value, r.unit) for r in text_records("株洲.txt", text)}
    assert ("企业获得授权占比", 60.5, "%") in records


def test_a_rank_in_the_province_keeps_the_figure_the_places_own() -> None:
    """'株洲有效注册商标突破八万件，全省排名第3位': the city's own figure and its rank; '全省
    商标注册量30万件' is the province's."""
    text = (
        "株洲市2023年知识产权工作简报\n株洲有效注册商标突破八万件 全省排名第3位。"
        "全省商标注册量30万件。\n"
    )
    records = {(r.indicator, r.value, r.unit) for r in text_records("株洲.txt", text)}
    assert ("商标有效注册量", 8, "万件") in records
    assert not [r for r in records if r[1] == 30]


def test_growth_of_an_unlisted_figure_in_a_headline() -> None:
    """'上半年技术合同成交额同比增124%' (a headline after a gap): the growth of that figure."""
    text = "株洲营造创新生态 上半年技术合同成交额同比增124%\n上半年，株洲市技术合同成交额实现11.3亿元。\n"
    records = {(r.indicator, r.value, r.unit) for r in text_records("株洲.txt", text)}
    assert ("技术合同成交额同比增长率", 124, "%") in records


def test_prizes_listed_after_the_first_are_paid_and_named() -> None:
    """'每项奖金数额为一等奖30万元、二等奖10万元，特等奖60万元': three sums paid, each named by
    the prize and the award, never by the sum before it."""
    text = "株洲市科学技术奖励办法\n市科学技术奖每项奖金数额为一等奖30万元、二等奖10万元，特等奖60万元。\n"
    paid = {(r.indicator, r.value) for r in text_records("株洲.txt", text) if r.kind == "subsidy"}
    assert {v for _, v in paid} == {30, 10, 60}
    assert ("市科学技术奖每项奖金二等奖", 10) in paid and ("市科学技术奖每项奖金特等奖", 60) in paid
    assert not [name for name, _ in paid if "万元" in name]


def test_support_for_research_institutes_and_platforms_is_a_subsidy() -> None:
    """'每个研究院最高支持500万元': what is supported may be an institute, a platform, a base."""
    text = "株洲市支持新型研发机构的若干措施\n每个研究院最高支持500万元。\n"
    paid = {(r.kind, r.value, r.unit) for r in text_records("株洲.txt", text)}
    assert ("subsidy", 500, "万元") in paid


def test_thing_counted_after_modifiers_joined_by_commas() -> None:
    """'建成10个降碳效果突出、带动性强的重大科技示范工程': the thing counted follows the
    modifiers."""
    text = (
        "株洲市科技支撑碳达峰实施方案\n力争到2025年，建成10个降碳效果突出、带动性强的"
        "重大科技示范工程。\n"
    )
    records = {(r.kind, r.indicator, r.value) for r in text_records("株洲.txt", text)}
    assert ("target", "重大科技示范工程", 10) in records


def test_higher_levels_awards_do_not_make_a_figure_another_places() -> None:
    """'6 户企业获得吉林省专利金奖' in a 长春 reply and '湖南省知识产权中小试点企业5家' in a 邵阳
    plan are the city's own figures; '发明专利申请同比增长 198.44%' is a growth rate."""
    records = corpus_records()
    changchun = {(r.value, r.unit) for doc, r in records if doc.startswith("004")}
    assert {(6, "户"), (9, "户")} <= changchun
    shaoyang = {(r.value, r.unit) for doc, r in records if doc.startswith("002")}
    assert (5, "家") in shaoyang
    hengyang = {(r.indicator, r.value) for doc, r in records if doc.startswith("000")}
    assert ("发明专利申请量同比增长率", 198.44) in hengyang


def news_records(prefix: str) -> list[Record]:
    """Records of one article of the news gold set (data/eval/records/news)."""
    (path,) = (GOLD / "news").glob(f"{prefix}_*.txt")
    raw = path.read_text(encoding="utf-8")
    return extract_records(clean_text(raw), detect_metadata(raw, path.name, "x"))


def test_innovation_goals_in_news_are_targets() -> None:
    """'到2025年，长春计划攻克关键核心技术达到240个、科技企业孵化器(众创空间)达到260个…' and
    '力争到2025年…突破100项…' (in an article whose own year reads later) are targets with
    clean names; a national award's totals ('本届专利奖共评选出…29项，…10项') are not 西安's."""
    changchun = {(r.indicator, r.value) for r in news_records("07") if r.kind == "target"}
    assert {
        ("攻克关键核心技术", 240),
        ("科技企业孵化器", 260),
        ("高新技术企业数", 3300),
    } <= changchun
    liaoning = {(r.value, r.unit) for r in news_records("15") if r.kind == "target"}
    assert {(100, "家"), (20, "个")} <= liaoning
    national = [r for r in news_records("05") if "共评选出" in r.sentence]
    assert not national and not [r for r in news_records("05") if r.value in (29, 60, 777, 45)]


def test_a_provinces_own_figures_are_kept() -> None:
    """In a province's report '全省…' is the province itself; in a city's it is elsewhere."""

    def values(text: str, name: str) -> set[float | None]:
        meta = detect_metadata(text, name, "x")
        return {r.value for r in extract_records(clean_text(text), meta)}

    province = (
        "湖南省2022年知识产权工作总结\n湖南省市场监管局发布。2022年，全省专利授权量达到95000件。\n"
    )
    city = (
        "邵阳市2022年知识产权工作总结\n邵阳市市场监管局发布。2022年，全省专利授权量达到95000件。\n"
    )
    assert 95000 in values(province, "hunan.txt")
    assert 95000 not in values(city, "shaoyang.txt")


@pytest.mark.parametrize(
    ("text", "value", "value_max", "unit", "qualifier"),
    [
        ("力争全市知识产权质押融资额超1.5亿元以上", 1.5, None, "亿元", "以上"),
        ("引进5-6家高水平代理机构", 5, 6, "家", ""),
        ("人才总量达到1.5万人左右", 1.5, None, "万人", "左右"),
        ("质押融资 10 亿余元", 10, None, "亿元", "余"),
        ("每件奖励三千元", 3000, None, "元", ""),
        ("组织部人才经费一个亿", 1, None, "亿元", ""),
        ("每万人有效发明专利达到3件/万人", 3, None, "件/万人", ""),
    ],
)
def test_quantities(
    text: str, value: float, value_max: float | None, unit: str, qualifier: str
) -> None:
    """Numbers, 万/亿 units, ranges and qualifiers are normalised; the wording is kept."""
    q = parse_quantities(text)[0]
    assert (q.value, q.value_max, q.unit, q.qualifier) == (value, value_max, unit, qualifier)
    assert q.text in text.replace(" ", "") or q.text in text


def test_figures_written_in_compatibility_characters_are_still_read() -> None:
    """Clauses without any numeral skip parsing; figures that only NFKC turns into digits or
    Chinese numerals (fullwidth, enclosed, Kangxi radicals of PDF text layers) are still read."""
    assert parse_quantities("加强知识产权保护，营造良好营商环境") == []
    for text, value in (("专利申请８０００件", 8000), ("资助⼀千元", 1000), ("新增②件", 2)):
        assert [q.value for q in parse_quantities(text)] == [value], text
    numerals = re.compile(r"[\d零〇一二两三四五六七八九十百千]")
    for code in range(0x110000):  # no character that NFKC turns into a numeral is skipped
        if numerals.search(unicodedata.normalize("NFKC", chr(code))):
            assert may_hold_number(chr(code)), hex(code)


def test_placeholders_are_never_numbers() -> None:
    """'XXX件' and 'XX％' never become figures, in parsing or in the anonymised report."""
    assert parse_quantities("每万人发明专利拥有量XXX件，增长XX％") == []
    assert chinese_to_number("十二") == 12
    anonymised = [r for doc, r in corpus_records() if doc.startswith("003")]
    assert all("X" not in r.value_text.upper() for r in anonymised)


def test_planning_table_rows() -> None:
    """The 邵阳 indicator table yields targets with 2020 baselines and 2025 targets."""
    table = {r.indicator: r for _, r in corpus_records() if r.baseline_year == 2020}
    pct = table["PCT国际专利申请量"]
    assert (pct.baseline, pct.value, pct.year, pct.unit, pct.attribute) == (
        22,
        35,
        2025,
        "件",
        "预期性",
    )
    assert table["年度知识产权质押融资金额"].baseline == 0.35


def test_tracker_examples(sample_services: Services) -> None:
    """衡阳 十三五: 专利申请 8000 vs 9837 → met; 每万人发明专利拥有量 3.2 vs 2.54 → not met."""
    rows = {
        (t.target["indicator"], t.target["period"]): t
        for t in track(sample_services.records.query(city="衡阳"))
    }
    applications = rows[("专利申请量", "十三五")]
    assert applications.status == MET and applications.outcome["value"] == 9837
    per_capita = rows[("每万人发明专利拥有量", "十三五")]
    assert per_capita.status == NOT_MET and per_capita.outcome["value"] < 3.2
    assert any(t.status == NO_DATA for t in rows.values())


def test_records_follow_ingest_and_delete(fake_services: Services, tmp_path: Path) -> None:
    """Records are stored with a document and removed with it."""
    doc = tmp_path / "a.txt"
    doc.write_text(
        "株洲市2024年工作要点\n一、目标\n到2025年，全市专利申请量达到9000件。\n", encoding="utf-8"
    )
    doc_id = fake_services.ingestor.ingest([doc]).results[0].doc_id
    targets = fake_services.records.query("target")
    assert [(r["indicator"], r["value"], r["city"]) for r in targets] == [
        ("专利申请量", 9000, "株洲")
    ]
    fake_services.ingestor.delete(doc_id)
    assert fake_services.records.query() == []


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("邵阳十四五规划有哪些量化指标？", ["PCT国际专利申请量", "35", "22"]),
        ("衡阳十三五目标完成了吗？", ["专利申请量", "8000", "9837", "已完成", "未完成"]),
        ("有哪些发明专利相关的资助？", ["发明专利授权奖励", "3000元"]),
    ],
)
def test_chat_answers_list_questions_from_records(
    sample_services: Services, question: str, expected: list[str]
) -> None:
    """List questions are answered from the records; every figure sits in a cited sentence."""
    answer = sample_services.chain.ask(question)
    assert answer.mode == "records" and answer.found
    assert all(word in answer.text for word in expected)
    support = " ".join(c.snippet + c.title for c in answer.citations).replace(" ", "")
    body = re.sub(r"\[\d+\]", "", answer.text).replace(" ", "")
    for number in re.findall(r"\d+(?:\.\d+)?", body):
        assert number in support, number
    for c in answer.citations:
        low, high = c.highlight
        assert c.passage[low:high] == c.snippet


def test_a_list_of_targets_quotes_each_goal_in_the_documents_words(
    sample_services: Services,
) -> None:
    """'衡阳…提出了哪些目标' lists each goal as the plan words it ('发明专利授权平均年增长 8%以上',
    not only the normalised '发明专利授权量年均增长率：目标 8%以上'), and the cited sentence
    highlights that clause."""
    answer = sample_services.chain.ask("衡阳市知识产权“十四五”规划提出了哪些目标？")
    assert answer.mode == "records", answer.text
    lines = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert "- 发明专利授权平均年增长 8%以上（" in answer.text, answer.text
    for line in lines:
        quote = line.removeprefix("- ").split("（")[0]
        n = int(re.findall(r"\[(\d+)\]", line)[0])
        assert quote in answer.citations[n - 1].snippet, line
    for c in answer.citations:
        low, high = c.answer_highlight or (0, 0)
        assert c.passage[low:high] and c.passage[low:high] in c.snippet


def test_a_question_about_exclusions_is_not_a_list_of_subsidies(
    fake_services: Services, tmp_path: Path
) -> None:
    """'规定了哪些不予资助的情形' asks who is NOT paid: the article listing them answers, not
    the list of subsidy items (which answered it before)."""
    doc = tmp_path / "某区专利资助办法.txt"
    doc.write_text(
        "某区专利资助办法\n\n第四条 对获得授权的国内发明专利，每件资助8000元。\n\n"
        "第九条 有下列情形之一的，不予资助：\n（一）非正常专利申请的；\n"
        "（二）职务发明以个人名义申请的。\n",
        encoding="utf-8",
    )
    assert fake_services.ingestor.ingest([doc]).results[0].status == "added"
    listed = fake_services.chain.ask("某区专利资助办法有哪些资助？")
    assert listed.mode == "records" and "8000元" in listed.text
    excluded = fake_services.chain.ask("某区专利资助办法规定了哪些不予资助的情形？")
    assert excluded.mode != "records" and "非正常专利申请" in excluded.text, excluded.text


def test_one_target_value_is_answered_from_its_record(sample_services: Services) -> None:
    """'邵阳2025年PCT国际专利申请量目标' is the table row's 35, not the 十三五 result 42 that the
    passages' best sentence states."""
    answer = sample_services.chain.ask("邵阳2025年PCT国际专利申请量目标是多少？")
    first = answer.text.split("\n")[0]
    assert answer.found and "35" in first and "42" not in first, answer.text
    assert "PCT国际专利申请量" in answer.citations[0].snippet


def test_a_plans_risk_fund_size_is_a_target_named_by_the_vocabulary() -> None:
    """'成立风险基金年均达0.6亿元' in a plan's goals is a target, and a fund's size is a sum."""
    text = (
        "株洲市“十四五”知识产权发展规划\n到2025年，专利运营及质押融资额度年均达到0.4亿元，"
        "成立风险基金年均达0.6亿元。\n"
    )
    records = {(r.kind, r.indicator, r.value, r.unit) for r in text_records("株洲.txt", text)}
    assert ("target", "知识产权风险基金规模", 0.6, "亿元") in records
    assert ("target", "知识产权质押融资额", 0.4, "亿元") in records
