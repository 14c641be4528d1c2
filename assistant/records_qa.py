"""List-style questions answered from structured records, every line cited to its sentence.

"邵阳十四五规划有哪些量化指标？", "衡阳十三五目标完成了吗？", "有哪些发明专利相关的资助？"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from assistant.answer import Answer, Citation, page_of
from assistant.lexical import squash, tokenize
from assistant.query import QueryInfo
from assistant.retrieval import KnowledgeIndex
from assistant.tracker import NO_DATA, TargetStatus, format_value, track
from vectorstore.records import RecordStore

_TARGET_LIST = re.compile(r"量化指标|哪些(?:主要)?(?:目标|指标)|(?:目标|指标)有哪些|定了哪些目标")
_ONE_TARGET = re.compile(r"目标|要达到|计划达到|力争|预期")
_NOT_A_VALUE = re.compile(r"为什么|为何|原因|如何|怎样|怎么|哪些")
_STATUS = re.compile(r"完成了吗|完成了没有|是否完成|完成情况|达到了吗|实现了吗|达标")
_SUBSIDY_LIST = re.compile(
    r"(?:哪些|什么)(?!人|条件|单位|企业可以).{0,12}(?:资助|补贴|奖励|补助)|(?:资助|补贴|奖励|补助).{0,6}(?:有哪些|政策)"
)
_EXCLUDED = re.compile(r"不予|不得|不能|不可|取消|追回|情形")  # who is NOT paid: the articles say
_GENERIC_WORDS = set(
    [
        "目标",
        "指标",
        "量化",
        "完成",
        "规划",
        "哪些",
        "相关",
        "资助",
        "补贴",
        "奖励",
        "补助",
        "政策",
        "情况",
        "十三五",
        "十四五",
    ]
)
_REACHES = re.compile(r"^\s*(?:达到|达|增至|增加到|提高到|提升到|突破)")
_LIST_NUMBER = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,2}[)）]|[一二三四五六七八九十\d]{1,2}[、.．])\s*"
)
MAX_LINES = 20

Row = dict[str, Any]


class RecordAnswerer:
    """Answers from the records table when the question asks for a list of them."""

    def __init__(self, records: RecordStore, index: KnowledgeIndex) -> None:
        self.records = records
        self.index = index

    def answer(self, info: QueryInfo) -> Answer | None:
        """An answer, or None when the question is not a records question (or none match)."""
        city = str(info.filters.get("city") or (info.cities[0] if info.cities else "")) or None
        if _SUBSIDY_LIST.search(info.text) and not _EXCLUDED.search(info.text):
            rows = self.records.query("subsidy", city) + self.records.query("measure", city)
            rows = self._filtered(sorted(rows, key=lambda r: (r["doc_id"], r["start"])), info)
            return self._compose(
                info, [(self._subsidy_line(r), [r]) for r in rows], "资助和奖励项目"
            )
        if city is None:
            return None
        one = _ONE_TARGET.search(info.text) and not _NOT_A_VALUE.search(info.text)
        if one and not _TARGET_LIST.search(info.text) and not _STATUS.search(info.text):
            tables = [r for r in self.records.query("target", city) if r.get("baseline_year")]
            row = _one_target(tables, info)  # table rows: columns the sentence reader can't tell
            if row is not None:
                return self._single(info, row)
        if _STATUS.search(info.text):
            statuses = [
                t for t in track(self.records.query(city=city)) if _in_period(t.target, info)
            ]
            statuses = [t for t in statuses if _mentions(t.target, info)] or statuses
            lines = [
                (_status_line(t), [t.target, *([t.outcome] if t.outcome else [])]) for t in statuses
            ]
            return self._compose(info, lines, "目标完成情况")
        if _TARGET_LIST.search(info.text):
            rows = [r for r in self.records.query("target", city) if _in_period(r, info)]
            rows.sort(
                key=lambda r: (r.get("baseline") is None, r.get("start") or 0)
            )  # tables first
            lines = [  # only the lines shown are quoted: each looks up its chunk
                (self._quoted_target_line(r) if n < MAX_LINES else "", [r])
                for n, r in enumerate(rows)
            ]
            return self._compose(info, lines, "量化目标")
        return None

    def _filtered(self, rows: list[Row], info: QueryInfo) -> list[Row]:
        words = [w for w in _topic_words(info) if not any(c in w for c in info.cities)]
        return [
            r
            for r in rows
            if not words or any(w in f"{r['indicator']}{r['sentence']}" for w in words)
        ]

    def _compose(
        self, info: QueryInfo, lines: list[tuple[str, list[Row]]], what: str
    ) -> Answer | None:
        if not lines:
            return None
        citations: list[Citation] = []
        numbered: dict[tuple[str, tuple[int, int]], int] = {}
        body = []
        for text, sources in lines[:MAX_LINES]:
            marks = []
            for row in sources:
                citation = self._citation(len(citations) + 1, row)
                if citation is None:
                    continue
                key = (citation.doc_id, citation.span)  # one number per cited sentence
                if key not in numbered:
                    numbered[key] = citation.n
                    citations.append(citation)
                marks.append(f"[{numbered[key]}]")
            body.append(f"- {text}{''.join(dict.fromkeys(marks))}")
        scope = "、".join(dict.fromkeys(c.city for c in citations)) or "已收录文件"
        period = f"“{info.periods[0]}”" if info.periods else ""
        more = (
            "\n（未全部列出，完整列表见“规划承诺”“资助政策”页）" if len(lines) > MAX_LINES else ""
        )
        text = f"根据已收录文件，{scope}{period}{what}如下：\n" + "\n".join(body) + more
        return Answer(text, citations, found=True, mode="records")

    def _citation(self, n: int, row: Mapping[str, Any]) -> Citation | None:
        """Cite the chunk holding the record's sentence, with the record's span highlighted."""
        start, end = int(row["start"]), int(row["end"])
        for chunk in self.index.chunks_of(str(row["doc_id"])):
            m: dict[str, Any] = dict(chunk.metadata)
            if m.get("kind") == "outline" or not int(m["start"]) <= start < int(m["end"]):
                continue
            offset = start - int(m["start"])
            sentence = str(row.get("sentence") or "")
            found = chunk.text.find(sentence, max(0, offset - len(sentence)))
            if sentence and found >= 0:  # cite the whole sentence, not just the clause
                offset, start, end = (
                    found,
                    int(m["start"]) + found,
                    int(m["start"]) + found + len(sentence),
                )
            snippet = chunk.text[offset : offset + end - start]
            clause = (int(row["start"]), int(row["end"]))  # the record's own clause, highlighted
            year = m.get("year")
            return Citation(
                n, str(m.get("source", "")), str(m.get("title", "")), str(m.get("city", "")),
                int(year) if year is not None else None, str(m.get("section", "")), (start, end),
                snippet, chunk.text, int(m["start"]), str(row["doc_id"]), chunk.id,
                answer_span=clause, page=page_of(m, start), ocr=bool(m.get("ocr")),
            )  # fmt: skip
        return None

    def _single(self, info: QueryInfo, row: Row) -> Answer | None:
        """One target value, stated first, with its row or sentence cited."""
        citation = self._citation(1, row)
        if citation is None:
            return None
        text = (
            f"**{value_words(row)}**\n根据{row['city']}《{row['title']}》：{_target_line(row)}[1]"
        )
        return Answer(text, [citation], found=True, mode="records")

    def _quoted_target_line(self, r: Row) -> str:
        """A target in the document's own words, with the indicator it was read as; planning
        table rows (baseline and target in columns) keep the structured line."""
        if r.get("baseline") is not None:
            return _target_line(r)
        citation = self._citation(0, r)
        quote = _clause_words(r, citation) if citation is not None else ""
        if not quote:
            return _target_line(r)
        label = [] if squash(str(r["indicator"])) in squash(quote) else [str(r["indicator"])]
        label += [f"{r['year']}年"] if r.get("year") else []
        return f"{quote}（{'，'.join(label)}）" if label else quote

    @staticmethod
    def _subsidy_line(r: Row) -> str:
        amount = value_words(r) if r.get("value") is not None else "金额未载明"
        condition = f"；条件：{r['conditions']}" if r.get("conditions") else ""
        return f"{r['city']} · {r['indicator']}：{amount}{condition}"


def _one_target(rows: list[Row], info: QueryInfo) -> Row | None:
    """The one planning-table target of the asked year or period whose indicator the question
    names; None when none or several different values fit (the passages then decide)."""
    if not info.years and not info.periods:
        return None
    question = squash(info.text).upper()
    fitting = [
        r
        for r in rows
        if (not info.years or r.get("year") in info.years)
        and _in_period(r, info)
        and squash(str(r["indicator"])).upper() in question
        and squash(value_words(r)).upper() not in question  # the question already says it
    ]
    longest = max((len(str(r["indicator"])) for r in fitting), default=0)
    best = [r for r in fitting if len(str(r["indicator"])) == longest]
    values = {(r["value"], r["unit"]) for r in best}
    return best[0] if len(values) == 1 else None


def _in_period(row: Mapping[str, Any], info: QueryInfo) -> bool:
    return not info.periods or info.periods[0] in str(row.get("period") or "")


def _topic_words(info: QueryInfo) -> list[str]:
    """Question words that name what is asked about (not 目标, 完成, 资助 …)."""
    return [w for w in tokenize(info.text) if len(w) > 1 and w not in _GENERIC_WORDS]


def _mentions(row: Mapping[str, Any], info: QueryInfo) -> bool:
    return any(w in str(row.get("indicator")) for w in _topic_words(info))


def _target_line(r: Row) -> str:
    baseline = (
        f"，基数 {format_value({'value': r['baseline']})}（{r['baseline_year']}年）"
        if r.get("baseline") is not None
        else ""
    )
    deadline = f"（{r['year']}年）" if r.get("year") else ""
    return f"{r['indicator']}：目标 {value_words(r)}{deadline}{baseline}"


def _clause_words(r: Mapping[str, Any], citation: Citation) -> str:
    """The clause a record was read from, without list numbering or closing punctuation; the
    whole sentence when the clause only says '达到 5 件' (its subject stands before it)."""
    start = int(r["start"]) - citation.span[0]
    clause = citation.snippet[max(0, start) : start + int(r["end"]) - int(r["start"])]
    if _REACHES.match(clause) or not clause.strip():
        clause = citation.snippet
    clause = _LIST_NUMBER.sub("", clause, count=1)
    return clause.strip().rstrip("，,；;。、：: ")


def value_words(r: Mapping[str, Any]) -> str:
    """The figure as the document words it ('超1.5亿元以上', '85%以上', '1.5万人左右'); a bare
    table cell ('35') gets its unit; layout spaces ('3000 元') go."""
    text = re.sub(r"\s+", "", str(r.get("value_text") or ""))
    if text and re.search(r"[^\d.\s]", text):
        return text
    return f"{format_value(r)}{r.get('unit') or ''}"


def _status_line(t: TargetStatus) -> str:
    target = _target_line(t.target)
    if t.outcome is None:
        return f"{target}；文件中没有对应的实际值 → {NO_DATA}"
    o = t.outcome
    return f"{target}；实际 {format_value(o)}{o['unit']}（{o.get('period') or o.get('year')}）→ {t.status}"
