"""When a figure is for: its year from the clause, the section heading, the plan period or the
document's date, and the record that carries it."""

from __future__ import annotations

import re

from ingest.models import DocumentMeta, Record
from ingest.numbers import Quantity

_PERIOD = re.compile(r"十[二三四五]五")


def figure_record(
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
    """A target or outcome record, dated by the clause, its section or the document."""
    context = sentence + " " + section
    deadline = re.search(r"到\s*(20\d\d)\s*年", context)
    years = years_in(clause) or section_year(section)
    period = period_of(context) or (period_of(meta.title) if kind == "target" else None)
    if kind == "target":
        year = (
            int(deadline.group(1))
            if deadline
            else period_end(period) or (years[-1] if years else meta.year)
        )
    else:
        year = years[-1] if years else period_end(period) if "期间" in context else meta.year
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


def years_in(text: str) -> list[int]:
    """The years a text names ('2023年'), in order."""
    return [int(y) for y in re.findall(r"(20\d\d)\s*年", text)]


def section_year(section: str) -> list[int]:
    """The one year a section heading is about ('二、2023年工作回顾'); none for a span of years."""
    years = years_in(section)
    return years if len(years) == 1 and not _YEAR_SPAN.search(section) else []


_YEAR_SPAN = re.compile(r"20\d\d\s*年?\s*[-—－~～至到]\s*20\d\d")


def period_of(text: str) -> str | None:
    m = _PERIOD.search(text)
    return m.group(0) if m else None


def period_end(period: str | None) -> int | None:
    return {"十二五": 2015, "十三五": 2020, "十四五": 2025}.get(period or "")


_FRAME = re.compile(r"(20\d\d)\s*年\s*[，,]")  # a year that opens what follows: '2023年，全市…'
_PRESENT = re.compile(r"目前|现已|现有|当前|截[至止]|至今|今年")


def framing_years(sentence: str) -> list[int]:
    """Years a sentence opens a statement with ('2023年，全市…'), not ones named in passing."""
    return [int(y) for y in _FRAME.findall(sentence)]


def dated_by_paragraph(
    records: list[Record], dated: int | None, sentence: str, section: str, meta: DocumentMeta
) -> list[Record]:
    """Outcomes of a sentence without a year of its own belong to the earlier year its
    paragraph named before ('2023年，全市…。全年专利授权…4120件' in a 2024 work plan), not to
    the document's year (a 2024 target was shown as missed by 2023's figure)."""
    fallback = next(reversed(section_year(section)), meta.year)  # what they were dated by
    if dated is None or meta.year is None or dated >= meta.year or years_in(sentence):
        return records
    if _PRESENT.search(sentence):
        return records  # '该平台现已接入49家' speaks of now
    own = str(fallback)
    for r in records:
        if r.kind == "outcome" and r.year == fallback and (r.period or own).startswith(own):
            r.year = dated
            r.period = str(dated) + (r.period or own).removeprefix(own)
    return records


_PAST_PERIOD = re.compile(r"(十[二三四五]五)[”\"’]?(?:期间|时期|以来)")


def looks_back(paragraph: str, meta: DocumentMeta) -> bool:
    """Whether a paragraph reports on a plan period that ended before the document
    ('“十三五”期间，…' in a 十四五 plan)."""
    for m in _PAST_PERIOD.finditer(paragraph):
        end = period_end(m.group(1))
        if end is not None and meta.year is not None and end < meta.year:
            return True
    return False
