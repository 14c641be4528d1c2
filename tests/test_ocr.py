"""OCR of scanned PDF pages (RapidOCR, offline): pages drawn from sample text, read back within
3% character error rate, headers and page numbers dropped, OCR chunks marked, budgets kept."""

from __future__ import annotations

import io
import logging
import time
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont
from pypdf import PdfReader, PdfWriter

from ingest.chunker import chunk_document
from ingest.clean import clean_text
from ingest.loaders import load_document
from ingest.models import OCR_MARK, PAGE_END, IngestError, Limits, join_pages
from ingest.ocr import OcrLine, reading_order
from ingest.prepare import Loaded, content_hash, prepare
from policyqa.render import answer_markdown
from policyqa.services import Services
from tests.scans import (
    HEADER,
    char_error_rate,
    cjk_font,
    image_pdf,
    render_pages,
    sample_paragraphs,
)

LIMIT = 20 * 1024 * 1024
MAX_CER = 0.03
SMALL = (874, 620)  # a third of an A5 page at 150 dpi


@pytest.fixture(scope="module")
def scan() -> tuple[bytes, list[list[str]]]:
    """Two scanned pages of a sample report (image-only PDF) and the lines drawn on each."""
    if cjk_font() is None:
        pytest.skip("no Chinese font (apt-get install fonts-noto-cjk)")
    images, drawn = render_pages(sample_paragraphs(2, 6), pages=2)
    return image_pdf(images), drawn


@pytest.fixture(scope="module")
def small_scan(scan: tuple[bytes, list[list[str]]]) -> bytes:
    """Two short scanned pages (a paragraph each, quick to read)."""
    images, drawn = render_pages(sample_paragraphs(4, 2), pages=2, page=SMALL)
    assert all(drawn) and "9837" in "".join(drawn[0])
    return image_pdf(images)


def load(tmp_path: Path, name: str, data: bytes, **limits: float) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(path, LIMIT, Limits(max_bytes=LIMIT, **limits))  # type: ignore[arg-type]


def test_scanned_pdf_read_within_error_budget(
    tmp_path: Path, scan: tuple[bytes, list[list[str]]], caplog: pytest.LogCaptureFixture
) -> None:
    data, drawn = scan
    assert not "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).strip()
    with caplog.at_level(logging.INFO, logger="ingest.ocr"):
        raw = load(tmp_path, "scan.pdf", data)
    pages = raw.split(f"\n{PAGE_END}{OCR_MARK}\n")
    assert len(pages) == 3 and pages[2] == ""  # both pages ended and marked as OCR
    for page, lines in zip(pages, drawn, strict=False):
        cer = char_error_rate("".join(lines), page)
        print(f"OCR character error rate: {cer:.4f} ({len(''.join(lines))} characters)")
        assert cer <= MAX_CER, (cer, page)
    assert HEADER not in raw and "- 1 -" not in raw and "- 2 -" not in raw
    progress = [r.getMessage() for r in caplog.records if "OCR page" in r.getMessage()]
    assert [m.split(" s")[0].rsplit(" ", 1)[0] for m in progress] == [
        "scan.pdf: OCR page 1 (1/2)",
        "scan.pdf: OCR page 2 (2/2)",
    ]


def test_lines_ordered_rows_then_columns_margins_dropped() -> None:
    height = 1000.0
    boxes = [
        OcrLine("右栏第一行", 520, 200, 900, 230),
        OcrLine("第二行", 100, 260, 400, 290),
        OcrLine("页眉文字", 100, 10, 300, 40),  # top margin
        OcrLine("左栏第一行", 100, 203, 400, 233),  # same row as 右栏, slightly lower
        OcrLine("接着", 405, 262, 470, 292),  # right after 第二行: no space
        OcrLine("- 3 -", 450, 960, 520, 990),  # bottom margin
    ]
    assert reading_order(boxes, height) == ["左栏第一行 右栏第一行", "第二行接着"]


def _text_page_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "ANNEX 1: PATENT STATISTICS OF HENGYANG CITY")  # a cover page
    return bytes(pdf.output())


