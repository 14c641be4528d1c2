""".doc and .wps via headless LibreOffice: a sample document converted in the test, bad input,
a missing tool and a conversion over its time budget."""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import docx
import olefile
import pytest
import xlwt
from docx.shared import Cm

from ingest.loaders import load_document
from ingest.models import IngestError, Limits
from ingest.office import soffice_path
from tests.conftest import CORPUS

LIMIT = 10 * 1024 * 1024
TABLE = [["指标", "2020年", "2021年"], ["专利申请", "5658", "9837"]]
CLOSING = "衡阳市市场监督管理局"


def sample_paragraphs(count: int = 8) -> list[str]:
    """The first paragraphs of a sample-corpus report."""
    text = sorted(CORPUS.glob("*.txt"))[0].read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n") if p.strip()][:count]


def make_docx(paragraphs: list[str]) -> bytes:
    """Title as a heading, the paragraphs, a table (with widths: LibreOffice needs them), a line."""
    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for paragraph in paragraphs[1:]:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    table.style = "Table Grid"
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
            table.cell(r, c).width = Cm(4)
    document.add_paragraph(CLOSING)  # Word files never end with a table
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


EXPECTED = [
    "# " + sample_paragraphs()[0],
    *sample_paragraphs()[1:],
    "指标：专利申请 · 2020年：5658 · 2021年：9837。",
    CLOSING,
]


@pytest.fixture(scope="module")
def word_doc(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The sample as Word 97–2003 .doc, written by LibreOffice."""
    soffice = soffice_path()
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    folder = tmp_path_factory.mktemp("doc")
    (folder / "sample.docx").write_bytes(make_docx(sample_paragraphs()))
    profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
    command = [soffice, profile, "--headless", "--convert-to", "doc", "--outdir", str(folder)]
    subprocess.run([*command, str(folder / "sample.docx")], check=True, timeout=120)
    data = (folder / "sample.doc").read_bytes()
    assert olefile.isOleFile(data=data)
    return data


def load(tmp_path: Path, name: str, data: bytes, **limits: float) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(path, LIMIT, Limits(max_bytes=LIMIT, **limits))  # type: ignore[arg-type]


def load_error(tmp_path: Path, name: str, data: bytes, reason: str, **limits: float) -> str:
    with pytest.raises(IngestError) as info:
        load(tmp_path, name, data, **limits)
    message = str(info.value)
    assert message.startswith(f"{name}: ") and "\n" not in message, message
    assert reason in message, message
    return message


def test_doc_paragraphs_heading_and_table(tmp_path: Path, word_doc: bytes) -> None:
    assert load(tmp_path, "工作总结 2020.doc", word_doc).split("\n") == EXPECTED


def test_wps_office_file(tmp_path: Path, word_doc: bytes) -> None:
    # WPS Office saves .wps as an OLE2 file with a Word-compatible 'WordDocument' stream.
    assert load(tmp_path, "工作总结.WPS", word_doc).split("\n") == EXPECTED


def test_docx_saved_as_doc_is_read_directly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no LibreOffice needed
    assert load(tmp_path, "renamed.doc", make_docx(sample_paragraphs())).split("\n") == EXPECTED


def _xls() -> bytes:
    book = xlwt.Workbook()
    book.add_sheet("a").write(0, 0, "x")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (random.Random(1).randbytes(3000), "corrupt .doc: not a Word or WPS document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(2).randbytes(5000), "corrupt .doc"),
        (_xls(), "corrupt .doc: no Word or WPS text stream"),
    ],
    ids=["random", "ole2-garbage", "excel-renamed"],
)
def test_bad_doc_refused_before_conversion(tmp_path: Path, data: bytes, reason: str) -> None:
    load_error(tmp_path, "bad.doc", data, reason)


def test_truncated_doc(tmp_path: Path, word_doc: bytes) -> None:
    load_error(tmp_path, "cut.doc", word_doc[: len(word_doc) // 2], "corrupt .doc")


def test_unreadable_word_stream(tmp_path: Path, word_doc: bytes) -> None:
    path = tmp_path / "zeroed.doc"
    path.write_bytes(word_doc)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        ole.write_stream("WordDocument", bytes(ole.get_size("WordDocument")))
    with pytest.raises(IngestError, match=r"^zeroed\.doc: corrupt \.doc: LibreOffice could not"):
        load_document(path, LIMIT)


def test_password_protected_doc(tmp_path: Path, word_doc: bytes) -> None:
    path = tmp_path / "secret.doc"
    path.write_bytes(word_doc)
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        fib = bytearray(ole.openstream("WordDocument").read())
        fib[11] |= 0x01  # FibBase.fEncrypted, as Word sets it for a password
        ole.write_stream("WordDocument", bytes(fib))
    with pytest.raises(IngestError, match=r"^secret\.doc: encrypted \.doc \(password protected\)$"):
        load_document(path, LIMIT)


def test_missing_libreoffice(
    tmp_path: Path, word_doc: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    message = load_error(tmp_path, "a.wps", word_doc, "reading .wps needs LibreOffice")
    assert message.endswith("(apt-get install libreoffice-writer-nogui)")


def _our_processes() -> Iterator[str]:
    """Command lines of running processes started for a conversion (their profile folder)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            text = cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "policyqa-office-" in text:
            yield text


def test_conversion_over_time_budget_is_killed(tmp_path: Path, word_doc: bytes) -> None:
    folders = set(Path(tempfile.gettempdir()).glob("policyqa-office-*"))
    load_error(tmp_path, "slow.doc", word_doc, "LibreOffice took over 0.2 s", max_seconds=0.2)
    assert not list(_our_processes())
    assert set(Path(tempfile.gettempdir()).glob("policyqa-office-*")) == folders
