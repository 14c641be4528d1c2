"""Indicator lexicon: which wording names which indicator, which units fit it, and the figure a
clause states about it (including unlisted indicators named right next to a figure)."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ingest.models import Record
from ingest.numbers import Quantity, parse_quantities


def _load_indicators() -> tuple[tuple[str, str], ...]:
    """(wording pattern, indicator name) pairs of `data/indicators.yaml`, in order."""
    rows = yaml.safe_load((Path(__file__).parent / "data" / "indicators.yaml").read_text("utf-8"))
    return tuple((str(pattern), str(name)) for pattern, name in rows)


INDICATORS = _load_indicators()  # first match wins; more specific patterns first
_INDICATOR_RES = [(re.compile(p), name) for p, name in INDICATORS]


_GROWTH = re.compile(r"增长|增速|增幅|提高|下降|排名|第\s*\d")


LEAD = re.compile(
    r"^(?:其中|全[市省区县]|[我本][市省区县]|全年|年内|[上下]半年|目前|今年|去年|共有|共|累计|已|截[止至]\S*|\s)+"
)


def _load_unlisted() -> dict[str, tuple[str, ...]]:
    """Units, subject words, excluded words and verb endings of `data/unlisted_indicators.yaml`."""
    path = Path(__file__).parent / "data" / "unlisted_indicators.yaml"
    raw = yaml.safe_load(path.read_text("utf-8"))
    keys = ("units", "subjects", "excluded", "verb_endings")
    missing = [k for k in keys if not raw.get(k)]
    if missing:
        raise ValueError(f"{path}: missing {', '.join(missing)}")
    return {k: tuple(str(w) for w in raw[k]) for k in keys}


def _any_of(words: tuple[str, ...]) -> str:
    """A regex alternation of literal words."""
    return "|".join(map(re.escape, words))


_UNLISTED = _load_unlisted()
_GENERIC_UNITS = _UNLISTED["units"]
# words that name an unlisted indicator: a subject word and no excluded one
_GENERIC_OK = re.compile(
    rf"^(?!.*(?:{_any_of(_UNLISTED['excluded'])})).*(?:{_any_of(_UNLISTED['subjects'])})"
)
_VERB_END = re.compile(rf"(?:{_any_of(_UNLISTED['verb_endings'])})$")


_BARE_TYPES = {
    "发明专利申请量": {"授权": "发明专利授权量"},
    "实用新型专利申请量": {"授权": "实用新型专利授权量"},
    "外观设计专利数": {"申请": "外观设计专利申请量", "授权": "外观设计专利授权量"},
}


def indicator_of(text: str) -> tuple[str, int] | None:
    """(normalised indicator, end offset of its wording) of the last indicator in `text`;
    where wordings overlap or touch, the one listed first names them ('PCT专利申请量' is a PCT
    count, not all applications)."""
    taken: list[tuple[str, int, int]] = []
    for regex, name in _INDICATOR_RES:
        for m in regex.finditer(text):
            touching = [n for n, (_, s, e) in enumerate(taken) if m.start() <= e and m.end() >= s]
            if not touching:
                taken.append((name, m.start(), m.end()))
            for n in touching:  # 'PCT' + '专利申请量': the wording listed first, to the end
                first, s, e = taken[n]
                taken[n] = (first, min(s, m.start()), max(e, m.end()))
    if not taken:
        return None
    name, _, end = max(taken, key=lambda t: (t[2], -t[1]))
    return name, end


def indicator_and_figure(
    clause: str, action: str
) -> tuple[str, Quantity, Quantity | None, bool, bool] | None:
    """(indicator, figure, baseline, is growth rate) of a clause, or None."""
    found = indicator_of(clause)
    if found is not None:
        name, after = found
        if re.search(r"(?:发明专利|实用新型|外观设计)\s*\d", clause):
            name = _BARE_TYPES.get(name, {}).get(action, name)
        tail = clause[after:]
        growth = re.match(r"\s*(?:同比|平均)?(?:年均?|年平均)?(?:增长|增幅)(?:率)?", tail)
        if growth:
            rates = [q for q in parse_quantities(tail) if q.unit == "%"]
            return (name + "年均增长率", rates[0], None, True, False) if rates else None
        quantities = [q for q in parse_quantities(tail) if unit_fits(name, q.unit)]
        if quantities and not _GROWTH.search(tail[: quantities[0].start]):
            q, baseline = _change(tail, quantities)
            return name, q, baseline, False, False
    return _generic(clause)


def figure_with_modifiers(
    clauses: list[str], at: int, action: str
) -> tuple[str, Quantity, Quantity | None, bool, bool] | None:
    """The figure of clause `at` named by the words after the '、'-joined modifiers that follow."""
    joined = clauses[at]
    for following in clauses[at + 1 :]:
        joined += following
        if not following.endswith("、"):
            break
    found = indicator_and_figure(joined, action)
    return found if found is not None and found[1].text in clauses[at] else None


def _generic(clause: str) -> tuple[str, Quantity, Quantity | None, bool, bool] | None:
    """Unlisted indicators: the words right before the figure ('出动执法人员 919 人次'), or
    after it when a verb precedes the figure ('新建10个以上知识产权调解及仲裁机构')."""
    quantities = [
        q
        for q in parse_quantities(clause)
        if (q.unit in _GENERIC_UNITS or q.unit == "%") and _arabic(q.text)
    ]
    if not quantities:
        return None
    q, baseline = _change(clause, quantities)
    head = re.sub(r"[（(][^（()）]*[)）]", "", clause[: q.start])  # '孵化器(众创空间)达到'
    before = LEAD.sub("", re.split(r"[：:（(“”]", head)[-1]).strip()
    before = re.sub(r"^.{0,8}?(?:计划|力争|预计|将要|要)(?=.{2})", "", before)  # '长春计划攻克…
    before = re.split(r"由原?\s*\d|从原?\s*\d", before)[0]  # '…案件由原 3 个月缩短至' → '…案件'
    verb = _VERB_END.search(before) is not None  # '…领域突破|100项…技术': the thing follows
    before = re.sub(
        r"(?:达到|达|为|共|有|突破|超过|约|近|累计|合计|总数|只有|还有|年均|每年|平均|增至|增加到|提高到|提升到|达到了|实现)+$",
        "",
        before,
    )
    if q.unit == "%":
        return _generic_share(before.strip()[-24:], clause[q.end :], q, baseline)
    before = before.strip()[-16:]
    if before.endswith(_JOINERS):  # '提升三个万亿级产业基地和|22个…': not a name
        return None
    if len(before) >= 2 and _GENERIC_OK.search(before) and not _VERB_END.search(before):
        return before, q, baseline, False, True
    after = _noun_after(clause[q.end :])
    if (
        (not before or verb or _VERB_END.search(before))
        and len(after) >= 3
        and _GENERIC_OK.search(after)
        and not _NOT_A_NAME.search(after)
    ):
        return after, q, baseline, False, True
    return None


_JOINERS = ("和", "及", "与", "或", "、")
# '6 家获得“…专利奖”的企业': a quoted name or a verb phrase is not what is counted
_NOT_A_NAME = re.compile(r"[“”\"]|^(?:获得?|荣获|被评为)")


def _arabic(text: str) -> bool:
    """Whether a figure is written in Arabic digits ('超过4000项', not '三个')."""
    return _QUALIFIER.sub("", text).lstrip()[:1].isdigit()


_QUALIFIER = re.compile(
    r"^(?:超过|超|达到|达|近|约|逾|突破|共|累计|不[少低]于|不超过|高于|低于|多于)\s*"
)


def _noun_after(tail: str, cut: str = r"(?:工作|成立了).*$") -> str:
    """The thing counted after a figure: '个以上知识产权调解机构' → '知识产权调解机构';
    a modifier with its own figure stays ('产值50亿元以上的地理标志产业')."""
    after = re.split(r"[，。；,;：:（(]", tail)[0]
    after = re.sub(r"^(?:以上|左右|的|余|多)+", "", after)
    if (other := _other_figure(after)) is not None:  # '3300多家|企业融资约220亿元'
        after = re.sub(r"(?:约|近|超过|超|达到|达|共|为|和|及|与|、)+$", "", after[: other.start])
    after = re.sub(cut, "", after)
    head, _, rest = after.partition("的")
    if rest and not re.search(r"\d", head):  # '降碳效果突出、带动性强的|重大科技示范工程'
        named = _GENERIC_OK.search(head.split("、")[0]) or not _GENERIC_OK.search(rest)
        after = head if named else rest
    return after.split("、")[0].strip()[:24]


_SHARE_NAME = re.compile(r"(?:率|比例|比重|占比)$")


_GREW = re.compile(r"^(.{2,}?)(?:同比|比上年|较上年)?(?:增长|增加|增幅|增速|增|上升)了?$")


def _generic_share(
    before: str, tail: str, q: Quantity, baseline: Quantity | None
) -> tuple[str, Quantity, Quantity | None, bool, bool] | None:
    """A percentage of an unlisted rate ('…拥有发明专利的比例达到100%'), the growth of an
    unlisted figure ('技术合同成交额同比增124%'), or the share of the things named after it
    ('70%以上大中型工业企业…建立知识产权工作机制')."""
    grew = _GREW.match(LEAD.sub("", before.split()[-1])) if before.strip() else None  # a headline
    if grew and _GENERIC_OK.search(grew.group(1)) and not _VERB_END.search(grew.group(1)):
        return f"{grew.group(1)}年均增长率", q, None, True, True
    if len(before) >= 3 and _SHARE_NAME.search(before) and _GENERIC_OK.search(before):
        return before, q, baseline, False, True
    after = _noun_after(tail, r"成立了.*$")
    if not before and len(after) >= 4 and _GENERIC_OK.search(after):
        return f"{after}的比例", q, baseline, False, True
    return None


_NAME_DATE = re.compile(
    r"^(?:\d{4}\s*年)?(?:前\s*\d{1,2}\s*个月|\d{1,2}\s*(?:[-—－至]\s*\d{1,2}\s*)?月份?)?"
)
_NAME_DEADLINE = re.compile(r"(?:到|至|在)?\s*\d{4}\s*年(?:底|末)?$")  # '…营业收入到2025年'
_NAME_ADVERB = re.compile(r"(?:就|也|都|才|便|已经|已)+$")
_DURATION_UNITS = ("年", "个月", "天", "日", "工作日", "个工作日")
_NAME_DANGLING = re.compile(r"[至到了把将被在对从由和及与的于为有、，,]$")
_NAME_HAS_DATE = re.compile(r"\d{4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日")


def readable_name(name: str) -> str | None:
    """An indicator name as the tables show it, without a leading date or a trailing adverb
    ('2027年实现…产值' → '实现…产值', '…发明专利就' → '…发明专利'); None when the words are no
    name: they break off at a particle ('…扩大至'), hold a date, or count something else
    ('…7 项专利申报…', '竞赛项目和4个表演项目'); a threshold ('产值50亿元以上的…') may stay."""
    name = _NAME_DEADLINE.sub("", _NAME_DATE.sub("", name.strip()).strip())
    name = _NAME_ADVERB.sub("", name.strip()).strip()
    if len(name) < 2 or _NAME_DANGLING.search(name) or _NAME_HAS_DATE.search(name):
        return None
    return None if _other_figure(name) is not None else name


def with_readable_names(records: list[Record]) -> list[Record]:
    """The records whose target or outcome names are readable, those names tidied."""
    out = []
    for r in records:
        name = readable_name(r.indicator) if r.kind in ("target", "outcome") else r.indicator
        if name is not None:
            r.indicator = name
            out.append(r)
    return out


def _other_figure(words: str) -> Quantity | None:
    """A figure inside a name that counts something of its own ('竞赛项目和4个表演项目'); not a
    duration ('成立于5年内的比例') or a threshold ('产值50亿元以上的…产业')."""
    for q in parse_quantities(words):
        if q.unit not in _DURATION_UNITS and not re.match(
            r"\s*(?:以上|以下)?\s*的", words[q.end :]
        ):
            return q
    return None


def deals_beside(clause: str, amount: Quantity) -> Quantity | None:
    """The number of deals stated right before a sum ('融资44笔4.191亿元' → 44笔), or None."""
    if not amount.unit.endswith("元"):
        return None
    for count in parse_quantities(clause):
        if count.unit == "笔" and clause[count.end :].lstrip("，、 ,").startswith(amount.text):
            return count
    return None


def unit_fits(indicator: str, unit: str) -> bool:
    """Money indicators take 元 units, rates take %, durations months, counts count units."""
    if indicator.endswith(("额", "资金", "基金规模")):
        return unit.endswith("元")
    if indicator.endswith(("率", "比重")):
        return unit == "%"
    if indicator.endswith("周期"):
        return unit in ("个月", "天", "年")
    if indicator.endswith("满意度"):
        return unit == "分"
    return unit not in (
        "%",
        "元",
        "万元",
        "亿元",
        "个月",
        "天",
        "日",
        "工作日",
        "个工作日",
        "年",
        "项",
    )


def _change(tail: str, quantities: list[Quantity]) -> tuple[Quantity, Quantity | None]:
    """'由 22 个月缩短至 3-6 个月' → (3-6 个月, baseline 22 个月); else (first figure, None)."""
    m = re.search(r"(?:缩短|提高|增加|提升|降低|减少|扩大)(?:至|到)", tail)
    if m is not None:
        after = [q for q in quantities if q.start >= m.end()]
        before = [q for q in quantities if q.end <= m.start()]
        if after:
            return after[0], before[-1] if before else None
    return quantities[0], None
