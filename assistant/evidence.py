"""Candidate evidence: sentences of passages with spans, and checks on them (figures, named
terms, the asked-for measure next to a figure)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from assistant.answer_types import PLACEHOLDER
from assistant.lexical import tokenize
from assistant.query import QueryInfo
from assistant.retrieval import Passage
from assistant.synonyms import load_synonyms

_SENTENCE = re.compile(r"[^。！？\n]+(?:[。！？]+[”’」』）)]*|\n|$)")
_CLAUSE = re.compile(r"[^；;]+(?:[；;]|$)")
_LONG_SENTENCE = 160  # longer sentences are split further at semicolons
_UNIT = r"(?:%|％|件|个|家|人次|人|起|万元|亿元|元|倍|次|项|名|所|分|位|个月|月|年|天|亿|万)"
_HAS_FIGURE = re.compile(
    rf"\d+(?:\.\d+)?\s*{_UNIT}|[一二两三四五六七八九十百千]+{_UNIT}|\d+\.\d+|[:：]\s*\d+"
)
_DATES = re.compile(
    r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月)?|(?<!个)\d{1,2}\s*(?:-\s*\d{1,2}\s*)?月(?:底|份|初|末)?|\d{1,2}\s*日"
)
_DATE_WORD = re.compile(r"年|截至|截止|今年|去年|明年|目前|期间|\d{4}年")

Idf = Callable[[str], float]


@dataclass
class Evidence:
    """A candidate sentence with its absolute span and score."""

    passage: Passage
    text: str
    start: int  # absolute span in the cleaned document text
    end: int
    score: float = 0.0
    coverage: float = 0.0
    similarity: float = 0.0  # dense similarity of the sentence to the question
    answer_span: tuple[int, int] | None = None  # the wanted answer inside `text`
    lead_in: str = ""  # the sentence a '其中：…' sentence continues
    features: dict[str, float] = field(default_factory=dict)


@dataclass
class Extract:
    """The chosen evidence; `coverage` says how much of the question it answers (0..1)."""

    evidence: list[Evidence]
    coverage: float
    is_list: bool = False
    decision: dict[str, float] = field(default_factory=dict)  # features for answer-or-abstain
    candidates: list[Evidence] = field(default_factory=list)  # every scored sentence, best first


def split_evidence(passage: Passage) -> list[Evidence]:
    """Sentences of a passage with absolute spans (an outline is one piece)."""
    base = int(passage.metadata.get("start", 0))
    if passage.metadata.get("kind") == "outline":
        end = int(passage.metadata.get("end", base))
        return [Evidence(passage, passage.text, base, end)]
    out = []
    for m in _SENTENCE.finditer(passage.text):
        pieces = [m]
        if len(m.group(0)) > _LONG_SENTENCE and not m.group(0).startswith("目录"):
            pieces = list(_CLAUSE.finditer(passage.text, m.start(), m.end()))
        for piece in pieces:
            text = piece.group(0).strip()
            if len(text) >= 2:
                offset = piece.start() + (len(piece.group(0)) - len(piece.group(0).lstrip()))
                out.append(Evidence(passage, text, base + offset, base + offset + len(text)))
    return out


def has_figure(text: str) -> bool:
    """Whether a sentence states a figure (Arabic or Chinese numerals with a unit); dates such
    as '2019年' or '1-11 月' do not count."""
    return bool(_HAS_FIGURE.search(_DATES.sub(" ", text)))


def has_placeholder(text: str) -> bool:
    """Whether a sentence hides its figure behind a placeholder such as 'XXX件'."""
    return bool(PLACEHOLDER.search(text))


_MEASURE = re.compile(
    r"([^，,。？?、：:的]{2,24}?)(?:是|有|为|达到|要达到|共|一共|总共|累计)?(?:多少|几[个家件次起项人年])"
)


_GENERIC_MEASURE = frozenset(
    [
        "目标",
        "基数",
        "数量",
        "总数",
        "情况",
        "要求",
        "计划",
        "已经",
        "一共",
        "具体",
        "大概",
        "多少",
        "分别",
        "实际",
    ]
)


def measure_terms(query: QueryInfo) -> list[str]:
    """Topic words of the thing a figure question asks for ('有效注册商标总量' → 有效, 注册 …).

    The words just before 多少 name it; when they are only generic ('…商标注册量的目标是多少'),
    the phrase before the 的 does.
    """
    m = _MEASURE.search(query.text)
    if m is None:
        return []
    clause = re.split(r"[，,。？?：:；;]", query.text[: m.end(1)])[-1]
    for phrase in reversed(clause.split("的")):
        terms = [
            t
            for t in tokenize(phrase)
            if len(t) > 1 and t not in _GENERIC_MEASURE and not is_filter_token(t, query.cities)
        ]
        if terms:
            return terms
    return []


_NAMED = re.compile(r"[A-Za-z]{2,}|“([^”]{2,12})”")


def missing_named_terms(query: QueryInfo, evidence: Sequence[Evidence]) -> list[str]:
    """Latin acronyms (PCT) and quoted terms of the question that the evidence never mentions."""
    found = " ".join(
        f"{e.text} {e.passage.text} {e.passage.metadata.get('section', '')}" for e in evidence
    ).lower()
    if query.english:  # an English question's words are not names the documents must hold
        return []
    terms = [m.group(1) or m.group(0) for m in _NAMED.finditer(query.text)]
    return [t for t in terms if t.lower() not in found and t not in ("十三五", "十四五")]


def measure_coverage(query: QueryInfo, evidence: Sequence[Evidence], idf: Idf) -> float:
    """Share (idf-weighted) of the asked-for measure's words found in the evidence or its section."""
    terms = measure_terms(query)
    if not terms:
        return 1.0
    found: set[str] = set()
    for ev in (e for e in evidence if has_figure(e.text)):  # the words must sit with a figure
        m = ev.passage.metadata
        words = f"{ev.lead_in} {ev.text} {m.get('section', '')} {m.get('title', '')}"
        found |= with_synonyms(set(tokenize(words)))
    total = sum(idf(t) for t in terms) or 1.0
    return sum(idf(t) for t in terms if t in found) / total


def with_synonyms(tokens: set[str]) -> set[str]:
    """Tokens plus the question words they answer (质押 answers 抵押, 元 answers 钱 …)."""
    synonyms = load_synonyms()
    extra = {q for t in tokens for q in synonyms.get(t, ())}
    return tokens | extra


def is_filter_token(token: str, cities: Sequence[str]) -> bool:
    """Tokens that locate rather than describe the answer: cities, dates, bare numbers."""
    if (token.isdigit() and len(token) == 4) or _DATE_WORD.fullmatch(token):
        return True
    return any(city in token for city in cities)
