"""Reading order of a page's OCR text boxes: running headers, footers and page numbers dropped;
a two-column stretch read column by column (full-width lines such as a title kept in place);
rows top to bottom, boxes left to right; rows whose cells align into table columns read as
labelled rows (`ingest.tables.table_lines`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

from ingest.tables import table_lines

_MARGIN = 0.06  # top and bottom share of the page where headers, footers and page numbers sit
_MAX_MARGIN_CHARS = 30  # a longer line there is body text, not a running header
_MIN_COLUMN_BOXES = 3  # boxes on each side of a gutter before a page counts as two columns
_MAX_CROSSING = 0.25  # share of the boxes that may cross a gutter (titles, full-width lines)
_COLUMN_FILL = 0.6  # a text column's median box spans this share of the column's width or more
_COLUMN_CHARS = 8  # and holds this many characters or more (a form's labels hold fewer)
_GUTTER_SPAN = (0.3, 0.7)  # where across the body's width a gutter's centre may lie
_MIN_TABLE_ROWS = 3  # a header and two rows
_MIN_TABLE_COLUMNS = 3
_FIGURE = re.compile(r"[<>≥≤约]?\d+(?:\.\d+)?\s*[%％]?")  # a cell that is only a figure


@dataclass(frozen=True)
class OcrLine:
    """One recognised text box: its text and its bounds in pixels."""

    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def middle(self) -> float:
        """Vertical centre."""
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        """Box height (about one character's size)."""
        return self.bottom - self.top


def reading_order(lines: list[OcrLine], height: float) -> list[str]:
    """Text lines of a page: the body's blocks (the page, or on a two-column page the
    full-width lines and each column between them) one after another, rows within each."""
    body = [line for line in lines if not _in_margin(line, height)]
    out: list[str] = []
    for block in _blocks(body):
        out.extend(_block_lines(_rows(block)))
    return out


def _in_margin(line: OcrLine, height: float) -> bool:
    """A short line wholly inside the top or bottom margin: header, footer or page number."""
    band = _MARGIN * height
    outside = line.bottom <= band or line.top >= height - band
    return outside and len(line.text) <= _MAX_MARGIN_CHARS


def _rows(lines: list[OcrLine]) -> list[list[OcrLine]]:
    """Boxes grouped into rows (a box whose centre lies within a row's first box joins it),
    rows top to bottom, boxes left to right."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.left)):
        if rows and rows[-1][0].top <= line.middle <= rows[-1][0].bottom:
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda ln: ln.left) for row in rows]


def _wide(before: OcrLine, box: OcrLine) -> bool:
    """A gap between neighbouring boxes wider than a character: a space, or a cell boundary."""
    return box.left - before.right > box.height


def _row_text(row: list[OcrLine]) -> str:
    """A row's boxes joined, a wide gap becoming a space."""
    text = row[0].text
    for before, box in pairwise(row):
        text += (" " if _wide(before, box) else "") + box.text
    return text


def _gutter(boxes: list[OcrLine]) -> float | None:
    """The x of the widest band between two text columns that few boxes cross, or None."""
    if len(boxes) < 2 * _MIN_COLUMN_BOXES:
        return None
    x0, x1 = int(min(b.left for b in boxes)), int(max(b.right for b in boxes))
    steps = [0] * (x1 - x0 + 2)
    for box in boxes:
        steps[int(box.left) - x0 + 1] += 1
        steps[int(box.right) - x0] -= 1
    cover, running = [], 0
    for step in steps[:-1]:
        running += step
        cover.append(running)
    lo, hi = (x0 + share * (x1 - x0) for share in _GUTTER_SPAN)
    runs = _runs([x0 + i for i, count in enumerate(cover) if count <= _MAX_CROSSING * len(boxes)])
    runs = [(a, b) for a, b in runs if lo <= (a + b) / 2 <= hi]
    start, end = max(runs, key=lambda run: run[1] - run[0], default=(0, 0))
    if end - start < median(b.height for b in boxes):
        return None
    middle = (start + end) / 2
    left = [b for b in boxes if b.right <= middle]
    right = [b for b in boxes if b.left >= middle]
    crossing = len(boxes) - len(left) - len(right)
    if min(len(left), len(right)) < _MIN_COLUMN_BOXES or crossing > _MAX_CROSSING * len(boxes):
        return None
    if not (_text_column(left) and _text_column(right)):
        return None  # short cells beside a gutter: a table's columns, not text columns
    return middle


def _text_column(boxes: list[OcrLine]) -> bool:
    """Whether the boxes read as a column of text lines: most fill the column's width."""
    width = max(b.right for b in boxes) - min(b.left for b in boxes)
    filled = median(b.right - b.left for b in boxes) >= _COLUMN_FILL * width
    return filled and median(len(b.text) for b in boxes) >= _COLUMN_CHARS


def _runs(xs: list[int]) -> list[tuple[int, int]]:
    """Consecutive integers as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for x in xs:
        if runs and x == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], x)
        else:
            runs.append((x, x))
    return runs


def _blocks(boxes: list[OcrLine]) -> list[list[OcrLine]]:
    """The boxes in reading blocks: all of them; or, on a two-column page, top to bottom each
    run of full-width boxes, then the left column's boxes, then the right's, until the next."""
    gutter = _gutter(boxes)
    if gutter is None:
        return [boxes] if boxes else []
    blocks: list[list[OcrLine]] = []
    wide: list[OcrLine] = []
    left: list[OcrLine] = []
    right: list[OcrLine] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.left)):
        if box.left < gutter < box.right:
            blocks += [side for side in (left, right) if side]
            left, right = [], []
            wide.append(box)
            continue
        if wide:
            blocks.append(wide)
            wide = []
        (left if box.right <= gutter else right).append(box)
    return [*blocks, *(block for block in (wide, left, right) if block)]


def _cells(row: list[OcrLine]) -> list[OcrLine]:
    """A row's cells: boxes without a wide gap between them merged into one."""
    cells = [row[0]]
    for before, box in pairwise(row):
        if _wide(before, box):
            cells.append(box)
        else:
            last = cells[-1]
            top, bottom = min(last.top, box.top), max(last.bottom, box.bottom)
            cells[-1] = OcrLine(last.text + box.text, last.left, top, box.right, bottom)
    return cells


def _columns(rows: list[list[OcrLine]]) -> list[tuple[float, float]] | None:
    """The x-spans of table columns (the cells' spans merged where they overlap), or None
    when fewer than the minimum or a row has two cells in one column."""
    spans: list[tuple[float, float]] = []
    for left, right in sorted((cell.left, cell.right) for row in rows for cell in row):
        if spans and left <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], right))
        else:
            spans.append((left, right))
    if len(spans) < _MIN_TABLE_COLUMNS:
        return None
    for row in rows:
        used = [_column_of(cell, spans) for cell in row]
        if len(set(used)) < len(used):
            return None
    return spans


