"""Tests for ingest.loaders: encodings, real .docx/.pdf/.html files and every kind of bad input."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter

from ingest.loaders import SUPPORTED_EXTENSIONS, decode_bytes, load_document
from ingest.models import IngestError

LIMIT = 10 * 1024 * 1024
TEXT = "第一条 为加强知识产权保护，制定本办法。\n第二条 2021 年全市专利申请 9837 件。\n"
RARE = "𠀀㐀"  # CJK Ext B and Ext A: encodable in GB18030, not in GBK
PDF_PAGES = ("Article 1. Intellectual property protection plan 2021.", "Page two: patents.")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def load(tmp_path: Path, name: str, data: bytes, max_bytes: int = LIMIT) -> str:
    return load_document(write(tmp_path, name, data), max_bytes)


def load_error(tmp_path: Path, name: str, data: bytes, *reason: str, max_bytes: int = LIMIT) -> str:
    """Load a bad file; check the error is one line '<name>: <reason...>' and return it."""
    with pytest.raises(IngestError) as info:
        load(tmp_path, name, data, max_bytes)
    message = str(info.value)
    assert message.startswith(f"{name}: "), message
    assert "\n" not in message
    for fragment in reason:
        assert fragment in message, message
    return message


def make_pdf(pages: tuple[str, ...] = PDF_PAGES, user_password: str | None = None) -> bytes:
    """A text-layer PDF (ASCII only: no CJK font is installed here)."""
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    return bytes(pdf.output())


def pypdf_encrypted(data: bytes) -> bytes:
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(data)))
    writer.encrypt("user-secret", "owner-secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("衡阳市知识产权工作要点", level=1)
    document.add_paragraph("为深入实施知识产权强国战略，制定本要点。")
    document.add_heading("一、主要任务", level=2)
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["指标", "2020年", "2021年"], ["专利申请", "9837", "10500"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("")  # blank paragraphs are dropped
    chinese_heading = document.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("（一）加强保护", style=chinese_heading)
    merged = document.add_table(rows=2, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "合并单元格"
    merged.cell(0, 2).text = "右"
    for c, value in enumerate("abc"):
        merged.cell(1, c).text = value
    document.add_paragraph("结尾段落。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- plain text encodings ----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [TEXT.encode(), b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode(), TEXT.encode("gbk")],
    ids=["utf8", "utf8-bom-crlf", "gbk"],
)
def test_utf8_and_gbk(tmp_path: Path, data: bytes) -> None:
    assert load(tmp_path, "a.txt", data) == TEXT  # BOM stripped, CRLF normalised


ASCII = "Policy on patents, 2021.\nArticle 1 applies.\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), TEXT),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), TEXT),
        (TEXT.encode("utf-16-le"), TEXT),  # BOM-less: found from the NUL bytes of ASCII chars
        (TEXT.encode("utf-16-be"), TEXT),
        (TEXT.replace("\n", "\r\n").encode("utf-16-le"), TEXT),
        (ASCII.encode("utf-16-le"), ASCII),  # also valid UTF-8, but full of NULs
        (b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"), TEXT),
    ],
    ids=["le-bom", "be-bom", "le", "be", "le-crlf", "le-ascii", "utf32le-bom"],
)
def test_utf16_and_utf32(tmp_path: Path, data: bytes, expected: str) -> None:
    text = load(tmp_path, "a.txt", data)
    assert text == expected
    assert "\ufeff" not in text


def test_gb18030_only_characters_round_trip(tmp_path: Path) -> None:
    for ch in RARE:
        with pytest.raises(UnicodeEncodeError):
            ch.encode("gbk")
    source = f"生僻字{RARE}测试。\n{TEXT}"
    text = load(tmp_path, "a.txt", source.encode("gb18030"))
    assert text == source
    assert "𠀀" in text and "㐀" in text


def test_stray_invalid_byte_in_long_utf8_text_is_replaced_not_rejected(tmp_path: Path) -> None:
    source = TEXT * 60
    text = load(tmp_path, "a.txt", source[:99].encode() + b"\xff" + source[99:].encode())
    assert text.count("\ufffd") == 1
    assert text.replace("\ufffd", "") == source


def test_markdown_and_uppercase_extension(tmp_path: Path) -> None:
    source = "# 标题\n\n- 要点一\n- 要点二\n"
    assert load(tmp_path, "notes.md", source.encode()) == source
    assert load(tmp_path, "NOTES.TXT", TEXT.encode("gb18030")) == TEXT


# --- docx, pdf, html ---------------------------------------------------------------------


def test_docx_headings_tables_and_order(tmp_path: Path) -> None:
    assert load(tmp_path, "plan.docx", make_docx()).split("\n") == [
        "# 衡阳市知识产权工作要点",
        "为深入实施知识产权强国战略，制定本要点。",
        "## 一、主要任务",
        "指标：专利申请 · 2020年：9837 · 2021年：10500。",  # each row under its column names
        "### （一）加强保护",
        "合并单元格：a · 合并单元格：b · 右：c。",  # a merged cell names both its columns
        "结尾段落。",
    ]


def test_pdf_text_layer_all_pages_in_order(tmp_path: Path) -> None:
    text = load(tmp_path, "plan.pdf", make_pdf())
    assert PDF_PAGES[0] in text and PDF_PAGES[1] in text
    assert text.index(PDF_PAGES[0]) < text.index(PDF_PAGES[1])


def test_pdf_with_only_an_owner_password_is_readable(tmp_path: Path) -> None:
    assert PDF_PAGES[0] in load(tmp_path, "locked.pdf", make_pdf(user_password=""))


def test_html_visible_text_headings_and_tables(tmp_path: Path) -> None:
    html = """<!DOCTYPE html><html><head><title>页面标题</title>
    <style>body { color: red; }</style><script>var leaked = "脚本内容";</script></head>
    <body><!-- 注释内容 --><h1>岳阳市知识产权
    保护条例</h1>
    <p>第一条 为了加强知识产权保护，
    促进创新，制定本条例。</p><noscript>请启用脚本</noscript>
    <h3>附表</h3>
    <table><tr><th>项目</th><th>数量</th></tr><tr><td>发明专利</td><td>120</td></tr></table>
    <p>第一行<br>第二行</p><script>document.write("动态")</script></body></html>"""
    for name, data in (("a.html", html.encode()), ("b.htm", html.encode("gb18030"))):
        text = load(tmp_path, name, data)
        lines = [line for line in text.split("\n") if line]
        assert lines == [
            "# 岳阳市知识产权保护条例",
            "第一条 为了加强知识产权保护，促进创新，制定本条例。",
            "### 附表",
            "项目：发明专利 · 数量：120。",
            "第一行",
            "第二行",
        ]
        for junk in ("页面标题", "color", "脚本内容", "注释内容", "请启用脚本", "动态"):
            assert junk not in text


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_pdf(user_password="secret"), "encrypted PDF"),
        (pypdf_encrypted(make_pdf()), "encrypted PDF"),
        (random.Random(1).randbytes(3000), "corrupt or unreadable PDF: no %PDF header"),
        (b"%PDF-1.7\n" + random.Random(2).randbytes(3000), "corrupt or unreadable PDF"),
        *(
            (make_pdf()[: int(len(make_pdf()) * f)], "corrupt or unreadable PDF")
            for f in (0.2, 0.9)
        ),
    ],
    ids=["fpdf-encrypted", "pypdf-encrypted", "random", "header-garbage", "cut-20%", "cut-90%"],
)
def test_bad_pdf(tmp_path: Path, data: bytes, reason: str) -> None:
    load_error(tmp_path, "bad.pdf", data, reason)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    load_error(tmp_path, "scan.pdf", make_pdf(pages=("",)), "no text layer")


def _zip_without_docx_parts() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        random.Random(3).randbytes(2000),
        make_docx()[:1500],
        _zip_without_docx_parts(),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000),  # legacy .doc renamed
    ],
    ids=["random", "truncated", "other-zip", "ole2"],
)
def test_corrupt_docx(tmp_path: Path, data: bytes) -> None:
    load_error(tmp_path, "bad.docx", data, "corrupt .docx")


def test_docx_without_text(tmp_path: Path) -> None:
    out = io.BytesIO()
    docx.Document().save(out)
    load_error(tmp_path, "blank.docx", out.getvalue(), "no text content")


@pytest.mark.parametrize("name", [f"a{ext}" for ext in SUPPORTED_EXTENSIONS])
def test_empty_file(tmp_path: Path, name: str) -> None:
    load_error(tmp_path, name, b"", "empty file")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.txt", b" \n\t\r\n  "),
        ("a.txt", "\u3000\u3000\n".encode()),
        ("a.txt", b"\xff\xfe" + " \n \n".encode("utf-16-le")),
        ("a.html", b"<html><head><title>t</title></head><body> <script>x()</script></body></html>"),
    ],
    ids=["ascii-space", "ideographic-space", "utf16-space", "html-no-body-text"],
)
def test_whitespace_only(tmp_path: Path, name: str, data: bytes) -> None:
    load_error(tmp_path, name, data, "no text content")


@pytest.mark.parametrize("name", ["image.txt", "image.md", "image.html"])
@pytest.mark.parametrize("seed", range(3))
def test_binary_renamed_as_text(tmp_path: Path, name: str, seed: int) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(seed).randbytes(4000)
    load_error(tmp_path, name, png, "binary content")
    no_nul = bytes(b for b in random.Random(seed).randbytes(4000) if b)
    load_error(tmp_path, name, no_nul, "binary content")


def test_control_characters_are_binary_even_when_valid_utf8() -> None:
    controls = bytes(b for b in range(1, 32) if chr(b) not in "\t\n\r\f\v")
    data = b"header text " + controls * 40
    data.decode("utf-8")  # valid UTF-8: only the content check can reject it
    with pytest.raises(IngestError, match=r"^dump\.txt: binary content"):
        decode_bytes(data, Path("dump.txt"))


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("setup.exe", "'.exe'"),
        ("slides.pptx", "'.pptx'"),
        ("photo.jpg", "'.jpg'"),
        ("README", None),
    ],
)
def test_unsupported_extension(tmp_path: Path, name: str, shown: str | None) -> None:
    message = load_error(tmp_path, name, TEXT.encode(), "unsupported file type")
    assert (shown or "(no extension)") in message
    assert all(ext in message for ext in SUPPORTED_EXTENSIONS)


def test_file_over_size_limit_is_rejected_before_reading(tmp_path: Path) -> None:
    big = random.Random(6).randbytes(3 * 1024 * 1024)  # binary: the size check must come first
    message = load_error(
        tmp_path, "huge.txt", big, "file too large", "3 MB", "2 MB", max_bytes=2 * 1024 * 1024
    )
    assert "binary" not in message


def test_size_limit_boundary(tmp_path: Path) -> None:
    data = TEXT.encode()
    assert load(tmp_path, "exact.txt", data, max_bytes=len(data)) == TEXT
    load_error(
        tmp_path, "over.txt", data, "file too large", f"{len(data)} bytes", max_bytes=len(data) - 1
    )


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"^gone\.txt: file not found$"):
        load_document(tmp_path / "gone.txt", LIMIT)
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(IngestError, match=r"^folder\.txt: not a regular file$"):
        load_document(tmp_path / "folder.txt", LIMIT)
