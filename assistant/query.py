"""Query understanding: cities, years, periods, document types and the kind of question."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.answer_types import is_english, wanted_type
from assistant.glossary import Concept
from assistant.lexical import tokenize, word_starts
from places.gazetteer import Gazetteer, Place, load_gazetteer

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
_FIGURE_TYPES = ("count", "money", "percent", "range")  # 'how many / how much' in English
_AMOUNT = re.compile(r"多少|几|多久|(?:规模|面积)有?多大|多大规模|比例|占比|第几|金额|总量|数量")
_FOLLOWUP = re.compile(r"^(?:那么?|那|其中|还有|另外|以及|再问|同样|它|该|这个|这项)|呢[？?]?$")
_LONG_FOLLOWUP = re.compile(
    r"^那(?:么|如果|要是|假如)?.*呢[？?]?$"
)  # '那如果是…的呢？' however long
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
    places: tuple[str, ...] = ()  # every place named (short names), indexed or not
    place_paths: tuple[str, ...] = ()  # the most specific named places: '浙江/宁波'
    answer_type: str = "fact"  # what kind of answer is wanted (see answer_types)
    english: bool = False
    told: str = ""  # what the conversation already answered (a follow-up wants something new)
    asked: str = ""  # the user's own words when `text` is a follow-up rewritten to stand alone
    new_words: tuple[str, ...] = ()  # words a follow-up adds to the previous question
    glosses: tuple[Concept, ...] = ()  # an English question's words with their Chinese renderings

    def with_filters(self, **filters: object) -> QueryInfo:
        """A copy with explicit filters (city, year_from, year_to, doc_type) merged in."""
        merged = {**self.filters, **{k: v for k, v in filters.items() if v not in (None, "")}}
        return replace(self, filters=merged)


def normalise_question(text: str) -> str:
    """NFKC and trimmed; quotes unified."""
    return unicodedata.normalize("NFKC", text).strip()


def named_places(text: str, gazetteer: Gazetteer | None = None) -> list[Place]:
    """Gazetteer places named in a question (Chinese names, or pinyin in an English one)."""
    g = gazetteer or load_gazetteer()
    found = [m.place for m in g.mentions(text)]
    if is_english(text):
        romanised = _romanised(g)
        for word in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text):  # 'Zheng-Luo-Xin' too
            place = romanised.get(word.replace("-", "").lower())
            if place is not None:
                found.append(place)
        found += _english_counties(text, g, found)
    return list(dict.fromkeys(found))


_COUNTY_EN = re.compile(r"\b([A-Za-z]+(?:-[A-Za-z]+)*)\s+(?:District|County)\b", re.IGNORECASE)


def _english_counties(text: str, g: Gazetteer, found: list[Place]) -> list[Place]:
    """'Siming District (of Xiamen)' → 思明区: the county of that sound inside a place the
    question names, or the only one there is."""
    out = []
    for m in _COUNTY_EN.finditer(text):
        candidates = _romanised_counties(g).get(m.group(1).replace("-", "").lower(), [])
        inside = [p for p in candidates if any(a in found for a in g.ancestors(p))]
        out += inside[:1] or (candidates if len(candidates) == 1 else [])
    return out


def without_place_names(text: str) -> str:
    """An English question with the (pinyin) place names left out: they locate, not describe."""
    romanised = _romanised(load_gazetteer())
    return re.sub(
        r"[A-Za-z]+(?:-[A-Za-z]+)*",
        lambda m: "" if m.group().replace("-", "").lower() in romanised else m.group(),
        text,
    )


@lru_cache(maxsize=1)
def _romanised(g: Gazetteer) -> dict[str, Place]:
    return g.romanised()


@lru_cache(maxsize=1)
def _romanised_counties(g: Gazetteer) -> dict[str, list[Place]]:
    return g.romanised_counties()


def most_specific(places: list[Place], g: Gazetteer | None = None) -> list[Place]:
    """Named places without those that are only the parent of another named one."""
    g = g or load_gazetteer()
    parents = {a for p in places for a in g.ancestors(p)}
    return [p for p in places if p not in parents]


def find_cities(
    text: str, known: Iterable[str], places: list[Place] | None = None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(indexed places named, other places named) in order of appearance; 'X市' names that
    the gazetteer does not know count as other places too."""
    known = sorted(set(known), key=len, reverse=True)
    places = named_places(text) if places is None else places
    if places:
        shorts = [p.short for p in places]
        indexed = tuple(s for s in shorts if s in known)
        extra = tuple(c for c in _known_in(text, known) if c not in indexed)
        others = tuple(s for s in shorts if s not in known)
        return (*indexed, *extra), others
    known_found = _known_in(text, known)
    masked = text
    for city in known:
        masked = masked.replace(city, "｜")
    unknown = []
    starts = word_starts(masked)
    for m in _CITY_SUFFIX.finditer(masked):
        name = _trim_city_name(m.group(1))
        begins = m.end(1) - len(name)
        # '知识产权强市' is no city '识产权强': a name starts where a word starts
        if name and name not in known and begins in starts:
            unknown.append(name)
    return known_found, tuple(dict.fromkeys(unknown))


