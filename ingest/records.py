"""Structured records from cleaned documents: targets, reported outcomes, subsidies and rewards."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from ingest.clean import CleanDocument
from ingest.metadata import city_scores
from ingest.models import DocumentMeta, Section
from ingest.numbers import Quantity, parse_quantities

# Indicator wording → normalised name (first match wins; more specific patterns first).
INDICATORS: tuple[tuple[str, str], ...] = (
    (r"每万人口?高质量发明专利拥有量", "每万人口高质量发明专利拥有量"),
    (r"平均每万人(?=\s*\d)", "每万人发明专利拥有量"),
    (r"(?:每万人口?|万人)(?:有效)?发明(?:专利)?(?:拥有量)?|万人发明", "每万人发明专利拥有量"),
    (r"PCT|国际专利申请", "PCT国际专利申请量"),
    (r"有效发明专利", "有效发明专利数"),
    (r"发明专利(?:平均)?(?:年)?申请(?:量)?|发明专利(?=\s*\d)", "发明专利申请量"),
    (r"授权率", "发明专利授权率"),
    (r"发明专利(?:平均)?(?:年)?授权(?:量)?|国内发明专利授权量", "发明专利授权量"),
    (r"实用新型(?:专利)?(?:申请)?", "实用新型专利申请量"),
    (r"外观设计", "外观设计专利数"),
    (r"专利申请(?:总)?(?:量)?", "专利申请量"),
    (r"专利授权(?:总)?(?:量)?", "专利授权量"),
    (r"有效商标注册量|商标有效注册量|有效注册商标|注册商标总量|商标总量", "商标有效注册量"),
    (r"商标注册(?:量|申请)?|核准注册", "商标注册量"),
    (r"商标申请|申请商标", "商标申请量"),
    (r"地理标志(?:商标|保护产品)?", "地理标志数"),
    (r"质押融资笔数", "质押融资笔数"),
    (
        r"(?:知识产权|专利|商标)?(?:权)?质押融资(?:金)?(?:额|总额|金额|额度)?|质权登记.*融资",
        "知识产权质押融资额",
    ),
    (r"人才总量", "知识产权人才总量"),
    (r"专利转化实施率", "企业专利转化实施率"),
    (r"优势企业", "国家知识产权优势企业数"),
    (r"示范企业", "国家知识产权示范企业数"),
    (r"代理机构|服务机构", "知识产权服务机构数"),
    (r"立案查办(?:案件)?|查办案件|办结案件", "知识产权案件数"),
    (r"实用新型.{0,8}授权周期", "实用新型授权周期"),
    (r"授权周期", "发明专利授权周期"),
    (r"专项资金|专项经费|资助经费|战略资金|项目资金|资助资金", "知识产权专项资金"),
    (r"结案率", "专利行政执法案件结案率"),
    (r"使用率", "地理标志使用率"),
)
_INDICATOR_RES = [(re.compile(p), name) for p, name in INDICATORS]
_TARGET_CUE = re.compile(
    r"到\s*20\d\d\s*年|力争|要达到|目标|确保|预期|计划|规划要求|缩短至|新建|培育\d|设为"
)
_PAST_CUE = re.compile(r"截[止至]|目前|已经?|累计|同比|期间|实现|共|完成|总数|可以达到|拥有(?!量)")
_STRONG_PAST = re.compile(r"期间|截[止至]|目前|去年|已经|累计")
_TARGET_SECTION = re.compile(r"目标|预期指标|发展目标")
_SUBSIDY = re.compile(r"资助|补贴|补助|奖励|奖补|后补助|风险补偿|专项资金|专项经费|资助经费")
_SUBSIDY_ITEM = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{0,12}?(?:资助|补贴|后补助|补助|奖励|奖补|风险补偿(?:资金|基金)?|专项资金|资助经费)"
)
_ITEM_CUT = re.compile(
    r"以及|同时|其中|请求|对|将|建立健全|建立|出台|进行|给予|申报|开展|采取|鼓励|各县市区|完善|设置|评选|才|加大|"
    r"举办|围绕|争取|通过|根据|的|等|和|及|与|了|在|为|共|、|“|”"
)
_ITEM_NOUN = re.compile(
    r"专利|商标|地理标志|质押|融资|评估费|年费|知识产权|贯标|人才|专项|举报|投诉|风险|战略"
)
_GRANTOR = re.compile(
    r"组织部|市财政|省财政|省局|省知识产权局|市政府|市委|国家知识产权局|市场监管局"
)
_CONDITION = re.compile(r"要求|条件|须|需|至少|才|凡|符合|对象|具有|有经常居所")
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
_CLAUSE = re.compile(r"[^；，,;、]+[；，,;、]?")
_GROWTH = re.compile(r"增长|增速|增幅|提高|下降|排名|第\s*\d")
_ROW = re.compile(
    r"(?:(?P<cat>[^·]+) · )?\d+\. (?P<name>[^·]+?) · (?P<y1>\d{4})年：(?P<v1>[^·]+) · (?P<y2>\d{4})年：(?P<v2>[^。]+)。"
)
_PERIOD = re.compile(r"十[二三四五]五")
_ELSEWHERE = re.compile(r"全国|全省|省内|国家\d{4}年|长株潭")
_FORECAST = re.compile(r"可以达到|会达到|有望")
_FUNDS = re.compile(r"资金|经费|资助")
_PROBLEM = re.compile(
    r"未建立|未落地|不足|有限|负担|需要大量|难以|《[^》]*(?:补助|资助|奖励)[^》]*》"
)
_LEAD = re.compile(r"^(?:其中|全市|我市|目前|今年|去年|共|累计|已|截[止至]\S*|\s)+")
_GENERIC_UNITS = (
    "件",
    "家",
    "户",
    "个",
    "起",
    "万元",
    "亿元",
    "人次",
    "个月",
    "日",
    "个工作日",
)
_GENERIC_OK = re.compile(
    r"^(?!.*(?:第|\d|我们|需要|时间|指标|以来|年底|学校|学科|院所|模块|行业|天|近两年|每年|热线|后续业务|问题|咨询|费|对接|辅导|有意|促进|开展))"
    r".*"
    r"(?:专利|商标|知识产权|地理标志|案件|案值|罚没|执法|质权|融资|维权|纠纷|机构|企业|产业|强县|示范县|"
    r"立案|金额|成果|园区)"
)
_VERB_END = re.compile(
    r"(?:培育|新增|新建|打造|引进|建设|建立|申请建设|组织|推动|促成|协助|指导应对|荣获|等)$"
)
_BARE_TYPES = {
    "发明专利申请量": {"授权": "发明专利授权量"},
    "实用新型专利申请量": {"授权": "实用新型专利授权量"},
    "外观设计专利数": {"申请": "外观设计专利申请量", "授权": "外观设计专利授权量"},
}


@dataclass
class Record:
    """One target, outcome or subsidy with the sentence it comes from."""

    kind: str  # "target" | "outcome" | "subsidy"
    indicator: str
    value: float | None
    unit: str
    sentence: str
    start: int
    end: int
    value_max: float | None = None
    qualifier: str = ""
    value_text: str = ""
    baseline: float | None = None
    baseline_year: int | None = None
    year: int | None = None
    period: str = ""
    attribute: str = ""
    conditions: str = ""
    grantor: str = ""
    section: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for storage."""
        return asdict(self)


