"""Layout of scanned pages (RapidOCR, offline): two-column pages read column by column,
one-column pages read row by row as before."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from ingest.loaders import load_document
from ingest.models import PAGE_END, Limits
from ingest.ocr import OcrLine, reading_order, recognise
from tests.scans import (
    HEADER,
    char_error_rate,
    cjk_font,
    image_pdf,
    render_pages,
    render_two_columns,
    sample_paragraphs,
)

LIMIT = 20 * 1024 * 1024
MAX_CER = 0.03


def load(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(path, LIMIT, Limits(max_bytes=LIMIT))


def _needs_font() -> None:
    if cjk_font() is None:
        pytest.skip("no Chinese font (apt-get install fonts-noto-cjk)")


def test_two_column_scan_read_column_by_column(tmp_path: Path) -> None:
    """Left column top to bottom, then the right; the centred title above them first."""
    _needs_font()
    title = "衡阳市知识产权工作总结"
    image, left, right = render_two_columns(title, sample_paragraphs(2, 6), page=(874, 700))
    assert len(left) >= 10 and len(right) >= 10
    page = load(tmp_path, "两栏.pdf", image_pdf([image])).split(f"\n{PAGE_END}")[0]
    assert page.startswith(title + "\n"), page
    columns = char_error_rate(title + "".join(left) + "".join(right), page)
    rows = char_error_rate(title + "".join(a + b for a, b in zip(left, right, strict=False)), page)
    print(f"two-column CER: {columns:.4f} by columns, {rows:.4f} against rows across")
    assert columns <= MAX_CER and rows > 0.3, page


def test_columns_split_by_full_width_lines() -> None:
    """A full-width line between two-column stretches stays in place; each stretch is read
    left column first."""

    def line(text: str, left: float, top: float, width: float = 300) -> OcrLine:
        return OcrLine(text, left, top, left + width, top + 30)

    boxes = [line("标题横跨两栏", 200, 100, 400)]
    boxes += [line(f"左{n}", 100, 150 + 40 * n) for n in range(3)]
    boxes += [line(f"右{n}", 460, 150 + 40 * n) for n in range(3)]
    boxes += [line("通栏说明文字横跨两栏排列", 100, 300, 660)]
    boxes += [line(f"下左{n}", 100, 350 + 40 * n) for n in range(2)]
    boxes += [line(f"下右{n}", 460, 350 + 40 * n) for n in range(2)]
    assert reading_order(boxes, 1000) == [
        "标题横跨两栏", "左0", "左1", "左2", "右0", "右1", "右2",
        "通栏说明文字横跨两栏排列", "下左0", "下左1", "下右0", "下右1",
    ]  # fmt: skip


def _rows_across(boxes: list[OcrLine], height: float) -> list[str]:
    """The reading order before columns and tables: rows across the page, boxes left to right."""
    rows: list[list[OcrLine]] = []
    for box in sorted(boxes, key=lambda b: (b.top, b.left)):
        margin = box.top >= (1 - 0.06) * height or box.bottom <= 0.06 * height
        if margin and len(box.text) <= 30:
            continue
        if rows and rows[-1][0].top <= box.middle <= rows[-1][0].bottom:
            rows[-1].append(box)
        else:
            rows.append([box])
    out = []
    for row in rows:
        row.sort(key=lambda b: b.left)
        text = row[0].text
        for before, box in pairwise(row):
            text += (" " if box.left - before.right > box.bottom - box.top else "") + box.text
        out.append(text)
    return out


def test_single_column_reading_unchanged() -> None:
    """One-column pages (body lines, short headings, a right-aligned sign-off, a row with a
    wide gap) read exactly as rows across the page, as before columns and tables."""
    _needs_font()
    images, drawn = render_pages(sample_paragraphs(2, 3), pages=1, page=(874, 700))
    boxes = recognise(images[0])
    sign_off = [
        OcrLine("衡阳市知识产权局", 520, 560, 760, 590),
        OcrLine("2021年1月5日", 540, 600, 760, 630),
    ]
    form = [OcrLine("联系人：张三", 100, 640, 260, 670), OcrLine("电话：12345", 500, 641, 660, 671)]
    for page in (boxes, [*boxes, *sign_off, *form]):
        assert reading_order(page, 700) == _rows_across(page, 700)
    reference = HEADER + "".join(drawn[0]) + "- 1 -"  # a short page: the header is body here
    assert char_error_rate(reference, "".join(reading_order(boxes, 700))) <= MAX_CER
