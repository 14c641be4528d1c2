"""Query understanding: cities, years, periods, document types and the kind of question."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

PERIODS = ("十二五", "十三五", "十四五", "十五五")
_DOC_TYPES = (
    (r"规划|纲要", "规划"),
    (r"总结", "工作总结"),
    (r"答记者问|记者问|采访", "答记者问"),
    (r"提案|答复", "提案答复"),
    (r"工作报告", "工作报告"),
)
# Question kinds, checked in order; the first match wins.
_KINDS = (
    ("reason", r"为什么|为何|原因|怎么会|导致|短板|存在.{0,4}问题|困难"),
    ("subsidy", r"资助|补贴|补助|奖励|奖补|扶持|激励|资金援助|经费"),
    (
        "target",
        r"目标|要达到|达到多少|力争|预计|计划|规划.{0,6}(?:要求|提出)|到20\d\d年|预期|能完成|完成了",
    ),
    ("list", r"哪些|哪几|什么措施|举措|措施|怎么做|如何|怎样|做了什么|采取|任务|工作"),
    ("figure", r"多少|几[个家件次起项人年月]|多久|比例|占比|排第|第几|增长|金额|数量|总量|是多少"),
)
_AMOUNT = re.compile(r"多少|几|多久|比例|占比|第几|金额|总量|数量")
_FOLLOWUP = re.compile(r"^(?:那么?|那|其中|还有|另外|以及|再问|同样)|呢[？?]?$")
_CITY_SUFFIX = re.compile(r"([\u4e00-\u9fff]{2,4}?)市(?![场民级委政区县])")
_YEAR = re.compile(r"(?<!\d)(19[89]\d|20[0-4]\d)(?!\d)")


@dataclass(frozen=True)
class QueryInfo:
    """What a question asks about."""

    text: str
    cities: tuple[str, ...] = ()
    unknown_cities: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    periods: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    kind: str = "general"
    wants_amount: bool = False
    is_followup: bool = False
    filters: dict[str, object] = field(default_factory=dict)

    def with_filters(self, **filters: object) -> QueryInfo:
        """A copy with explicit filters (city, year_from, year_to, doc_type) merged in."""
        merged = {**self.filters, **{k: v for k, v in filters.items() if v not in (None, "")}}
        return replace(self, filters=merged)


def normalise_question(text: str) -> str:
    """NFKC and trimmed; quotes unified."""
    return unicodedata.normalize("NFKC", text).strip()


def find_cities(text: str, known: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(known cities named, unknown 'X市' names) in order of appearance."""
    known = sorted(set(known), key=len, reverse=True)
    found: list[tuple[int, str]] = []
    for city in known:
        found += [(m.start(), city) for m in re.finditer(re.escape(city), text)]
    masked = text
    for city in known:
        masked = masked.replace(city, "｜")
    unknown = []
    for m in _CITY_SUFFIX.finditer(masked):
        name = _trim_city_name(m.group(1))
        if name and name not in known:
            unknown.append(name)
    ordered = tuple(dict.fromkeys(c for _, c in sorted(found)))
    return ordered, tuple(dict.fromkeys(unknown))


def _trim_city_name(name: str) -> str:
    """Drop leading function words captured before a city name ('对广州' → '广州')."""
    name = re.sub(r"^(?:对|在|和|与|及|据|从|向|的|了|是|比|跟)", "", name)
    return name if len(name) >= 2 and not re.search(r"全|本|我|该|某|各|城|县", name) else ""


def question_kind(text: str) -> str:
    """figure / target / list / reason / subsidy / general."""
    for kind, pattern in _KINDS:
        if re.search(pattern, text):
            return kind
    return "general"


def understand(text: str, known_cities: Iterable[str], doc_types: Iterable[str] = ()) -> QueryInfo:
    """Parse a (standalone) question."""
    text = normalise_question(text)
    cities, unknown = find_cities(text, known_cities)
    types = tuple(
        t for pattern, t in _DOC_TYPES if re.search(pattern, text) and t in set(doc_types)
    )
    return QueryInfo(
        text=text,
        cities=cities,
        unknown_cities=unknown,
        years=tuple(dict.fromkeys(int(y) for y in _YEAR.findall(text))),
        periods=tuple(p for p in PERIODS if p in text),
        doc_types=types,
        kind=question_kind(text),
        wants_amount=bool(_AMOUNT.search(text)),
        is_followup=bool(_FOLLOWUP.search(text)) and len(text) <= 16,
    )


def rewrite_followup(question: str, previous: str, known_cities: Iterable[str]) -> str:
    """Make a follow-up standalone: entities it names replace the previous question's ones.

    "那岳阳2020年呢？" after "邵阳市“十三五”期间PCT专利申请量是多少？" becomes
    "岳阳2020年 PCT专利申请量是多少？ 那岳阳2020年呢？" — good enough for retrieval and
    for the answerer, which looks at the topic words of both.
    """
    q = normalise_question(question)
    prev = normalise_question(previous)
    cities, _ = find_cities(q, known_cities)
    if cities:
        prev_cities, _ = find_cities(prev, known_cities)
        for old in prev_cities:
            prev = re.sub(re.escape(old) + "市?", "", prev)
    if _YEAR.search(q) or any(p in q for p in PERIODS):
        prev = _YEAR.sub("", prev)
        for period in PERIODS:
            prev = prev.replace(f"“{period}”", "").replace(period, "")
        prev = re.sub(r"^年|(?<=[^\d])年(?=[^\d度])", "", prev, count=1)
    topic = re.sub(r"^(?:那么?|其中|还有|另外)|呢?[？?]$", "", q).strip()
    return f"{topic} {prev} {q}".strip()
