"""What kind of answer a question wants, and the spans of that kind in a sentence.

Question cues are data (`data/answer_types.yaml`); spans are found by a few general patterns
over numbers (Arabic or Chinese numerals, normalised with cn2an), units and dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data")
_CN_NUM = "〇零一二两三四五六七八九十百千万亿半"
_CN_DIGIT = "〇零一二两三四五六七八九十百千半"  # a Chinese number starts with one ('万人' is none)
_NUM = rf"(?:\d+(?:[.,]\d+)*|[{_CN_DIGIT}][{_CN_NUM}]*(?:点[{_CN_NUM}]+)?)"
_MONEY_UNIT = r"(?:万元|亿元|千元|百元|元)"
_COUNT_UNIT = r"(?:件|个(?![月工]|百分点)|家|项|人次|人|名|次|起|所|座|批|户|台|套|篇|条|家次|平方米|亩|万人|支|期|场|位)"
_TIME_UNIT = r"(?:个?工作日|日|天|个月|周|年|小时)"
_ABOUT = r"(?:\s*[余多])?"  # '5000余人次', '100多万元'
_QUALIFIER = r"(?:不少于|不低于|不超过|不高于|最高|最低|最多|最少|以上|以下|以内|左右|余|多)"
_SPANS: dict[str, re.Pattern[str]] = {
    "money": re.compile(
        rf"{_QUALIFIER}?{_NUM}{_ABOUT}\s*{_MONEY_UNIT}(?:{_QUALIFIER})?"
        rf"(?:\s*(?:至|到|-|～|~)\s*{_NUM}\s*{_MONEY_UNIT}(?:{_QUALIFIER})?)?"
        rf"|{_NUM}\s*{_MONEY_UNIT}以上\s*{_NUM}\s*{_MONEY_UNIT}以下"
    ),
    "count": re.compile(rf"{_QUALIFIER}?{_NUM}{_ABOUT}\s*{_COUNT_UNIT}(?:{_QUALIFIER})?"),
    "percent": re.compile(
        rf"{_QUALIFIER}?(?:百分之{_NUM}|{_NUM}\s*(?:%|％|‰|成|倍|个百分点))(?:{_QUALIFIER})?"
    ),
    "date": re.compile(
        rf"(?:自|于)?(?:\d{{4}}|[{_CN_NUM}]{{4}})\s*年(?:\s*{_NUM}\s*月(?:\s*{_NUM}\s*日)?)?(?:起施行|起实施|施行|通过|修订|修正)?"
        rf"|(?:每年|当年|次年|去年|今年|明年)?\s*{_NUM}\s*月(?:\s*{_NUM}\s*日)?"
        rf"(?:\s*(?:至|到|-|－|—|～|~)\s*(?:{_NUM}\s*月\s*)?{_NUM}\s*日)?(?:前|之前|以前|起|底|末|初)?"
        r"|自?公布之日起施行|自?发布之日起施行"
    ),
    "duration": re.compile(
        rf"(?:自[^，。；]{{1,30}}?之日起|之日起)?{_QUALIFIER}?{_NUM}\s*{_TIME_UNIT}(?:内|以内|之内|以上|后|届满)?"
    ),
    "range": re.compile(
        rf"{_NUM}\s*(?:{_MONEY_UNIT}|{_COUNT_UNIT}|%|％)?以上\s*{_NUM}\s*(?:{_MONEY_UNIT}|{_COUNT_UNIT}|%|％)?以下"
        rf"|{_NUM}\s*(?:{_MONEY_UNIT}|%|％)?\s*(?:至|到|-|～|~)\s*{_NUM}\s*(?:{_MONEY_UNIT}|%|％|倍)"
    ),
    "who": re.compile(
        r"[\u4e00-\u9fff（）()]{2,24}?(?:行政主管部门|主管部门|管理部门|行政部门|部门|人民政府|政府|委员会|局|厅|办公室|中心|机构|法院|检察院|管委会|管理机构)"
    ),
    "yesno": re.compile(
        r"(?:可以|应当|不得|禁止|有权|不予|予以|鼓励|允许|支持|必须|不应|免于|无需|需要|须)[^，。；]{0,40}"
    ),
}
# Types whose answer must be a span of that type in the cited sentence; abstain otherwise.
STRICT = frozenset({"money", "count", "percent", "date", "duration", "range"})
_CONJUNCTION = re.compile(r"\s*(?:和|与|及|、|或者?)\s*")
_DATE_ONLY = re.compile(rf"^(?:\d{{4}}|[{_CN_NUM}]{{4}})\s*年$")


@dataclass(frozen=True)
class TypeRule:
    """Question cues for one answer type."""

    type: str
    zh: re.Pattern[str] | None
    en: re.Pattern[str] | None


@lru_cache(maxsize=1)
def _rules() -> tuple[TypeRule, ...]:
    path = DATA / "answer_types.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a list of answer types")
    rules = []
    for entry in raw:
        if "type" not in entry:
            raise ValueError(f"{path}: entry without 'type': {entry}")
        zh, en = entry.get("zh"), entry.get("en")
        rules.append(
            TypeRule(
                str(entry["type"]),
                re.compile(zh) if zh else None,
                re.compile(en, re.I) if en else None,
            )
        )
    return tuple(rules)


def is_english(text: str) -> bool:
    """Mostly Latin letters and no more than a few CJK characters."""
    latin = len(re.findall(r"[A-Za-z]", text))
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    return latin >= 8 and cjk <= latin // 8


def wanted_type(question: str) -> str:
    """money / count / percent / date / duration / range / who / yesno / list / comparison /
    fact, from the question's wording."""
    english = is_english(question)
    asked = _without_conditions(question, english)
    for rule in _rules():
        pattern = rule.en if english else rule.zh
        if pattern is not None and pattern.search(asked):
            return rule.type
    return "fact"