def _column_of(cell: OcrLine, spans: list[tuple[float, float]]) -> int:
    """Index of the column span that holds the cell."""
    return next(n for n, (left, right) in enumerate(spans) if left <= cell.left <= right)


def _table_at(cells: list[list[OcrLine]], start: int) -> tuple[int, list[list[str]]]:
    """The rows of a table starting at row `start` (header first) as cell texts by column, and
    the row after it; no rows when none starts there (a header row holds no bare figure)."""
    if any(_FIGURE.fullmatch(cell.text) for cell in cells[start]):
        return start + 1, []
    end = start
    while end < len(cells) and len(cells[end]) >= 2:
        end += 1
    while end - start >= _MIN_TABLE_ROWS:
        spans = _columns(cells[start:end])
        if spans is not None:
            grid = [[""] * len(spans) for _ in range(start, end)]
            for grid_row, row in zip(grid, cells[start:end], strict=True):
                for cell in row:
                    grid_row[_column_of(cell, spans)] = cell.text
            return end, grid
        end -= 1
    return start + 1, []


def _block_lines(rows: list[list[OcrLine]]) -> list[str]:
    """A block's rows as text lines; a table's rows as '列名：值' lines under its header row."""
    cells = [_cells(row) for row in rows]
    out: list[str] = []
    n = 0
    while n < len(rows):
        end, grid = _table_at(cells, n)
        out.extend(table_lines(grid, header_rows=1) if grid else [_row_text(rows[n])])
        n = end
    return out