def indicator_of(text: str) -> tuple[str, int] | None:
    """(normalised indicator, end offset of its wording) of the last indicator in `text`."""
    best: tuple[str, int, int] | None = None
    for regex, name in _INDICATOR_RES:
        for m in regex.finditer(text):
            if best is None or m.end() > best[2] or (m.end() == best[2] and m.start() < best[1]):
                best = (name, m.start(), m.end())
    return (best[0], best[2]) if best else None


def _units(
    sentences: Iterator[tuple[int, str]], doc: CleanDocument
) -> Iterator[tuple[int, str, str]]:
    """(offset, sentence, section title) triples."""
    for start, text in sentences:
        yield start, text, _section_at(doc.sections, start)


def _section_at(sections: list[Section], offset: int) -> str:
    return next((s.title for s in sections if s.start <= offset < s.end), "")


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    for m in _SENTENCE.finditer(text):
        if m.group(0).strip():
            yield m.start(), m.group(0)


def extract_records(doc: CleanDocument, meta: DocumentMeta) -> list[Record]:
    """All records of one cleaned document."""
    records: list[Record] = []
    action = "申请"
    for start, sentence, section in _units(_sentences(doc.text), doc):
        sentence_records = _figures(sentence, start, section, meta, action)
        action = next(
            (a for r in reversed(sentence_records) for a in ("申请", "授权") if a in r.indicator),
            action,
        )
        row = _ROW.search(sentence)
        if row is not None:
            records += _table_target(row, sentence, start, section)
            continue
        if _SUBSIDY.search(sentence) and not _PROBLEM.search(sentence):
            records += _subsidies(sentence, start, section)
        records += sentence_records
    return _dedupe(records)