# "判决生效后，…能罚多少" / "when a university implements …, what share": a clause that sets a
# condition (ending in 后/时 or opened by when/if, closed by a comma) is not what is asked
_CONDITION_ZH = re.compile(r"[^，,。？?；;]*(?:后|以后|之后|时|的时候)[，,]")
_CONDITION_EN = re.compile(r"\b(?:when|if|once|after|where)\b[^,?]*,\s*", re.IGNORECASE)


def _without_conditions(question: str, english: bool) -> str:
    """The question without its conditional clauses (unless nothing else is left)."""
    pattern = _CONDITION_EN if english else _CONDITION_ZH
    rest = pattern.sub("", question)
    return rest if len(rest.strip(" ，,？?")) >= 4 else question


ILLEGIBLE = "□"  # how ingest keeps a font-private glyph found inside a figure
ILLEGIBLE_WARNING = "原文中有数字含无法识别的字符（□），请以原件核对该数字。"
_ILLEGIBLE_FIGURE = re.compile(rf"\d{ILLEGIBLE}|{ILLEGIBLE}\d")
PLACEHOLDER = re.compile(
    r"[XxＸｘ×]{2,}\s*(?:%|％|件|个|家|人次|人|起|万元|亿元|元|倍|次|项|名|位)"
)


def find_spans(sentence: str, answer_type: str) -> list[tuple[int, int]]:
    """Spans of the wanted kind in a sentence (bare years do not count as dates or counts; a
    placeholder such as 'XXX件' counts, so that it is reported as withheld, not missing, and so
    does a figure with an unreadable glyph, so that it is quoted with a warning)."""
    pattern = _SPANS.get(answer_type)
    if pattern is None:
        return []
    spans = []
    if answer_type in ("money", "count", "percent"):
        spans += [m.span() for m in PLACEHOLDER.finditer(sentence)]
    for m in pattern.finditer(sentence):
        text = m.group(0).strip()
        if not text or (answer_type == "date" and _DATE_ONLY.match(text)):
            continue
        if answer_type in ("count", "duration") and re.fullmatch(r"\d{4}\s*年", text):
            continue
        if answer_type == "count" and _is_article_number(sentence, m.start(), text):
            continue
        spans.append(m.span())
    return spans


