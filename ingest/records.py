"""Structured records from cleaned documents: targets, reported outcomes, subsidies and rewards."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ingest.clean import CleanDocument
from ingest.indicators import LEAD, indicator_and_figure
from ingest.locate import other_places
from ingest.models import DocumentMeta, Record, Section
from ingest.numbers import Quantity, parse_quantities
from ingest.subsidies import PROBLEM, SUBSIDY, subsidies

_TARGET_CUE = re.compile(
    r"到\s*20\d\d\s*年|力争|要达到|目标|确保|预期|计划|规划要求|缩短至|新建|培育\d|设为"
)
_PAST_CUE = re.compile(r"截[止至]|目前|已经?|累计|同比|期间|实现|共|完成|总数|可以达到|拥有(?!量)")
_STRONG_PAST = re.compile(r"期间|截[止至]|目前|去年|已经|累计")
_TARGET_SECTION = re.compile(r"目标|预期指标|发展目标")
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
_CLAUSE = re.compile(r"[^；，,;、]+[；，,;、]?")
_ROW = re.compile(
    r"(?:(?P<cat>[^·]+) · )?\d+\. (?P<name>[^·]+?) · (?P<y1>\d{4})年：(?P<v1>[^·]+) · (?P<y2>\d{4})年：(?P<v2>[^。]+)。"
)
_PERIOD = re.compile(r"十[二三四五]五")
_ELSEWHERE = re.compile(r"全国|全省|省内|国家\d{4}年|长株潭")
_FORECAST = re.compile(r"可以达到|会达到|有望")
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
        if SUBSIDY.search(sentence) and not PROBLEM.search(sentence):
            records += subsidies(sentence, start, section)
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
    previous = ""
    for m in _CLAUSE.finditer(sentence):
        clause = m.group(0)
        local, previous = previous + clause, clause  # another city named here or just before
        if (
            _ELSEWHERE.search(clause)
            or _FORECAST.search(clause)
            or (_other_city(local, meta.city) and not re.search(r"我市|全市|本市", clause))
        ):
            continue  # national / provincial / other cities' figures, forecasts
        found = indicator_and_figure(clause, action)
        if found is None:
            continue
        name, q, baseline, growth, generic = found
        if generic and any(r.extra.get("generic") for r in out):
            continue  # lists of minor counts: only the first unlisted figure of a sentence
        if out and name == out[-1].indicator and clause.startswith("其中"):
            continue  # '其中地理标志产品 4 件' breaks down the figure just taken
        if SUBSIDY.search(name) and not _FUNDS.search(name):
            continue  # rewards and subsidies are recorded by _subsidies
        kind = _kind(clause, sentence[: m.start()], is_target_sentence, meta)
        if growth and kind != "target":
            continue  # reported growth rates are not indicator values
        if _FUNDS.search(name) and q.unit.endswith("元"):
            kind = "subsidy"  # funding amounts (专项资金, 资助经费) belong with the subsidies
            wording = LEAD.sub("", clause[: clause.find(q.text)] if q.text in clause else name)
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
    return other_places(clause, city)


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
            (r.kind, r.indicator if r.value is None else r.unit, r.value)
            if r.kind == "subsidy"
            else (r.kind, r.indicator, r.value, r.unit)  # the same figure twice is one fact
        )
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