def _table_target(row: re.Match[str], sentence: str, start: int, section: str) -> list[Record]:
    """A planning-table row: baseline in the first year column, target in the second."""
    name = row.group("name").strip()
    unit_match = re.search(r"[（(]([^()（）]+)[)）]\s*$", name)
    unit = unit_match.group(1) if unit_match else ""
    indicator = re.sub(r"[（(][^()（）]*[)）]\s*$", "", name).strip()
    target = parse_quantities(
        row.group("v2") + ("" if re.search(r"[%件分]", row.group("v2")) else unit)
    )
    baseline = re.search(r"\d+(?:\.\d+)?", row.group("v1"))
    value = target[0].value if target else _float(row.group("v2"))
    if value is None:
        return []
    attribute = "预期性" if "预期" in section else "约束性" if "约束" in section else ""
    return [
        Record(
            "target",
            indicator,
            value,
            (target[0].unit if target else unit) or unit,
            sentence.strip(),
            start,
            start + len(sentence.rstrip()),
            qualifier=target[0].qualifier if target else "",
            value_text=row.group("v2").strip(),
            baseline=float(baseline.group(0)) if baseline else None,
            baseline_year=int(row.group("y1")),
            year=int(row.group("y2")),
            period=_period(section + sentence) or "",
            attribute=attribute,
            section=section,
        )
    ]


def _float(text: str) -> float | None:
    m = re.search(r"\d+(?:\.\d+)?", text)
    return float(m.group(0)) if m else None


def _figures(
    sentence: str, start: int, section: str, meta: DocumentMeta, action: str = "申请"
) -> list[Record]:
    """Targets and outcomes: one per clause holding an indicator followed by a figure;
    '其中：发明专利9215件' takes 申请 or 授权 from the figure before it."""
    out: list[Record] = []
    is_target_sentence = bool(_TARGET_CUE.search(sentence)) or bool(_TARGET_SECTION.search(section))
    for m in _CLAUSE.finditer(sentence):
        clause = m.group(0)
        if (
            _ELSEWHERE.search(clause)
            or _FORECAST.search(clause)
            or (_other_city(sentence, meta.city) and not re.search(r"我市|全市|本市", clause))
        ):
            continue  # national / provincial / other cities' figures, forecasts
        found = _indicator_and_figure(clause, action)
        if found is None:
            continue
        name, q, baseline, growth, generic = found
        if generic and any(r.extra.get("generic") for r in out):
            continue  # lists of minor counts: only the first unlisted figure of a sentence
        if out and name == out[-1].indicator and clause.startswith("其中"):
            continue  # '其中地理标志产品 4 件' breaks down the figure just taken
        if _SUBSIDY.search(name) and not _FUNDS.search(name):
            continue  # rewards and subsidies are recorded by _subsidies
        kind = _kind(clause, sentence[: m.start()], is_target_sentence, meta)
        if growth and kind != "target":
            continue  # reported growth rates are not indicator values
        if _FUNDS.search(name) and q.unit.endswith("元"):
            kind = "subsidy"  # funding amounts (专项资金, 资助经费) belong with the subsidies
            wording = _LEAD.sub("", clause[: clause.find(q.text)] if q.text in clause else name)
            name = (
                re.sub(r"(?:共|为|达|达到|约|的基础上增加至|增加至)+$", "", wording.strip())[-20:]
                or name
            )
        s, e = start + m.start(), start + m.end()
        record = _figure_record(kind, name, q, sentence[: m.end()], s, e, sentence, section, meta)
        record.baseline = baseline.value if baseline is not None else None
        record.extra["generic"] = generic
        out.append(record)
    return out


