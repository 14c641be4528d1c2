"""Word and HTML tables as rows of '列名：值' pairs: spans filled, header rows combined, rows
kept apart by the cleaner and whole by the chunker."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import pytest
from docx.shared import Cm
from fpdf import FPDF

from ingest.chunker import chunk_document
from ingest.clean import clean_text
from ingest.loaders import load_document
from ingest.office import soffice_path
from ingest.tables import table_lines
from policyqa.services import Services
from policyqa.settings import Settings

LIMIT = 10 * 1024 * 1024
SPANNED = """<html><body><p>附表如下。</p><table><caption>表1 2021年专利指标</caption>
<tr><th rowspan="2">类别</th><th rowspan="2">指标</th><th colspan="2">数量（件）</th></tr>
<tr><th>2020年</th><th>2021年</th></tr>
<tr><td rowspan="2">创造</td><td>发明专利申请</td><td>4587</td><td>5200</td></tr>
<tr><td>实用新型专利申请</td><td>3589</td><td>4100</td></tr>
<tr><td>运用</td><td>专利质押融资（亿元）</td><td colspan="2">12.5</td></tr>
</table><p>以上数据截至年底。</p></body></html>"""


def load(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(path, LIMIT)


def test_html_spans_and_two_header_rows(tmp_path: Path) -> None:
    lines = [ln for ln in load(tmp_path, "a.html", SPANNED.encode()).split("\n") if ln]
    assert lines == [
        "附表如下。",
        "表1 2021年专利指标",
        "类别：创造 · 指标：发明专利申请 · 数量（件） 2020年：4587 · 数量（件） 2021年：5200。",
        "类别：创造 · 指标：实用新型专利申请 · 数量（件） 2020年：3589 · 数量（件） 2021年：4100。",
        "类别：运用 · 指标：专利质押融资（亿元） · 数量（件） 2020年：12.5 · 数量（件） 2021年：12.5。",
        "以上数据截至年底。",
    ]


def test_short_row_under_a_cell_spanning_rows(tmp_path: Path) -> None:
    html = """<table><tr><th>地区</th><th>指标</th><th>备注</th></tr>
    <tr><td>衡阳</td><td>专利</td><td rowspan="2">均为年度数</td></tr>
    <tr><td>岳阳</td></tr></table>"""  # the last row ends before the spanning cell's column
    assert load(tmp_path, "a.html", html.encode()).split("\n") == [
        "地区：衡阳 · 指标：专利 · 备注：均为年度数。",
        "地区：岳阳 · 备注：均为年度数。",
    ]


def test_two_column_tables_read_as_key_value_lines() -> None:
    rows = [["单位名称", "衡阳市某科技有限公司"], ["申请事项", "发明专利资助"], ["备注", ""]]
    assert table_lines(rows) == [
        "单位名称：衡阳市某科技有限公司。",
        "申请事项：发明专利资助。",
        "备注。",
    ]
    assert table_lines([["序号", "名称"], ["1", "衡阳"]], header_rows=1) == [
        "序号：1 · 名称：衡阳。"
    ]
    assert table_lines([["只有一行", "两个单元格"]]) == ["只有一行 | 两个单元格"]


def _docx_with_table(rows: int) -> bytes:
    document = docx.Document()
    document.add_paragraph("2021年知识产权资助名单如下：")
    table = document.add_table(rows=rows + 1, cols=3)
    table.style = "Table Grid"  # ruled: what PDF table detection looks for
    for c, name in enumerate(["单位", "事项", "金额（元）"]):
        table.cell(0, c).text = name
    for r in range(1, rows + 1):
        table.cell(r, 0).text = f"衡阳市第{r}科技有限公司"
        table.cell(r, 1).text = "发明专利授权资助（含年费）"
        table.cell(r, 2).text = str(3000 + r)
    for row in table.rows:
        for cell, width in zip(row.cells, (6, 6, 3), strict=True):
            cell.width = Cm(width)
    document.add_paragraph("以上资助已拨付到位。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_table_rows_stay_apart_and_whole(tmp_path: Path) -> None:
    doc = clean_text(load(tmp_path, "名单.docx", _docx_with_table(30)))
    rows = [ln for ln in doc.text.split("\n") if ln.startswith("单位：")]
    assert len(rows) == 30  # long rows without end punctuation used to be glued together
    assert (
        rows[0]
        == "单位：衡阳市第1科技有限公司 · 事项：发明专利授权资助（含年费） · 金额（元）：3001。"
    )
    chunks = [c for c in chunk_document(doc, 120, 0) if c.kind == "text"]
    assert len(chunks) > 3
    pieces = [ln for c in chunks for ln in c.text.split("\n")]
    assert all(row in pieces for row in rows)  # no row cut between chunks


def test_ruled_table_in_a_pdf_text_layer(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 8, "The plan sets these targets:")
    with pdf.table(col_widths=(60, 30, 30)) as table:
        for cells in [["Indicator", "2020", "2021"], ["Invention patent filings", "4587", "5200"]]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.multi_cell(0, 8, "The city office compiles them.")
    assert load(tmp_path, "plan.pdf", bytes(pdf.output())).split("\n") == [
        "The plan sets these targets:",
        "Indicator：Invention patent filings · 2020：4587 · 2021：5200。",
        "The city office compiles them.",
        "\f",
        "",
    ]


def test_word_table_exported_to_pdf_by_libreoffice(tmp_path: Path) -> None:
    soffice = soffice_path()
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    (tmp_path / "名单.docx").write_bytes(_docx_with_table(3))
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    subprocess.run([*command, str(tmp_path / "名单.docx")], check=True, timeout=120)
    lines = load(tmp_path, "名单.pdf", (tmp_path / "名单.pdf").read_bytes()).split("\n")
    assert lines[0] == "2021年知识产权资助名单如下："
    assert lines[1:4] == [
        f"单位：衡阳市第{r}科技有限公司 · 事项：发明专利授权资助（含年费） · 金额（元）：{3000 + r}。"
        for r in (1, 2, 3)
    ]
    assert lines[4] == "以上资助已拨付到位。"


PLAN_ROWS = [("每万人口高质量发明专利拥有量（件）", "0.85", "3"), ("PCT国际专利申请量（件）", "22", "35"),
             ("年度知识产权质押融资金额（亿元）", "0.35", "1.5")]  # fmt: skip


def _plan_docx() -> bytes:
    """A 十四五 plan whose targets sit in a Word table: 指标 · 2020年 · 2025年 · 属性."""
    document = docx.Document()
    document.add_heading("邵阳市“十四五”知识产权发展规划", level=1)
    document.add_paragraph("到2025年，知识产权强市建设取得明显成效，主要指标如下表。")
    document.add_paragraph("表1 “十四五”知识产权发展主要预期指标")
    table = document.add_table(rows=1, cols=4, style="Table Grid")
    for cell, text in zip(table.rows[0].cells, ("指标", "2020年", "2025年", "属性"), strict=True):
        cell.text = text
    for name, base, target in PLAN_ROWS:
        for cell, text in zip(table.add_row().cells, (name, base, target, "预期性"), strict=True):
            cell.text = text
    document.add_paragraph("各县市区要把上述指标纳入年度考核。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _to_pdf(tmp_path: Path, source: Path) -> Path:
    soffice = soffice_path()
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    profile = f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}"
    command = [
        soffice,
        profile,
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path / "pdf"),
    ]
    subprocess.run([*command, str(source)], check=True, timeout=120, capture_output=True)
    return tmp_path / "pdf" / (source.stem + ".pdf")


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_planning_table_answers_from_its_row(settings: Settings, tmp_path: Path, fmt: str) -> None:
    """A plan's indicator table in .docx and in a text-layer PDF: the row becomes a target
    (baseline, target, attribute) and the question is answered from that row, cited."""
    path = tmp_path / "邵阳市十四五知识产权发展规划.docx"
    path.write_bytes(_plan_docx())
    if fmt == "pdf":
        path = _to_pdf(tmp_path, path)
    services = Services(settings)  # the bundled embedding model: answers as users get them
    report = services.ingestor.ingest([path])
    assert report.count("added") == 1, report.summary()
    targets = {r["indicator"]: r for r in services.records.query("target")}
    pct = targets["PCT国际专利申请量"]
    assert (pct["value"], pct["baseline"], pct["year"], pct["unit"], pct["attribute"]) == (
        35,
        22,
        2025,
        "件",
        "预期性",
    )
    answer = services.chain.ask("邵阳2025年PCT国际专利申请量目标是多少？")
    assert answer.found and "35" in answer.text, answer.text
    cited = [c for c in answer.citations if "PCT国际专利申请量" in c.snippet]
    assert cited and "35" in cited[0].snippet and "每万人口" not in cited[0].snippet