def _mixed_pdf(scanned_page: bytes) -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_text_page_pdf())))
    writer.append(PdfReader(io.BytesIO(scanned_page)), pages=[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_mixed_pdf_ocr_only_the_scanned_page_and_marks_its_chunks(
    fake_services: Services, tmp_path: Path, small_scan: bytes
) -> None:
    path = tmp_path / "衡阳市知识产权工作总结.pdf"
    path.write_bytes(_mixed_pdf(small_scan))
    raw = load_document(path, LIMIT)
    first, second = raw.split(f"\n{PAGE_END}\n", 1)  # page 1 ended without the OCR mark
    assert "ANNEX 1" in first and "9837" not in first
    assert "9837" in second and second.endswith(f"\n{PAGE_END}{OCR_MARK}\n")
    chunks = [c for c in chunk_document(clean_text(raw), 30, 0) if c.kind == "text"]
    assert {(c.page, c.ocr) for c in chunks} == {(1, False), (2, True)}
    for chunk in chunks:  # a chunk is marked when any of its text comes from the scanned page
        assert chunk.ocr == (2 in {chunk.page, *(p for _, p in chunk.page_starts)})

    report = fake_services.ingestor.ingest([path])
    assert report.count("added") == 1, report.summary()
    hits = fake_services.store.search("全市专利申请 9837 件 同比增长", k=3)
    scanned = [h for h in hits if "9837" in h.text]
    assert scanned and scanned[0].metadata["page"] == 2 and scanned[0].metadata["ocr"] is True
    answer = fake_services.chain.ask("1-11月全市专利申请多少件？")
    cited = [c for c in answer.citations or answer.closest if "9837" in c.passage]
    assert cited and cited[0].location == "第2页 · OCR", (answer.text, answer.citations)
    assert "第2页 · OCR" in answer_markdown(answer)


def test_ocr_page_budget_refuses_before_reading(
    tmp_path: Path, scan: tuple[bytes, list[list[str]]]
) -> None:
    with pytest.raises(IngestError, match=r"^a\.pdf: 2 scanned pages \(> 1 OCR page limit\)$"):
        load(tmp_path, "a.pdf", scan[0], ocr_pages=1)


def test_ocr_time_budget_stops_between_pages(tmp_path: Path, small_scan: bytes) -> None:
    with pytest.raises(IngestError, match=r"^a\.pdf: OCR of 2 scanned pages over 0\.01 s "):
        load(tmp_path, "a.pdf", small_scan, ocr_seconds=0.01)


def test_ocr_off_refuses_scans_as_before(
    tmp_path: Path, scan: tuple[bytes, list[list[str]]]
) -> None:
    with pytest.raises(IngestError, match=r"^a\.pdf: PDF has no text layer \(scanned image\?\)$"):
        load(tmp_path, "a.pdf", scan[0], ocr_pages=0)


def test_blank_scan(tmp_path: Path) -> None:
    blank = image_pdf([Image.new("L", (600, 800), 255)])
    with pytest.raises(IngestError, match=r"^b\.pdf: PDF has no text layer and OCR found no text"):
        load(tmp_path, "b.pdf", blank)


def test_file_time_budget_leaves_room_for_ocr(tmp_path: Path) -> None:
    limits = Limits(max_seconds=1, ocr_seconds=30)
    text = "第一条 本办法自发布之日起施行。"
    for ocr in (frozenset({1}), frozenset()):
        raw = join_pages([text], ocr)
        loaded = Loaded(
            tmp_path / "a.pdf", "a.pdf", raw, content_hash(raw), time.perf_counter() - 5
        )
        if ocr:  # 5 s: over max_seconds, within max_seconds + ocr_seconds
            assert prepare(loaded, {}, limits, 480, 1).chunks[0].ocr
        else:
            with pytest.raises(IngestError, match=r"^a\.pdf: reading took 5 s \(> 1 s limit\)$"):
                prepare(loaded, {}, limits, 480, 1)


def test_seal_over_text_is_painted_out_masthead_kept(tmp_path: Path) -> None:
    """A red seal stamped over the body is not read into it; the red masthead of a 红头文件
    (a wide band of coloured text) is still read."""
    if cjk_font() is None:
        pytest.skip("no Chinese font (apt-get install fonts-noto-cjk)")
    images, drawn = render_pages(sample_paragraphs(4, 2), pages=1, page=(874, 900))
    assert "增速排名全省" in "".join(drawn[0])
    page = images[0].convert("RGB")
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(cjk_font()), 30)
    red = (220, 30, 30)
    draw.text(
        (120, 70), "株洲市知识产权局文件", font=ImageFont.truetype(str(cjk_font()), 44), fill=red
    )
    draw.ellipse((490, 220, 710, 440), outline=red, width=8)  # the seal, over the body text
    draw.text((555, 310), "专用章", font=font, fill=red)
    draw.text((525, 360), "知识产权局", font=font, fill=red)
    text = load(tmp_path, "盖章件.pdf", image_pdf([page]))
    assert "株洲市知识产权局文件" in text
    assert "增速排名全省" in text.replace("\n", "") and "专用章" not in text