def _other_city(clause: str, city: str) -> bool:
    """Whether the clause is about another city ('邵阳市…0.81 件' in the 衡阳 report)."""
    return any(name != city for name in city_scores(clause))


def _indicator_and_figure(
    clause: str, action: str
) -> tuple[str, Quantity, Quantity | None, bool, bool] | None:
    """(indicator, figure, baseline, is growth rate) of a clause, or None."""
    found = indicator_of(clause)
    if found is not None:
        name, after = found
        if re.search(r"(?:发明专利|实用新型|外观设计)\s*\d", clause):
            name = _BARE_TYPES.get(name, {}).get(action, name)
        tail = clause[after:]
        growth = re.match(r"\s*(?:平均)?(?:年均?|年平均)?(?:增长|增幅)(?:率)?", tail)
        if growth:
            rates = [q for q in parse_quantities(tail) if q.unit == "%"]
            return (name + "年均增长率", rates[0], None, True, False) if rates else None
        quantities = [q for q in parse_quantities(tail) if unit_fits(name, q.unit)]
        if quantities and not _GROWTH.search(tail[: quantities[0].start]):
            q, baseline = _change(tail, quantities)
            return name, q, baseline, False, False
    return _generic(clause)


def _generic(clause: str) -> tuple[str, Quantity, Quantity | None, bool, bool] | None:
    """Unlisted indicators: the words right before the figure ('出动执法人员 919 人次'), or
    after it when a verb precedes the figure ('新建10个以上知识产权调解及仲裁机构')."""
    quantities = [
        q for q in parse_quantities(clause) if q.unit in _GENERIC_UNITS and q.text[:1].isdigit()
    ]
    if not quantities:
        return None
    q, baseline = _change(clause, quantities)
    before = _LEAD.sub("", re.split(r"[：:（(“”]", clause[: q.start])[-1]).strip()
    before = re.sub(r"(?:达到|达|为|共|有|突破|超过|约|近|累计|合计|总数|只有|还有)+$", "", before)
    before = before.strip()[-16:]
    if len(before) >= 2 and _GENERIC_OK.search(before) and not _VERB_END.search(before):
        return before, q, baseline, False, True
    after = re.split(r"[，。；、,;：:（(]", clause[q.end :])[0]
    after = re.sub(r"^(?:以上|左右|的|余)+", "", after)
    after = re.sub(r"(?:的|工作|成立了).*$", "", after).strip()[:16]
    if (not before or _VERB_END.search(before)) and len(after) >= 3 and _GENERIC_OK.search(after):
        return after, q, baseline, False, True
    return None


def unit_fits(indicator: str, unit: str) -> bool:
    """Money indicators take 元 units, rates take %, durations months, counts count units."""
    if indicator.endswith(("额", "资金")):
        return unit.endswith("元")
    if indicator.endswith(("率", "比重")):
        return unit == "%"
    if indicator.endswith("周期"):
        return unit in ("个月", "天", "年")
    if indicator.endswith("满意度"):
        return unit == "分"
    return unit not in ("%", "元", "万元", "亿元", "个月", "天", "年", "项")


def _change(tail: str, quantities: list[Quantity]) -> tuple[Quantity, Quantity | None]:
    """'由 22 个月缩短至 3-6 个月' → (3-6 个月, baseline 22 个月); else (first figure, None)."""
    m = re.search(r"(?:缩短|提高|增加|提升|降低|减少|扩大)(?:至|到)", tail)
    if m is not None:
        after = [q for q in quantities if q.start >= m.end()]
        before = [q for q in quantities if q.end <= m.start()]
        if after:
            return after[0], before[-1] if before else None
    return quantities[0], None


def _kind(clause: str, before: str, target_sentence: bool, meta: DocumentMeta) -> str:
    """target when the wording or section states a goal, else a reported outcome."""
    years = [int(y) for y in re.findall(r"(20\d\d)\s*年", before + clause)]
    past_deadline = re.search(r"到\s*(20\d\d)\s*年", clause)
    if past_deadline and meta.year and int(past_deadline.group(1)) < meta.year:
        return "outcome"  # "到2019年底…达到1623件" in a 2020 report is history
    if _TARGET_CUE.search(clause):
        return "target"
    if _PAST_CUE.search(clause) or (years and meta.year and years[-1] < meta.year):
        return "outcome"
    if _STRONG_PAST.search(before) and not _TARGET_CUE.search(before):
        return "outcome"
    return "target" if target_sentence or meta.doc_type == "规划" else "outcome"