def has_illegible_figure(text: str) -> bool:
    """Whether a figure in the text has an unreadable glyph inside ('1□70元')."""
    return bool(_ILLEGIBLE_FIGURE.search(text))


def touches_illegible(sentence: str, span: tuple[int, int]) -> bool:
    """'1□70元': ingest kept an unreadable glyph inside the figure, so no part of it is a value."""
    return ILLEGIBLE in sentence[max(0, span[0] - 1) : span[1] + 1]


def _is_article_number(sentence: str, start: int, text: str) -> bool:
    """'第二十七条' numbers an article (条/款/项/章/节), it counts nothing."""
    return sentence[max(0, start - 1) : start] == "第" and text.endswith(
        ("条", "款", "项", "章", "节")
    )


# A question asking for a sum or a count is also answered by a percentage or a range
# ("奖励多少" → "不低于百分之七十"); a range question by a sum or a percentage.
_QUANTITY_WORDS = r"(?:数量|件数|个数|人数|申请量|授权量|拥有量|注册量)"
_RELATED = {
    "range": ("money", "percent"),
    "money": ("range", "percent"),
    "count": ("percent", "money", "range"),
}
_COUNTED = re.compile(rf"(?:多少|几)\s*{_COUNT_UNIT}|{_QUANTITY_WORDS}")
_QUANTITY = re.compile(
    r"(?<![率比])(?:量|数量|件数|个数|人数)(?!.{0,6}(?:率|比例|比重|占比|增长|增速))"
)
# Events a date answers ("什么时候施行" wants the date of 施行, not of 通过).
_EVENTS = (
    ("施行", "实施", "生效"),
    ("通过", "批准", "审议"),
    ("修订", "修正", "修改"),
    ("公布", "发布", "印发"),
)


_EN_EVENTS = (
    (re.compile(r"effect|in(?:to)? force|effective|implement", re.I), _EVENTS[0]),
    (re.compile(r"adopt|pass(?:ed)?\b|approv", re.I), _EVENTS[1]),
    (re.compile(r"revis|amend", re.I), _EVENTS[2]),
    (re.compile(r"publish|promulgat|issued", re.I), _EVENTS[3]),
)


def asked_events(question: str) -> tuple[str, ...]:
    """The event words of the group a date question names, or () when it names none."""
    for group in _EVENTS:
        if any(word in question for word in group):
            return group
    for pattern, group in _EN_EVENTS:
        if is_english(question) and pattern.search(question):
            return group
    return ()


def best_span(
    sentence: str, answer_type: str, question: str = "", near: Sequence[str] = ()
) -> tuple[int, int] | None:
    """The span of the wanted kind (else of a related kind) that follows the question's words
    most closely ('外观设计902件' for 外观设计 in '发明专利2600件…外观设计902件'), then the
    longest (ranges and qualified amounts beat bare numbers); a date must be the date of the
    event the question names."""
    spans = find_spans(sentence, answer_type)
    if answer_type == "date" and (events := asked_events(question)):
        spans = [s for s in spans if _dates_event(sentence, s, events)]
    for related in _RELATED.get(answer_type, ()):
        if related == "percent" and answer_type == "count" and _QUANTITY.search(question):
            continue  # '授权量' asks for a quantity, which a rate ('授权率 15%') does not give
        spans = spans or find_spans(sentence, related)
    if not spans:
        return None
    if answer_type == "who":
        return spans[0]
    if answer_type == "count" and near and not _COUNTED.search(question):
        spans += find_spans(sentence, "money")  # a bare 多少 may ask for a sum the clause names
    if answer_type == "date":  # its event follows it ('2010年12月24日 …会议通过'): longest
        best = max(spans, key=lambda s: (_clause_match(sentence, s, near), s[1] - s[0]))
        return _with_coordinated(sentence, best, spans)
    asked = sorted(set(_HAN.findall(question)))  # single characters: 市 and 区 tell clauses apart
    best = max(
        spans,
        key=lambda s: (
            _clause_match(sentence, s, near),
            _clause_match(sentence, s, asked),  # '市财政…70元' over '区财政…2元' for 市财政
            -_distance(sentence, s, near),  # '30个工作日内完成审核' before '审核结果…公示5个工作日'
            _lead_in_match(sentence, s, spans, near),  # '对…发明专利，每件资助8000元；…'
            s[1] - s[0],
        ),
    )
    return _with_coordinated(sentence, best, spans)


