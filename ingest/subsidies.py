"""Subsidy and reward items of a sentence: item name, amount, conditions and who grants it."""

from __future__ import annotations

import re

from ingest.models import Record
from ingest.numbers import parse_quantities
from ingest.rules import NOT_PAID, NOT_YET, OBTAINED

SUBSIDY = re.compile(
    r"资助|补贴|补助|奖励|奖补|后补助|风险补偿|专项资金|专项经费|资助经费|最高支持|奖金|配置资金"
)


_SUBSIDY_ITEM = re.compile(
    r"[\u4e00-\u9fffA-Za-z]{0,12}?(?:资助|补贴|后补助|补助|奖励|奖补|风险补偿(?:资金|基金)?|专项资金|资助经费"
    r"|最高支持|奖金|配置资金|[一二三特]等奖)"
)


_ITEM_CUT = re.compile(
    r"以及|同时|其中|请求|对|将|建立健全|建立|出台|进行|给予|申报|开展|采取|鼓励|各县市区|完善|设置|评选|才|加大|"
    r"举办|围绕|争取|通过|根据|的|等|和|及|与|了|在|为|共|、|“|”"
)


_ITEM_NOUN = re.compile(
    r"专利|商标|地理标志|质押|融资|评估费|年费|知识产权|贯标|人才|专项|举报|投诉|风险|战略|项目|等奖"
    r"|研究院|研发机构|工作站|基地|平台|团队|中心"
)


_GRANTOR = re.compile(
    r"组织部|市财政|省财政|省局|省知识产权局|市政府|市委|国家知识产权局|市场监管局"
)


_CONDITION = re.compile(r"要求|条件|须|需|至少|才|凡|符合|对象|具有|有经常居所|专利权人")


_BUDGET = re.compile(
    r"安排[^，,；;。]{0,16}(?:资金|经费)"
)  # '市财政安排…专项资金3000万元': a budget line
PROBLEM = re.compile(r"未建立|未落地|不足|有限|负担|需要大量|难以")


def subsidies(sentence: str, start: int, section: str) -> list[Record]:
    """Subsidy / reward items of a sentence, with amount, conditions and grantor when stated."""
    if NOT_PAID.search(sentence):
        return []
    out: list[Record] = []
    amounts = [
        q
        for q in parse_quantities(sentence)
        if q.unit in ("元", "万元", "亿元")
        and not NOT_YET.search(sentence[: q.start])
        and not _BUDGET.search(re.split(r"[，,；;。]", sentence[: q.start])[-1])
    ]
    if not amounts and OBTAINED.search(sentence):
        return []  # funds obtained or proposed, no item paid
    grantor = _GRANTOR.search(sentence)
    conditions = "；".join(
        c.strip("，,；; ")
        for c in re.split(r"[，,；;]", sentence)
        if _CONDITION.search(c) and len(c) <= 80
    )
    items_text = re.sub(r"《[^》]*》", lambda t: "，" * len(t.group(0)), sentence)  # not titles
    for m in _SUBSIDY_ITEM.finditer(items_text):
        item = _subsidy_item(m.group(0), items_text[: m.start()])
        if item is None:
            continue
        amount = min(amounts, key=lambda q: abs(q.start - m.end())) if amounts else None
        out.append(
            Record(
                "subsidy" if amount else "measure",  # an item without amount is a measure
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
