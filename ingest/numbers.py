"""Normalise Chinese quantities: Arabic and Chinese numerals, 万/亿 units, ranges, 以上/左右."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
UNITS = (
    "件/万人",
    "万人次",
    "人次",
    "个工作日",
    "工作日",
    "个月",
    "户",
    "日",
    "万元",
    "亿元",
    "万人",
    "元",
    "件",
    "家",
    "个",
    "%",
    "分",
    "人",
    "起",
    "项",
    "倍",
    "所",
    "名",
    "次",
    "年",
    "天",
    "笔",
    "件次",
    "万件",
)
_UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
_NUM = r"\d+(?:\.\d+)?"
_CN_NUM = r"[零〇一二两三四五六七八九十百千]+"
QUANTITY = re.compile(
    rf"(?P<pre>不超过|不高于|超过|超|近|约|达|不低于|不少于)?\s*"
    rf"(?<![\d□])(?P<a>{_NUM}|{_CN_NUM})\s*(?:(?:-|－|—|~|～|至|到)\s*(?P<b>{_NUM}|{_CN_NUM}))?\s*"
    rf"(?P<mult>万|亿)?(?P<approx>余|多)?\s*(?P<unit>{_UNIT_RE})(?P<post>以上|以下|左右|余|多)?"
)
_PLACEHOLDER = re.compile(r"[XxＸｘ×]{2,}")


@dataclass(frozen=True)
class Quantity:
    """A parsed figure; `text` is the original wording."""

    value: float
    value_max: float | None
    unit: str
    qualifier: str  # 以上 / 以下 / 左右 / 超 / 约 / ''
    text: str
    start: int
    end: int


def chinese_to_number(text: str) -> float | None:
    """'三千' → 3000, '十二' → 12, '两' → 2; None if not a Chinese numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return float(total + current)


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    if re.fullmatch(_NUM, text):
        return float(text)
    return chinese_to_number(text)


# digits and Chinese numerals, and what NFKC may turn into them: enclosed and super/subscript
# figures, Kangxi radicals and compatibility ideographs (⼀ → 一) of PDF text layers
_MAY_HOLD_NUMBER = re.compile(
    r"[\d零〇一二两三四五六七八九十百千\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f"
    r"\u2150-\u218f\u2460-\u24ff\u2776-\u2793\u2e80-\u2fdf\u3000-\u33ff\uf900-\ufaff"
    r"\uff10-\uff19\U0001f100-\U0001f10a\U0001f200-\U0001f2ff]"
)
_MONTH_BEFORE = re.compile(
    r"(?:\d|[一二三四五六七八九十])\s*月\s*(?:\d{1,2}\s*日\s*[-—－~～至到]\s*)?$"
)
_YI = re.compile(r"([一二两三四五六七八九十]|\d+)个亿")
_PERCENT = re.compile(rf"百分之\s*(?P<n>{_NUM}|{_CN_NUM}(?:点[零〇一二三四五六七八九]+)?)")


def _percent_as_digits(m: re.Match[str]) -> str:
    """'百分之七十' → '   70%' (same length, so offsets into the text stay valid)."""
    whole, _, decimals = m.group("n").partition("点")
    value = _number(whole)
    if value is None:
        return m.group(0)
    digits = "".join(str(int(_CN_DIGITS[d])) for d in decimals)
    shown = f"{value:g}" + (f".{digits}" if digits else "") + "%"
    return shown.rjust(len(m.group(0))) if len(shown) <= len(m.group(0)) else m.group(0)


def may_hold_number(text: str) -> bool:
    """Whether `text` has a digit or Chinese numeral, before or after NFKC normalisation."""
    return _MAY_HOLD_NUMBER.search(text) is not None


def parse_quantities(text: str) -> list[Quantity]:
    """Every figure with a unit in `text` (placeholders such as 'XX件' are never numbers)."""
    if not may_hold_number(text):
        return []  # most clauses: no digit, no numeral, nothing NFKC could turn into one
    text = unicodedata.normalize("NFKC", text)
    original = text
    text = _YI.sub(lambda m: (m.group(1) + "亿元").ljust(len(m.group(0))), text)  # 一个亿
    text = _PERCENT.sub(_percent_as_digits, text)
    out: list[Quantity] = []
    for m in QUANTITY.finditer(text):
        a, b = _number(m.group("a")), _number(m.group("b"))
        if a is None or _PLACEHOLDER.search(text[max(0, m.start() - 3) : m.start()]):
            continue
        unit = m.group("unit")
        mult = m.group("mult") or ""
        if mult and unit in (
            "元",
            "件",
            "人",
            "人次",
        ):  # 1.5亿元 / 3万件 → keep the unit as written
            unit = mult + unit
        if unit == "年" and a >= 1900:
            continue  # a year, not a quantity
        if unit == "日" and _MONTH_BEFORE.search(text[max(0, m.start() - 6) : m.start()]):
            continue  # '7月28日' is a date, not 28 days
        qualifier = m.group("post") or m.group("approx") or m.group("pre") or ""
        wording = original[m.start() : m.end()].strip()
        out.append(Quantity(a, b, unit, qualifier, wording, m.start(), m.end()))
    return out
