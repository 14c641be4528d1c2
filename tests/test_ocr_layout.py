"""Layout of scanned pages (RapidOCR, offline): two-column pages read column by column, tables
read as labelled rows that become targets, one-column pages read row by row as before."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from ingest.loaders import load_document
from ingest.models import PAGE_END, Limits
from ingest.ocr import OcrLine, reading_order, recognise
from policyqa.services import Services
from policyqa.settings import Settings
from tests.scans import (
    HEADER,
    char_error_rate,
    cjk_font,
    image_pdf,
    render_pages,
    render_table,
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
    for name, top, count in (("上", 150, 3), ("下", 350, 2)):
        boxes += [line(f"{name}半页左栏第{n}行正文", 100, top + 40 * n) for n in range(count)]
        boxes += [line(f"{name}半页右栏第{n}行正文", 460, top + 40 * n) for n in range(count)]
    boxes.append(line("通栏说明文字横跨两栏排列", 100, 300, 660))
    assert reading_order(boxes, 1000) == [
        "标题横跨两栏",
        *(f"上半页{side}栏第{n}行正文" for side in "左右" for n in range(3)),
        "通栏说明文字横跨两栏排列",
        *(f"下半页{side}栏第{n}行正文" for side in "左右" for n in range(2)),
    ]


def test_key_value_form_is_not_two_columns() -> None:
    """Short labels beside their values, a white band between them: rows, not columns."""
    keys = ["单位名称", "申请事项", "联系人", "联系电话"]
    values = ["衡阳市某科技有限公司", "发明专利资助", "张三", "0734-1234567"]
    boxes = [
        OcrLine(k, 100, 100 + 40 * n, 100 + 24 * len(k), 124 + 40 * n) for n, k in enumerate(keys)
    ]
    boxes += [
        OcrLine(v, 300, 100 + 40 * n, 300 + 24 * len(v), 124 + 40 * n) for n, v in enumerate(values)
    ]
    assert reading_order(boxes, 1000) == [f"{k} {v}" for k, v in zip(keys, values, strict=True)]


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


PLAN_TABLE = [
    ["指标", "2020年", "2025年", "属性"],
    ["每万人口高质量发明专利拥有量（件）", "0.85", "3", "预期性"],
    ["PCT国际专利申请量（件）", "22", "35", "预期性"],
    ["年度知识产权质押融资金额（亿元）", "0.35", "1.5", "预期性"],
]
PCT_ROW = "指标：PCT国际专利申请量（件） · 2020年：22 · 2025年：35 · 属性：预期性。"


def _plan_scan(ruled: bool) -> bytes:
    """A scanned page of a 十四五 plan whose targets sit in a table."""
    above = [
        "邵阳市“十四五”知识产权发展规划",
        "到2025年，知识产权强市建设取得明显成效。",
        "表1 主要预期指标",
    ]
    below = ["各县市区要把上述指标纳入年度考核。"]
    return image_pdf([render_table(above, PLAN_TABLE, [420, 120, 120, 120], ruled, below)])


@pytest.mark.parametrize("ruled", [True, False])
def test_scanned_table_read_as_labelled_rows(tmp_path: Path, ruled: bool) -> None:
    _needs_font()
    lines = load(tmp_path, "表.pdf", _plan_scan(ruled)).split("\n")
    rows = [ln for ln in lines if ln.startswith("指标：")]
    assert len(rows) == 3 and PCT_ROW in rows, lines
    assert all(
        " · 2020年：" in r and " · 2025年：" in r and r.endswith(" · 属性：预期性。") for r in rows
    )
    first, last = lines.index(rows[0]), lines.index(rows[-1])
    assert last - first == 2 and lines[last + 1] == "各县市区要把上述指标纳入年度考核。"
    assert lines[first - 1].endswith("主要预期指标")  # the caption above stays a line of text


def test_scanned_planning_table_answers_from_its_row(settings: Settings, tmp_path: Path) -> None:
    """As tests/test_tables.py for .docx and text-layer PDF: the scanned row becomes a target
    and the question is answered from that row, cited as OCR."""
    _needs_font()
    path = tmp_path / "邵阳市十四五知识产权发展规划.pdf"
    path.write_bytes(_plan_scan(ruled=False))
    services = Services(settings)  # the bundled embedding model: answers as users get them
    report = services.ingestor.ingest([path])
    assert report.count("added") == 1, report.summary()
    targets = {r["indicator"]: r for r in services.records.query("target")}
    pct = targets["PCT国际专利申请量"]
    assert (pct["value"], pct["baseline"], pct["year"], pct["unit"], pct["attribute"]) == (
        35, 22, 2025, "件", "预期性",
    )  # fmt: skip
    answer = services.chain.ask("邵阳2025年PCT国际专利申请量目标是多少？")
    assert answer.found and "35" in answer.text, answer.text
    cited = [c for c in answer.citations if "PCT国际专利申请量" in c.snippet]
    assert cited and "35" in cited[0].snippet and "每万人口" not in cited[0].snippet
    assert cited[0].location == "第1页 · OCR", cited[0]


def test_aligned_cells_become_rows_an_empty_cell_left_out() -> None:
    """Rows whose cells align into three or more columns read as '列名：值' rows under the
    first; two-column rows (a form) and the text around stay rows of text."""

    def row(top: float, *cells: tuple[str, float]) -> list[OcrLine]:
        return [OcrLine(text, left, top, left + 24 * len(text), top + 24) for text, left in cells]

    boxes = [
        *row(100, ("联系人：张三", 100), ("电话：12345", 500)),
        *row(140, ("地址：衡阳", 100), ("邮编：421000", 500)),
        *row(180, ("指标", 100), ("2020年", 500), ("2025年", 660)),
        *row(220, ("专利申请量（件）", 100), ("9837", 500), ("12000", 660)),
        *row(260, ("质押融资（亿元）", 100), ("15", 660)),
        *row(300, ("以上为预期性指标。", 100)),
    ]
    assert reading_order(boxes, 1000) == [
        "联系人：张三 电话：12345",
        "地址：衡阳 邮编：421000",
        "指标：专利申请量（件） · 2020年：9837 · 2025年：12000。",
        "指标：质押融资（亿元） · 2025年：15。",
        "以上为预期性指标。",
    ]


def test_header_cell_spanning_columns_names_the_rows_from_the_row_under_it() -> None:
    """A two-row header (数量 over 2020年 and 2025年): the rows are labelled by its lower row;
    a row of figures is never taken as a header."""

    def row(top: float, *cells: tuple[str, float, float]) -> list[OcrLine]:
        return [OcrLine(text, left, top, right, top + 24) for text, left, right in cells]

    boxes = [
        *row(100, ("指标", 100, 148), ("数量（件）", 520, 640), ("属性", 760, 808)),
        *row(140, ("2020年", 500, 572), ("2025年", 620, 692)),
        *row(
            180,
            ("专利申请量", 100, 220),
            ("9837", 500, 548),
            ("12000", 620, 680),
            ("预期性", 760, 832),
        ),
        *row(
            220,
            ("商标注册量", 100, 220),
            ("5200", 500, 548),
            ("6000", 620, 668),
            ("预期性", 760, 832),
        ),
    ]
    assert reading_order(boxes, 1000) == [
        "指标 数量（件） 属性",
        "列1：专利申请量 · 2020年：9837 · 2025年：12000 · 列4：预期性。",
        "列1：商标注册量 · 2020年：5200 · 2025年：6000 · 列4：预期性。",
    ]
    figures = [*boxes[5:], *row(260, ("版权登记量", 100, 220), ("30", 500, 524), ("45", 620, 644))]
    assert reading_order(figures, 1000) == [
        "专利申请量 9837 12000 预期性",
        "商标注册量 5200 6000 预期性",
        "版权登记量 30 45",
    ]
