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
