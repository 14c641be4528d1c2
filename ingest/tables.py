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


def table_lines(rows: list[list[str]], header_rows: int | None = None) -> list[str]:
    """A Word or HTML table as lines the cleaner keeps apart and the chunker keeps whole.

    Under its header rows (`header_rows`; by default one when there are 3 columns or more)
    each row becomes '列名：值' pairs; a 2-column table without a header is read as '键：值'
    lines; a single row or column stays cells joined by ' | '.
    """
    rows = [row for row in rows if any(row)]
    width = max((len(row) for row in rows), default=0)
    if header_rows is None:
        header_rows = 1 if width >= 3 else 0
    if 0 < header_rows < len(rows) and width >= 2:
        names = [_column_name(rows[:header_rows], col) for col in range(width)]
        return [labelled_row(names, row) for row in rows[header_rows:]]
    if width == 2 and len(rows) >= 2:
        return [_key_value(row) for row in rows]
    return [" | ".join(_dedupe(row)) for row in rows]


def _column_name(header: list[list[str]], col: int) -> str:
    """A column's name from its header rows: '数量（件） 2020年' under a spanning group name."""
    parts = _dedupe([row[col] for row in header if col < len(row) and row[col]])
    return " ".join(parts) or f"列{col + 1}"


def _key_value(row: list[str]) -> str:
    """'键：值。' (or the key alone when the value is empty or repeats it, as merged cells do)."""
    key, value = [*row, "", ""][:2]
    text = f"{key}：{value}" if value and value != key and key else key or value
    return text if text.endswith(("。", "；", "！", "？")) else text + "。"


def _dedupe(row: list[str]) -> list[str]:
    """Cells with consecutive repeats (one merged cell spanning columns) shown once."""
    return [cell for n, cell in enumerate(row) if n == 0 or cell != row[n - 1]]
