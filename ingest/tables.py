"""Rebuild tables that PDF extraction flattened into one '|'-terminated cell per line."""

from __future__ import annotations

import re

_NUMERIC = re.compile(
    r"^[<>≥≤约]?\d+(?:\.\d+)?\s*(?:%|％|件|个|家|亿元|万元|元|分)?(?:以上|以下)?$"
)
_HEADER_HINT = re.compile(r"^(?:类别|序号|指标|指标名称|项目|名称|属性|单位|\d{4}\s*年.*)$")
ROW_SEP = " · "


def is_pipe_line(line: str) -> bool:
    """A line that belongs to a flattened table run: ends with '|' or is only pipes."""
    stripped = line.strip()
    return bool(stripped) and stripped.endswith("|")


def split_cells(lines: list[str]) -> list[str]:
    """One cell per line ('' for a lone '|'); pure separator lines like '||||' are dropped."""
    cells: list[str] = []
    for line in lines:
        stripped = line.strip()
        if set(stripped) == {"|"} and len(stripped) > 1:
            continue
        cells.append(stripped.rstrip("|").strip())
    return cells


def looks_like_table(cells: list[str]) -> bool:
    """Many short cells with several numbers, not paragraphs that happen to end with '|'."""
    short = [c for c in cells if len(c) <= 40]
    numeric = [c for c in cells if _NUMERIC.match(c)]
    return len(cells) >= 6 and len(short) >= 0.8 * len(cells) and len(numeric) >= 3


def _header_end(cells: list[str]) -> int:
    """Index after the header cells (a run of header-looking cells after an optional caption)."""
    i = 0
    while i < len(cells) and not _HEADER_HINT.match(cells[i]):
        i += 1
    if i == len(cells):
        return 0
    while i < len(cells) and _HEADER_HINT.match(cells[i]):
        i += 1
    return i


def _row_starts(cells: list[str], begin: int) -> list[int]:
    """Positions of row numbers 1, 2, 3 … each followed by a non-numeric name cell."""
    starts, expected = [], 1
    for i in range(begin, len(cells) - 1):
        name = cells[i + 1]
        if cells[i] == str(expected) and name and not _NUMERIC.match(name):
            starts.append(i)
            expected += 1
    return starts


def format_table(cells: list[str]) -> list[str]:
    """Readable lines: the caption, the header, then one line per row that stays together."""
    header_end = _header_end(cells)
    caption_cells = [c for c in cells[:header_end] if not _HEADER_HINT.match(c) and c]
    header = [c for c in cells[:header_end] if _HEADER_HINT.match(c)]
    starts = _row_starts(cells, header_end)
    if not header or not starts:
        return [ROW_SEP.join(c for c in cells if c)]
    lines = [*caption_cells, "表头：" + ROW_SEP.join(header)]
    value_cols = [h for h in header if re.match(r"^\d{4}", h)]
    category = ""
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(cells)
        row = cells[start:end]
        next_category = ""
        if n + 1 < len(starts) and row and row[-1] and not _NUMERIC.match(row[-1]):
            next_category, row = row[-1], row[:-1]
        if n == 0 and start > header_end and cells[start - 1]:
            category = cells[start - 1]
        lines.append(_format_row(category, row, value_cols))
        category = next_category or category
    return lines


def _format_row(category: str, row: list[str], value_cols: list[str]) -> str:
    """'创造 · 每万人口高质量发明专利拥有量(件) · 2020年：0.85 · 2025年：3'."""
    number, name, values = row[0], row[1], row[2:]
    parts = [p for p in (category, f"{number}. {name}") if p]
    for col, value in zip(value_cols, values, strict=False):
        parts.append(f"{col}：{value or '—'}")
    return ROW_SEP.join(parts) + "。"


def labelled_row(header: list[str], cells: list[str]) -> str:
    """'指标：专利申请 · 2020年：9837。': each non-empty cell after its column name."""
    names = [*header, *(f"列{n}" for n in range(len(header) + 1, len(cells) + 1))]
    pairs = [f"{name}：{value}" for name, value in zip(names, cells, strict=False) if value]
    return ROW_SEP.join(pairs) + "。"


def is_table_row(line: str) -> bool:
    """A row line made by `labelled_row` or `format_table`: the chunker keeps it whole."""
    return line.endswith("。") and ROW_SEP in line and "：" in line
