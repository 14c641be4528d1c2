"""Spreadsheets (.xlsx, .xls, .csv): titled sheets, labelled rows kept whole by the chunker."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlwt

from ingest.chunker import chunk_document
from ingest.clean import clean_text
from ingest.loaders import load_document
from ingest.models import IngestError, Limits

LIMIT = 10 * 1024 * 1024
CAPTION = "2021年专利资助名单"
HEADER = ["序号", "单位", "资助金额（元）", "日期"]
ROWS = [
    [1, "衡阳市某科技有限公司", 3000, dt.datetime(2021, 3, 5)],
    [2, "湘南学院", 1500.5, None],  # an empty cell is left out of its row
]
EXPECTED = [
    "# 资助",
    CAPTION,
    "序号：1 · 单位：衡阳市某科技有限公司 · 资助金额（元）：3000 · 日期：2021-03-05。",
    "序号：2 · 单位：湘南学院 · 资助金额（元）：1500.5。",
    "",
    "# 说明",
    "项目：发明专利 · 标准：每件 3000 元。",
]


def make_xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "资助"
    sheet.append([CAPTION])
    sheet.append(HEADER)
    sheet.append([])  # blank rows are skipped
    for row in ROWS:
        sheet.append(row)
    notes = book.create_sheet("说明")
    notes.append(["项目", "标准"])
    notes.append(["发明专利", "每件 3000 元"])
    hidden = book.create_sheet("下拉选项")
    hidden.append(["隐藏的选项"])
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def make_xls() -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    sheet = book.add_sheet("资助")
    sheet.write(0, 0, CAPTION)
    for c, name in enumerate(HEADER):
        sheet.write(1, c, name)
    for r, row in enumerate(ROWS, start=2):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
    notes = book.add_sheet("说明")
    for c, (name, value) in enumerate([("项目", "发明专利"), ("标准", "每件 3000 元")]):
        notes.write(0, c, name)
        notes.write(1, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def load(tmp_path: Path, name: str, data: bytes, limits: Limits | None = None) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(path, LIMIT, limits)


def load_error(tmp_path: Path, name: str, data: bytes, reason: str, **limits: float) -> None:
    with pytest.raises(IngestError) as info:
        load(tmp_path, name, data, Limits(max_bytes=LIMIT, **limits))  # type: ignore[arg-type]
    message = str(info.value)
    assert message.startswith(f"{name}: ") and "\n" not in message, message
    assert reason in message, message


def test_xlsx_sheets_titled_rows_labelled_hidden_sheet_skipped(tmp_path: Path) -> None:
    assert load(tmp_path, "资助名单.xlsx", make_xlsx()).split("\n") == EXPECTED


def test_xls_reads_like_xlsx(tmp_path: Path) -> None:
    assert load(tmp_path, "资助名单.xls", make_xls()).split("\n") == EXPECTED


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("gbk", ","), ("utf-8-sig", ";"), ("gb18030", "\t")]
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [
        HEADER,
        ["1", "衡阳市某科技有限公司", "3000", "2021-03-05"],
        ["2", '湘南"学院"', "", ""],
    ]
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    data = out.getvalue()
    text = load(tmp_path, "资助名单.csv", data.encode(encoding))
    assert data.count("\r\n") == 3
    assert text.split("\n") == [
        "# 资助名单",
        "序号：1 · 单位：衡阳市某科技有限公司 · 资助金额（元）：3000 · 日期：2021-03-05。",
        '序号：2 · 单位：湘南"学院"。',
    ]


def test_rows_stay_whole_with_their_column_names_when_chunked(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "专利资助"
    sheet.append(["序号", "单位", "事项"])
    for n in range(1, 41):  # each row has sentence ends inside a cell
        sheet.append([n, f"第{n}号单位", f"获发明专利授权{n}件。已拨付资助！另有说明；详见附件"])
    out = io.BytesIO()
    book.save(out)
    chunks = chunk_document(clean_text(load(tmp_path, "a.xlsx", out.getvalue())), 120, 1)
    rows = [line for c in chunks if c.kind == "text" for line in c.text.split("\n")]
    assert len(chunks) > 5
    assert all(c.section == "专利资助" for c in chunks if c.kind == "text")
    for n in range(1, 41):
        whole = f"序号：{n} · 单位：第{n}号单位 · 事项：获发明专利授权{n}件。已拨付资助！另有说明；详见附件。"
        assert whole in rows, n
    odd = [ln for ln in rows if not (ln.startswith("序号：") and ln.endswith("详见附件。"))]
    assert odd == ["专利资助"]  # the sheet title opens the first chunk


def _zip_bomb_xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (8 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bad.xlsx", random.Random(1).randbytes(3000), "corrupt .xlsx"),
        ("cut.xlsx", make_xlsx()[:2000], "corrupt .xlsx"),
        ("old.xlsx", make_xls(), "legacy .xls or password-protected"),
        ("bomb.xlsx", _zip_bomb_xlsx(), "zip bomb"),
        ("other.xlsx", make_xlsx().replace(b"xl/", b"zz/"), "corrupt .xlsx"),  # no workbook part
        ("bad.xls", random.Random(2).randbytes(3000), "corrupt .xls"),
        ("new.xls", make_xlsx(), "corrupt .xls"),
        ("cut.xls", make_xls()[:1500], "corrupt .xls"),
        ("bad.csv", b"\x89PNG\r\n\x1a\n" + random.Random(3).randbytes(3000), "binary content"),
    ],
)
def test_bad_spreadsheets_fail_with_one_line(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    load_error(tmp_path, name, data, reason)


@pytest.mark.parametrize("name", ["a.xlsx", "a.xls"])
def test_sheet_over_character_budget_is_refused(tmp_path: Path, name: str) -> None:
    data = make_xlsx() if name.endswith("x") else make_xls()
    load_error(tmp_path, name, data, "over 60 characters", max_chars=60)


def test_percentages_as_shown_and_default_sheet_names(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None  # named 'Sheet': the file names the section instead
    sheet.append(["指标", "2020年", "增长"])
    sheet.append(["专利申请（件）", 9837, 0.7395])
    sheet["C2"].number_format = "0.00%"
    out = io.BytesIO()
    book.save(out)
    assert load(tmp_path, "衡阳市专利统计.xlsx", out.getvalue()).split("\n") == [
        "# 衡阳市专利统计",
        "指标：专利申请（件） · 2020年：9837 · 增长：73.95%。",
    ]