def _known_in(text: str, known: list[str]) -> tuple[str, ...]:
    """Indexed place names (also ones the gazetteer lacks, such as 某市) in order of appearance."""
    found: list[tuple[int, str]] = []
    for city in known:
        found += [(m.start(), city) for m in re.finditer(re.escape(city), text)]
    return tuple(dict.fromkeys(c for _, c in sorted(found)))


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
    g = load_gazetteer()
    places = named_places(text, g)
    cities, unknown = find_cities(text, known_cities, places)
    types = tuple(
        t for pattern, t in _DOC_TYPES if re.search(pattern, text) and t in set(doc_types)
    )
    plain = [c for c in cities if g.get(c) is None]  # indexed names the gazetteer lacks (某市)
    wanted, english = wanted_type(text), is_english(text)
    return QueryInfo(
        places=tuple(dict.fromkeys([*cities, *unknown])),
        place_paths=(*(g.path(p) for p in most_specific(places, g)), *plain),
        answer_type=wanted,
        english=english,
        text=text,
        cities=cities,
        unknown_cities=unknown,
        years=tuple(dict.fromkeys(int(y) for y in _YEAR.findall(text))),
        periods=tuple(p for p in PERIODS if p in text),
        doc_types=types,
        kind=question_kind(text),
        wants_amount=bool(_AMOUNT.search(text)) or (english and wanted in _FIGURE_TYPES),
        is_followup=bool(_FOLLOWUP.search(text))
        and (len(text) <= 16 or bool(_LONG_FOLLOWUP.match(text))),
    )


def with_own_type(info: QueryInfo, followup: str) -> QueryInfo:
    """A follow-up that says what kind of answer it wants ('那这笔经费能挪作他用吗？' asks yes or
    no) keeps that kind, although its rewritten question still holds the previous one's
    wording ('…比例要求是多少'); one that does not ('那授权呢？') keeps the previous kind."""
    own = wanted_type(normalise_question(followup))
    if own == "fact" or own == info.answer_type:
        return info
    amount = bool(_AMOUNT.search(followup)) or (info.english and own in _FIGURE_TYPES)
    return replace(info, answer_type=own, wants_amount=amount)


def rewrite_followup(question: str, previous: str, known_cities: Iterable[str]) -> str:
    """Make a follow-up standalone: what it names replaces the previous question's ones.

    Places, years and periods it names replace the previous ones; a word of a facet group
    (申请/授权, 目标/实际, 施行/通过 … in `data/facets.yaml`) replaces its alternative. So
    "那授权呢？" after "长春2019年外观设计专利申请多少件？" asks "长春2019年外观设计专利授权多少件？".
    The follow-up's own words are kept after the rewritten question.
    """
    q = normalise_question(question)
    prev = normalise_question(previous)
    if named_places(q) or find_cities(q, known_cities)[0]:
        prev_names = [p.short for p in named_places(prev)] + list(
            find_cities(prev, known_cities)[0]
        )
        for old in sorted(set(prev_names), key=len, reverse=True):
            prev = re.sub(re.escape(old) + "[市省]?", "", prev)
    if _YEAR.search(q) or any(p in q for p in PERIODS):
        prev = _YEAR.sub("", prev)
        for period in PERIODS:
            prev = prev.replace(f"“{period}”", "").replace(period, "")
        prev = re.sub(r"^年|(?<=[^\d])年(?=[^\d度])", "", prev, count=1)
    prev = swap_facets(q, prev)
    topic = re.sub(r"^(?:那么?|其中|还有|另外|它|该)|呢?[？?]$", "", q).strip()
    return f"{topic} {prev} {q}".strip()


def new_words(followup: str, previous: str) -> tuple[str, ...]:
    """Words (two characters or more) of a follow-up that the previous question lacks:
    '风险基金' in '那风险基金呢？' after '…质押融资每年要达到多少？'."""
    before = tokenize(previous)
    return tuple(w for w in dict.fromkeys(tokenize(followup)) if len(w) > 1 and w not in before)


def with_previous_place(question: str, previous: str, known_cities: Iterable[str]) -> str:
    """A complete question that names no place, asked after one that did, keeps that place."""
    places = [p.short for p in named_places(normalise_question(previous))]
    places = places or list(find_cities(previous, known_cities)[0])
    return f"{''.join(dict.fromkeys(places))} {question}" if places else question


def swap_facets(question: str, previous: str) -> str:
    """Replace in `previous` the alternatives of facet words the follow-up names."""
    for group in _facets():
        named = [w for w in sorted(group, key=len, reverse=True) if w in question]
        if not named or named[0] in previous:
            continue
        for other in group:
            if other != named[0] and other not in named[0] and other in previous:
                previous = previous.replace(other, named[0])
    return previous


@lru_cache(maxsize=1)
def _facets() -> tuple[tuple[str, ...], ...]:
    path = Path(__file__).with_name("data") / "facets.yaml"
    groups = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
        raise ValueError(f"{path}: expected a list of word lists")
    return tuple(tuple(str(w) for w in g) for g in groups)