def _figure_record(
    kind: str,
    name: str,
    q: Quantity,
    clause: str,
    s: int,
    e: int,
    sentence: str,
    section: str,
    meta: DocumentMeta,
) -> Record:
    context = sentence + " " + section
    deadline = re.search(r"到\s*(20\d\d)\s*年", context)
    years = [int(y) for y in re.findall(r"(20\d\d)\s*年", clause)]
    period = _period(context) or (_period(meta.title) if kind == "target" else None)
    if kind == "target":
        year = (
            int(deadline.group(1))
            if deadline
            else _period_end(period) or (years[-1] if years else meta.year)
        )
    else:
        year = years[-1] if years else _period_end(period) if "期间" in context else meta.year
    months = re.search(
        r"\d{1,2}\s*[-—－]\s*\d{1,2}\s*月|截[止至](?:今年)?\s*\d{1,2}\s*月底?", clause
    )
    label = period or (
        f"{year}年{months.group(0).replace(' ', '')}" if months and year else str(year or "")
    )
    return Record(
        kind,
        name,
        q.value,
        q.unit,
        sentence.strip(),
        s,
        e,
        value_max=q.value_max,
        qualifier=q.qualifier,
        value_text=q.text,
        year=year,
        period=label,
        section=section,
    )


def _period(text: str) -> str | None:
    m = _PERIOD.search(text)
    return m.group(0) if m else None


def _period_end(period: str | None) -> int | None:
    return {"十二五": 2015, "十三五": 2020, "十四五": 2025}.get(period or "")


def _subsidies(sentence: str, start: int, section: str) -> list[Record]:
    """Subsidy / reward items of a sentence, with amount, conditions and grantor when stated."""
    out: list[Record] = []
    amounts = [q for q in parse_quantities(sentence) if q.unit in ("元", "万元", "亿元")]
    grantor = _GRANTOR.search(sentence)
    conditions = "；".join(
        c.strip("，,；; ")
        for c in re.split(r"[，,；;]", sentence)
        if _CONDITION.search(c) and len(c) <= 80
    )
    for m in _SUBSIDY_ITEM.finditer(sentence):
        item = _subsidy_item(m.group(0), sentence[: m.start()])
        if item is None:
            continue
        amount = min(amounts, key=lambda q: abs(q.start - m.end())) if amounts else None
        out.append(
            Record(
                "subsidy",
                item,
                amount.value if amount else None,
                amount.unit if amount else "",
                sentence.strip(),
                start,
                start + len(sentence.rstrip()),
                value_text=amount.text if amount else "",
                conditions=conditions[:200],
                grantor=grantor.group(0) if grantor else "",
                section=section,
            )
        )
    return out


def _subsidy_item(raw: str, before: str) -> str | None:
    """A clean subsidy item name ('以及发明专利授权资助' → '发明专利授权资助')."""
    parts = [p for p in _ITEM_CUT.split(raw) if p]
    item = parts[-1] if parts else raw
    if len(parts) > 1 and not _ITEM_NOUN.search(item):
        item = "".join(parts[-2:])  # '高价值专利采取引进转让后奖励' keeps its object
    if len(item) < 4 and before.endswith("的"):
        item = re.split(r"[，,；;。对]", before[:-1])[-1] + item  # '中国专利奖…的奖励'
    item = re.sub(r"^\d*\s*年(?:度)?", "", item)
    if len(item) < 4 or not _ITEM_NOUN.search(item) or "XX" in item.upper():
        return None
    return item


def _dedupe(records: list[Record]) -> list[Record]:
    """One record per (kind, indicator, value, sentence)."""
    valued = {r.indicator for r in records if r.kind == "subsidy" and r.value is not None}
    records = [
        r
        for r in records
        if r.kind != "subsidy" or r.value is not None or r.indicator not in valued
    ]
    seen: set[tuple[Any, ...]] = set()
    out = []
    for r in records:
        key = (
            (r.kind, r.indicator if r.value is None else r.unit, r.value)
            if r.kind == "subsidy"
            else (r.kind, r.indicator, r.value, r.unit)  # the same figure twice is one fact
        )
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
