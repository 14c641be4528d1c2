"""Planning-table rows as targets: the indicator, a baseline year column, a target year column,
the attribute (预期性 / 约束性).

Rows come as the loaders and cleaner lay them out, one line of ' · '-separated cells, either
`创造 · 1. PCT国际专利申请量(件) · 2020年：22 · 2025年：35。` (a flattened text table) or
`指标：PCT国际专利申请量（件） · 2020年：22 · 2025年：35 · 属性：预期性。` (a Word, HTML,
spreadsheet or PDF table read as 列名：值 pairs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.models import Record
from ingest.numbers import parse_quantities

_YEAR_CELL = re.compile(r"^(20\d\d)\s*年?(?:目标值?|预期值?|实际值?)?\s*[：:]\s*(.*)$")
_PAIR = re.compile(r"^([^：:]{1,12})[：:]\s*(.+)$")
_NAME_KEYS = re.compile(r"指标|名称|项目|内容")
_NUMBERING = re.compile(r"^\s*\d+\s*[.．、]\s*")
_UNIT = re.compile(r"[（(]([^()（）]+)[)）]\s*$")
_PERIOD = re.compile(r"十[二三四五]五")


@dataclass(frozen=True)
class TableRow:
    """The cells of a row that holds an indicator and figures for two or more years."""

    name: str
    years: list[tuple[int, str]]  # (year, cell text) in column order
    attribute: str


def parse_row(line: str) -> TableRow | None:
    """The row's indicator and year columns, or None when the line is not such a row."""
    if " · " not in line:
        return None
    cells = [c.strip() for c in line.strip().rstrip("。").split(" · ")]
    years: list[tuple[int, str]] = []
    named: list[str] = []
    attribute = ""
    for cell in cells:
        year = _YEAR_CELL.match(cell)
        pair = _PAIR.match(cell)
        if year:
            years.append((int(year.group(1)), year.group(2).strip()))
        elif pair and pair.group(1).strip() == "属性":
            attribute = pair.group(2).strip()
        elif pair and _NAME_KEYS.search(pair.group(1)):
            named.insert(0, pair.group(2).strip())  # a column named 指标 wins
        elif not pair:
            named.append(_NUMBERING.sub("", cell))
    names = [n for n in named if n and not n.isdigit()]
    if len(years) < 2 or not names:
        return None
    return TableRow(names[0] if _NAME_KEYS.search(line) else names[-1], years, attribute)


def row_target(row: TableRow, sentence: str, start: int, section: str) -> list[Record]:
    """A target from the row: baseline in the first year column, target in the last."""
    unit_match = _UNIT.search(row.name)
    unit = unit_match.group(1) if unit_match else ""
    indicator = _UNIT.sub("", row.name).strip()
    (base_year, base_text), (year, text) = row.years[0], row.years[-1]
    target = parse_quantities(text + ("" if re.search(r"[%件分元]", text) else unit))
    value = target[0].value if target else _number(text)
    if value is None:
        return []
    baseline = _number(base_text)
    attribute = row.attribute or (
        "预期性" if "预期" in section else "约束性" if "约束" in section else ""
    )
    period = _PERIOD.search(section + sentence)
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
            value_text=text,
            baseline=baseline,
            baseline_year=base_year,
            year=year,
            period=period.group(0) if period else "",
            attribute=attribute,
            section=section,
        )
    ]


def _number(text: str) -> float | None:
    m = re.search(r"\d+(?:\.\d+)?", text)
    return float(m.group(0)) if m else None
