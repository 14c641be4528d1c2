"""Structured records from cleaned documents: targets, reported outcomes, subsidies and rewards."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ingest.awards import award_counts, parent_award
from ingest.clean import CleanDocument
from ingest.growth import Growth, growth_of, respective_rates, share_of
from ingest.indicators import (
    deals_beside,
    figure_with_modifiers,
    indicator_and_figure,
    indicator_of,
    with_readable_names,
)
from ingest.locate import other_places
from ingest.models import DocumentMeta, Record, Section
from ingest.periods import (
    dated_by_paragraph,
    figure_record,
    framing_years,
    looks_back,
    section_year,
    years_in,
)
from ingest.respective import Respective, respective_figures
from ingest.rules import LIST_ITEM, reward_rules
from ingest.subsidies import PROBLEM, SUBSIDY, subsidies
from ingest.table_rows import parse_row, row_target

RECORDS_VERSION = "30"  # bump when the rules change what is extracted: folders read again
_STATUTES = ("条例", "规定", "办法", "细则")  # lay down rules; their figures are not statistics

_TARGET_CUE = re.compile(
    r"到\s*20\d\d\s*年|力争|要达到|目标|确保|预期|计划|规划要求|缩短至|新建|培育\d|设为|不[少低]于"
)
_PAST_CUE = re.compile(
    r"截[止至]|目前|已经?|累计|同比|期间|实现|共|完成|总数|可以达到|拥有(?!量|[^，,；;]{0,10}(?:比例|率))"
)
_STRONG_PAST = re.compile(r"期间|截[止至]|目前|去年|已经|累计")
_TARGET_SECTION = re.compile(r"目标|预期指标|发展目标")
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
_CLAUSE = re.compile(r"[^；，,;、]+[；，,;、]?")
# '全省排名第3位', '居全国第5', '在全省率先突破': the place's own rank, not another place's figure
_RANK = r"(?!\s*(?:排名|第|率先|前列|领先))"
_ELSEWHERE = re.compile(
    rf"全国{_RANK}|全省{_RANK}|省内|国家\d{{4}}年|长株潭|本届"
)  # 本届: an award's round
_NATIONAL = re.compile(rf"全国{_RANK}|国家\d{{4}}年|本届")  # elsewhere for a province's document
_FORECAST = re.compile(r"可以达到|会达到|有望")
_PROJECTION = re.compile(r"如能|若能|建成后|成立后")  # what would follow, to the paragraph's end
_HYPOTHETICAL = re.compile(r"如果|假如|倘若|一旦|预计可")  # this sentence only
_FUNDS = re.compile(r"资金|经费|资助")


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
    statute = meta.doc_type in _STATUTES
    lead = ""  # the sentence introducing a list ('…给予奖励和报酬：') while its items follow
    review = False  # in a paragraph (and its list items) about a period already over
    hypothetical = False  # after '如能成立，…' in the same paragraph: projected effects
    dated: int | None = None
    for start, sentence, section in _units(_sentences(doc.text), doc):
        if start == 0 or doc.text[start - 1] == "\n":
            review = looks_back(sentence, meta) or (review and bool(LIST_ITEM.match(sentence)))
            hypothetical, dated = False, None
        dated = next(reversed(framing_years(sentence)), dated)  # '2023年，全市…' frames on
        hypothetical = hypothetical or bool(_PROJECTION.search(sentence))
        if hypothetical or _HYPOTHETICAL.search(sentence):
            continue
        lead = lead if LIST_ITEM.match(sentence) else ""
        rules = reward_rules(sentence, start, section, lead)
        if sentence.rstrip().endswith(("：", ":")):
            lead = sentence
        if sentence.strip() == meta.title:
            continue  # the title names the document's subject, it pays nothing
        if rules or statute:  # a statute's other support items have no amount: measures
            measures = [r for r in _subsidy_items(sentence, start, section) if r.kind == "measure"]
            records += rules or measures
            continue
        sentence_records = dated_by_paragraph(
            _figures(sentence, start, section, meta, action, review), dated, sentence, section, meta
        )
        action = next(
            (a for r in reversed(sentence_records) for a in ("申请", "授权") if a in r.indicator),
            action,
        )
        row = parse_row(sentence)
        if row is not None:
            records += row_target(row, sentence, start, section)
            continue
        records += _subsidy_items(sentence, start, section) + sentence_records
    return _dedupe(with_readable_names(records))


def _subsidy_items(sentence: str, start: int, section: str) -> list[Record]:
    """Subsidy items and measures a sentence names, unless it describes a problem."""
    if not SUBSIDY.search(sentence) or PROBLEM.search(sentence):
        return []
    return subsidies(sentence, start, section)


def _figures(
    sentence: str,
    start: int,
    section: str,
    meta: DocumentMeta,
    action: str = "申请",
    review: bool = False,
) -> list[Record]:
    """Targets and outcomes: one per clause holding an indicator followed by a figure;
    '其中：发明专利9215件' takes 申请 or 授权 from the figure before it."""
    out: list[Record] = []
    is_target_sentence = bool(_TARGET_CUE.search(sentence)) or bool(_TARGET_SECTION.search(section))
    previous = ""
    matches = list(_CLAUSE.finditer(sentence))
    clauses = [m.group(0) for m in matches]
    stated: dict[int, Growth] = {}  # rates stated 'respectively' for the figures before
    elsewhere = False  # a national figure opened this part of the sentence; its list goes on
    away = _NATIONAL if meta.level == "省" else _ELSEWHERE  # a province's 全省 is its own
    listed = respective_figures(sentence)
    parent = ""  # the award a bare grade ('二等奖2项') belongs to
    for at, m in enumerate(matches):
        clause = m.group(0)
        if listed and m.end() > listed[0].start and m.start() < listed[0].end:
            if m.start() <= listed[0].start:  # the clause where the statement begins
                out += _respective_records(listed, sentence, start, section, meta, away, review)
            continue
        local, previous = previous + clause, clause  # another city named here or just before
        own = re.search(r"我市|全市|本市", clause)
        national = away.search(clause)
        if national and own and national.group(0) == "本届":  # '我市…斩获本届中国专利奖'
            national = None
        if national:
            elsewhere = indicator_and_figure(clause, action) is not None
        elsewhere = elsewhere and not own
        if (
            elsewhere
            or national
            or _FORECAST.search(clause)
            or (_other_city(local, meta.city) and not own)
        ):
            elsewhere = elsewhere and not clause.rstrip().endswith(("；", ";"))
            continue  # national / provincial / other cities' figures, forecasts
        if awards := award_counts(clause, parent):  # '2项银奖以及15项优秀奖': one each
            parent = parent_award(awards, parent)
            kind = _kind(clause, sentence[: m.start()], is_target_sentence, meta, review, section)
            s, e, clause_end = start + m.start(), start + m.end(), sentence[: m.end()]
            for a in awards:
                out.append(
                    figure_record(
                        kind, a.name, a.quantity, clause_end, s, e, sentence, section, meta
                    )
                )
            continue
        if at not in stated:
            stated = respective_rates(clauses, at, out) or stated
        found = (
            stated.get(at)
            or indicator_and_figure(clause, action)
            or growth_of(clause, out)
            or share_of(clause, out)
        )
        if found is None and _REACHES.match(clause):  # '…拥有量翻一番，达到 5 件'
            found = indicator_and_figure(local, action)
        if found is None and clause.endswith("、"):  # '建成10个降碳效果突出、带动性强的…工程'
            found = figure_with_modifiers(clauses, at, action)
        if found is None:
            continue
        name, q, baseline, growth, generic = found
        if growth and "同比" in clause:
            name = name.replace("年均增长率", "同比增长率")
        if any(q.text in quoted for quoted in _QUOTED.findall(clause)):
            continue  # a figure inside a quoted name ('“5个100”工程') is not a quantity
        if out and name == out[-1].indicator and clause.startswith("其中"):
            continue  # '其中地理标志产品 4 件' breaks down the figure just taken
        if SUBSIDY.search(name) and not _FUNDS.search(name):
            continue  # rewards and subsidies are recorded by _subsidies
        kind = _kind(clause, sentence[: m.start()], is_target_sentence, meta, review, section)
        if _FUNDS.search(name) and q.unit.endswith("元"):
            continue  # budgets and funds obtained are neither outcomes nor subsidies
        s, e = start + m.start(), start + m.end()
        record = figure_record(kind, name, q, sentence[: m.end()], s, e, sentence, section, meta)
        record.baseline = baseline.value if baseline is not None else None
        record.extra["generic"] = generic
        if (count := deals_beside(clause, q)) is not None:  # '质押融资44笔4.191亿元'
            deals = f"{name.removesuffix('额')}笔数"
            clause_end = sentence[: m.end()]
            out.append(figure_record(kind, deals, count, clause_end, s, e, sentence, section, meta))
        out.append(record)  # last: a growth rate after it is the sum's
    return out


def _respective_records(
    listed: list[Respective],
    sentence: str,
    start: int,
    section: str,
    meta: DocumentMeta,
    away: re.Pattern[str],
    review: bool,
) -> list[Record]:
    """Records of figures stated respectively, unless the statement is about elsewhere."""
    span = sentence[listed[0].start : listed[0].end]
    before = sentence[: listed[0].start]
    own = re.search(r"我市|全市|本市", span)
    if away.search(span) or _FORECAST.search(span) or (_other_city(span, meta.city) and not own):
        return []
    target = bool(_TARGET_CUE.search(sentence)) or bool(_TARGET_SECTION.search(section))
    kind = _kind(span, before, target, meta, review, section)
    out = []
    for item in listed:
        q = item.quantity
        funds = _FUNDS.search(item.name)
        if (SUBSIDY.search(item.name) and not funds) or (funds and q.unit.endswith("元")):
            continue  # support amounts and budgets, as in `_figures`
        s, e = start + item.start, start + item.end
        clause = sentence[: item.end]
        record = figure_record(kind, item.name, q, clause, s, e, sentence, section, meta)
        record.extra["generic"] = indicator_of(item.name) is None
        out.append(record)
    return out


_REACHES = re.compile(r"^\s*(?:达到|达|增至|增加到|提高到|提升到|突破)\s*\d")
_QUOTED = re.compile(r"[“\"]([^”\"]{1,20})[”\"]")


def _other_city(clause: str, city: str) -> bool:
    """Whether the clause is about another city ('邵阳市…0.81 件' in the 衡阳 report)."""
    return other_places(clause, city)


def _kind(
    clause: str,
    before: str,
    target_sentence: bool,
    meta: DocumentMeta,
    review: bool = False,
    section: str = "",
) -> str:
    """target when the wording or section states a goal, else a reported outcome."""
    years = years_in(before + clause) or section_year(section)
    past_deadline = re.search(r"到\s*(20\d\d)\s*年", clause)
    # a goal, whatever the document's date says ('没有达到3.2件目标' before a clause is not one)
    goal = re.search(r"力争|计划|确保", before + clause) or "目标" in clause
    if past_deadline and meta.year and int(past_deadline.group(1)) < meta.year and not goal:
        return "outcome"  # "到2019年底…达到1623件" in a 2020 report is history
    if _TARGET_CUE.search(clause):
        return "target"
    if _PAST_CUE.search(clause) or (years and meta.year and years[-1] < meta.year and not goal):
        return "outcome"
    if _STRONG_PAST.search(before) and not _TARGET_CUE.search(before):
        return "outcome"
    if review:
        return "outcome"  # the previous plan period's results, unless a goal is worded
    return "target" if target_sentence or meta.doc_type == "规划" else "outcome"


def _dedupe(records: list[Record]) -> list[Record]:
    """One record per (kind, indicator, value, sentence)."""
    valued = {r.indicator for r in records if r.kind == "subsidy" and r.value is not None}
    records = [  # an item named again without amount adds nothing, unless it states conditions
        r
        for r in records
        if r.kind != "subsidy" or r.value is not None or r.indicator not in valued or r.conditions
    ]
    seen: set[tuple[Any, ...]] = set()
    out = []
    for r in records:
        key = (
            (r.kind, r.indicator, r.unit, r.value)
            if r.kind == "subsidy" and r.extra.get("amount_type")
            else (r.kind, r.indicator if r.value is None else r.unit, r.value)
            if r.kind == "subsidy"
            else (r.kind, r.indicator, r.value, r.unit)  # the same figure twice is one fact
        )
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