_STOPS = "，,；;、：:。"
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _with_coordinated(
    sentence: str, span: tuple[int, int], spans: Sequence[tuple[int, int]]
) -> tuple[int, int]:
    """The span extended over figures joined to it by a bare conjunction: '分别不低于百分之六和
    百分之四' is one answer, and its first half alone would be a wrong figure for the second."""
    start, end = span
    for other in sorted(spans):
        if other[0] >= end and _CONJUNCTION.fullmatch(sentence[end : other[0]]):
            end = other[1]
    for other in sorted(spans, reverse=True):
        if other[1] <= start and _CONJUNCTION.fullmatch(sentence[other[1] : start]):
            start = other[0]
    return start, end


def _clause_match(
    sentence: str, span: tuple[int, int], words: Sequence[str], stops: str = _STOPS
) -> int:
    """Characters of question words in the clause that leads to the span ('外观设计' in
    '…，外观设计902件' beats '专利' in '发明专利2600件'), and for a deadline ('…30个工作日内')
    in the event after it ('内完成审核'); with `stops` '；;。' in the part of the sentence that
    leads to it (the condition before '，每件资助8000元')."""
    clause = sentence[_clause_start(sentence, span, stops) : _deadline_end(sentence, span)]
    return sum(len(w) for w in words if w in clause)


def _lead_in_match(
    sentence: str, span: tuple[int, int], spans: Sequence[tuple[int, int]], words: Sequence[str]
) -> int:
    """Characters of question words between the figure before the span (or the last ；) and
    the span: the condition that leads to this figure and no other."""
    start = max([_clause_start(sentence, span, "；;。"), *(e for _, e in spans if e <= span[0])])
    lead = sentence[start : span[0]]
    return sum(len(w) for w in words if w in lead)


def _distance(sentence: str, span: tuple[int, int], words: Sequence[str]) -> int:
    """Characters between the span and the nearest question word of its clause (a large
    number when none)."""
    start, end = _clause_start(sentence, span), _deadline_end(sentence, span)
    gaps = [span[0] - (i + len(w)) for w in words if (i := sentence.rfind(w, start, span[0])) >= 0]
    gaps += [i - span[1] for w in words if (i := sentence.find(w, span[1], end)) >= 0]
    return min(gaps, default=len(sentence))


def _clause_start(sentence: str, span: tuple[int, int], stops: str = _STOPS) -> int:
    """Where the clause (or with `stops` '；;。' the part of the sentence) leading to a span begins."""
    return max(sentence.rfind(p, 0, span[0]) for p in stops) + 1


def _deadline_end(sentence: str, span: tuple[int, int]) -> int:
    """Where the clause of a deadline ('…之日起30个工作日内') ends: its event follows it."""
    if not sentence[: span[1]].endswith("内"):
        return span[1]
    ends = [i for p in _STOPS if (i := sentence.find(p, span[1])) >= 0]
    return min(ends, default=len(sentence))


def _dates_event(sentence: str, span: tuple[int, int], events: tuple[str, ...]) -> bool:
    """Whether the text from the date to the next date (at most 60 characters) names the event."""
    tail = sentence[span[0] : span[1] + 60]
    nxt = _SPANS["date"].search(tail, span[1] - span[0])
    tail = tail[: nxt.start()] if nxt else tail
    return any(word in tail for word in events)
