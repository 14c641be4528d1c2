"""Adoption, revision and effective dates of regulations ('自2022年5月1日起施行', '…通过')."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cn2an

_CN = "〇零一二三四五六七八九十"
_DATE = re.compile(
    rf"([12]\d{{3}}|[{_CN}]{{4}})\s*年\s*([01]?\d|[{_CN}]{{1,2}})\s*月\s*([0-3]?\d|[{_CN}]{{1,3}})\s*日"
)
_EVENTS = (
    ("effective", re.compile(r"起(?:施行|实施|生效)|施行之日")),
    ("revised", re.compile(r"修订|修正|修改")),
    ("adopted", re.compile(r"通过|批准")),
)
_CLAUSE = re.compile(r"[^。；\n]+")


@dataclass
class DocDates:
    """Dates a document states for itself, as ISO strings."""

    adopted: str | None = None
    effective: str | None = None
    revised: list[str] = field(default_factory=list)


def _number(text: str) -> int:
    """'2017' → 2017, '二〇二二' → 2022, '十五' → 15 (digit-by-digit for four-digit years)."""
    if text.isdigit():
        return int(text)
    if len(text) == 4 and "十" not in text:
        return int("".join(str(_CN.index(c) % 10) for c in text))
    return int(cn2an.cn2an(text, "smart"))


def iso_date(match: re.Match[str]) -> str | None:
    """ISO form of a matched date, or None when it is not a real calendar date."""
    try:
        year, month, day = (_number(match.group(i)) for i in (1, 2, 3))
    except (ValueError, KeyError):
        return None
    if not (1949 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def detect_dates(text: str) -> DocDates:
    """The document's own adoption, revision and effective dates.

    Looks at the header (its first lines, where regulations record 通过 and 修订) and at the
    clauses that say when the document takes effect ('本条例自…起施行').
    """
    dates = DocDates()
    head = "\n".join(text.splitlines()[:12])
    clauses = [m.group(0) for m in _CLAUSE.finditer(head)]
    clauses += [
        c.group(0)
        for c in _CLAUSE.finditer(text)
        if re.search(r"本(?:条例|规定|办法|细则|决定|规划|方案|意见|通知)自", c.group(0))
    ]
    for clause in clauses:
        for m in _DATE.finditer(clause):
            date = iso_date(m)
            if date is None:
                continue
            tail = clause[m.end() : m.end() + 60]
            event = next((name for name, pattern in _EVENTS if pattern.search(tail)), None)
            if event == "effective" and dates.effective is None:
                dates.effective = date
            elif event == "revised" and date not in dates.revised:
                dates.revised.append(date)
            elif event == "adopted" and dates.adopted is None:
                dates.adopted = date
    return dates
