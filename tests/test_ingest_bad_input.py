"""The ingestion pipeline and CLI on bad input: each bad file fails alone, with one clear line."""

from __future__ import annotations

import io
import random
import re
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image

from ingest.pipeline import FileResult, IngestReport
from policyqa.cli import main
from policyqa.services import Services
from policyqa.settings import Settings
from tests.conftest import make_settings

MAX_FILE_MB = 0.05  # 52 KB: small enough to make an oversize file cheaply
GOOD = (
    "衡阳市 2021 年知识产权工作要点\n\n"
    "一、工作目标\n（一）专利申请。全市专利申请 9837 件，同比增长 73.95%。\n"
    "二、主要任务\n（一）加强知识产权保护。发明专利授权资助每件 3000 元。\n"
)
OTHER = "岳阳市知识产权局答记者问\n\n一、保护成效\n全年办理专利侵权纠纷案件 56 件。\n"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Overrides conftest's `settings` (used by `fake_services`) with a small size limit."""
    return make_settings(tmp_path, max_file_mb=MAX_FILE_MB)


def _pdf(user_password: str | None = None) -> bytes:
    pdf = FPDF()
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Article 1. Intellectual property protection plan 2021.")
    if user_password is not None:
        pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    return bytes(pdf.output())


def _docx_garbage() -> bytes:
    return b"PK\x03\x04" + random.Random(7).randbytes(1500)  # zip magic, then nothing valid


def _blank_scan() -> bytes:
    out = io.BytesIO()
    Image.new("L", (300, 400), 255).save(out, "PDF", resolution=50)
    return out.getvalue()


# name -> (content, fragment of the reason expected in the error)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty.txt": (b"", "empty file"),
    "blank.md": (" \n\u3000\n".encode(), "no text content"),
    "photo.txt": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(1).randbytes(3000),
        "binary",
    ),
    "broken.pdf": (random.Random(2).randbytes(2000), "corrupt or unreadable PDF"),
    "cut.pdf": (_pdf()[:600], "corrupt or unreadable PDF"),
    "secret.pdf": (_pdf(user_password="secret"), "encrypted"),
    "broken.docx": (_docx_garbage(), "corrupt .docx"),
    "blank-scan.pdf": (_blank_scan(), "OCR found no text"),
    "broken.xlsx": (_docx_garbage(), "corrupt .xlsx"),
    "broken.xls": (random.Random(8).randbytes(1500), "corrupt .xls"),
    "broken.doc": (random.Random(10).randbytes(1500), "corrupt .doc"),
    "broken.wps": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1500), "corrupt .wps"),
    "broken.ofd": (_docx_garbage(), "corrupt .ofd"),
    "photo.csv": (b"\x89PNG\r\n\x1a\n" + random.Random(9).randbytes(1500), "binary"),
    "huge.txt": ((GOOD * 400).encode(), "file too large"),
}


def make_folder(folder: Path, files: dict[str, bytes]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, data in files.items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    return paths


def by_name(report: IngestReport) -> dict[str, list[FileResult]]:
    out: dict[str, list[FileResult]] = {}
    for result in report.results:
        out.setdefault(result.path.name, []).append(result)
    return out


def assert_one_line_failure(result: FileResult, name: str, reason: str) -> None:
    assert result.status == "failed"
    assert not result.doc_id and result.chunks == 0
    assert result.error.startswith(f"{name}: "), result.error
    assert reason in result.error, result.error
    assert "\n" not in result.error and len(result.error) < 300


def test_bad_files_fail_alone_and_good_file_is_added(
    fake_services: Services, tmp_path: Path
) -> None:
    assert len(BAD_FILES["huge.txt"][0]) > MAX_FILE_MB * 1024 * 1024
    folder = tmp_path / "docs"
    files = {name: data for name, (data, _) in BAD_FILES.items()}
    make_folder(folder, {"good.txt": GOOD.encode("gb18030"), **files})
    (folder / "slides.pptx").write_bytes(b"PK\x03\x04")  # unsupported: skipped when scanning
    exe = tmp_path / "setup.exe"  # unsupported: fails when named explicitly
    exe.write_bytes(b"MZ\x90\x00" + bytes(100))

    report = fake_services.ingestor.ingest([folder, exe])

    results = by_name(report)
    assert set(results) == {"good.txt", "setup.exe", *BAD_FILES}
    assert all(len(found) == 1 for found in results.values())
    good = results["good.txt"][0]
    assert (good.status, good.error) == ("added", "")
    assert good.doc_id and good.chunks > 0
    for name, (_, reason) in BAD_FILES.items():
        assert_one_line_failure(results[name][0], name, reason)
    assert_one_line_failure(results["setup.exe"][0], "setup.exe", "unsupported file type '.exe'")
    assert len(report.failed) == len(BAD_FILES) + 1
    assert report.summary() == f"新增 1 · 更新 0 · 未变 0 · 失败 {len(BAD_FILES) + 1}"

    docs = fake_services.store.list_documents()
    assert [d["source"] for d in docs] == ["good.txt"]
    assert fake_services.store.count() == good.chunks
    archived = list(fake_services.settings.files_dir.iterdir())
    assert [p.name for p in archived] == [f"{good.doc_id}.txt"]


def test_stored_documents_survive_a_batch_of_bad_files(
    fake_services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    paths = make_folder(folder, {"good.txt": GOOD.encode(), "other.txt": OTHER.encode()})
    first = fake_services.ingestor.ingest([folder])
    assert first.count("added") == 2 and not first.failed
    ids_before = {d["doc_id"] for d in fake_services.store.list_documents()}
    chunks_before = fake_services.store.count()
    assert chunks_before > 0

    make_folder(folder, {name: data for name, (data, _) in BAD_FILES.items()})
    # A stored document's file replaced by a corrupt version must not lose the stored version.
    paths["other.txt"].write_bytes(BAD_FILES["photo.txt"][0])
    second = fake_services.ingestor.ingest([folder])

    results = by_name(second)
    assert results["good.txt"][0].status == "unchanged"
    assert_one_line_failure(results["other.txt"][0], "other.txt", "binary")
    assert second.count("failed") == len(BAD_FILES) + 1
    assert second.count("added") == second.count("updated") == 0
    assert {d["doc_id"] for d in fake_services.store.list_documents()} == ids_before
    assert fake_services.store.count() == chunks_before
    hits = fake_services.store.search("岳阳 专利侵权纠纷案件", k=3)
    assert any("专利侵权纠纷" in hit.text for hit in hits)


def test_same_bad_file_named_twice_fails_once(fake_services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    paths = make_folder(folder, {"broken.pdf": BAD_FILES["broken.pdf"][0]})
    report = fake_services.ingestor.ingest([folder, paths["broken.pdf"]])
    assert len(report.results) == 1
    assert_one_line_failure(report.results[0], "broken.pdf", "corrupt or unreadable PDF")


@pytest.mark.parametrize("contents", [{}, {"setup.exe": b"MZ", "slides.pptx": b"PK\x03\x04"}])
def test_folder_without_supported_documents(
    fake_services: Services, tmp_path: Path, contents: dict[str, bytes]
) -> None:
    folder = tmp_path / "nothing here"
    make_folder(folder, contents)
    report = fake_services.ingestor.ingest([folder])
    assert len(report.results) == 1
    (result,) = report.failed
    assert result.path == folder
    assert result.error.startswith(f"{folder}: no supported documents"), result.error
    assert "\n" not in result.error
    assert fake_services.store.count() == 0


def test_nonexistent_path_fails_without_stopping_the_batch(
    fake_services: Services, tmp_path: Path
) -> None:
    missing = tmp_path / "missing" / "plan.docx"
    good = make_folder(tmp_path / "docs", {"good.txt": GOOD.encode()})["good.txt"]
    report = fake_services.ingestor.ingest([missing, good])
    assert [r.status for r in report.results] == ["failed", "added"]
    assert report.results[0].error == f"{missing}: file not found"


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Environment for `policyqa.cli.main`: private data folder, no sample corpus, no .env."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYQA_DATA_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("POLICYQA_AUTO_INGEST_SAMPLE", "false")
    return tmp_path


def test_cli_ingest_reports_failure_and_exits_nonzero(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = make_folder(
        cli_env / "docs", {"good.txt": GOOD.encode(), "broken.pdf": BAD_FILES["broken.pdf"][0]}
    )
    code = main(["ingest", str(paths["good.txt"]), str(paths["broken.pdf"])])
    out, err = capsys.readouterr()
    assert code == 1
    failures = [line for line in err.splitlines() if line.startswith("失败 / failed:")]
    assert len(failures) == 1
    assert failures[0].startswith("失败 / failed: broken.pdf: corrupt or unreadable PDF")
    assert "新增 1 · 更新 0 · 未变 0 · 失败 1" in out

    code = main(["ingest", str(paths["good.txt"])])  # only good input: success
    out, err = capsys.readouterr()
    assert code == 0
    assert "未变 1 · 失败 0" in out
    assert "失败 / failed" not in err


def test_cli_missing_path_exits_nonzero(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = cli_env / "nope.pdf"
    assert main(["ingest", str(missing)]) == 1
    _, err = capsys.readouterr()
    assert f"失败 / failed: {missing}: file not found" in err.splitlines()


def test_a_refused_file_does_not_make_the_process_reload(
    fake_services: Services, tmp_path: Path
) -> None:
    """A refused upload is this process's own clean write: the process keeps its views
    instead of reloading everything as if another process had written."""
    good = tmp_path / "衡阳简报.txt"
    good.write_text("衡阳市2024年知识产权简报\n全市专利申请 1234 件。\n", encoding="utf-8")
    fake_services.ingest_file(good, source=good.name)
    assert fake_services.refresh_if_changed() is False
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"not a pdf at all")
    with pytest.raises(Exception, match=r"broken\.pdf"):
        fake_services.ingest_file(bad, source=bad.name)
    assert fake_services.refresh_if_changed() is False
    assert [d["source"] for d in fake_services.store.list_documents()] == [good.name]


def test_a_font_private_glyph_inside_a_figure_is_never_read_as_a_number(
    fake_services: Services, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """'人均1\\ue01070元' (a decimal point drawn by the file's own font) is kept as 1□70元 and
    logged with the file's name; neither 170元 nor 70元 becomes a stored or answered figure: the
    answer quotes the sentence as it stands and warns that a figure in it cannot be read."""
    doc = tmp_path / "科普条例.txt"
    doc.write_text(
        "某市科学技术普及条例\n\n第十八条 市财政每年应当安排人均不少于1\ue01070元的科学技术普及"
        "专项经费，区财政每年应当安排不少于人均2元的专项经费。\n",
        encoding="utf-8",
    )
    with caplog.at_level("WARNING"):
        result = fake_services.ingestor.ingest([doc]).results[0]
    assert result.status == "added", result.error
    warned = [r.getMessage() for r in caplog.records if "科普条例.txt" in r.getMessage()]
    assert len(warned) == 1 and "1 figure" in warned[0]
    texts = [hit.text for hit in fake_services.store.iter_chunks()]
    assert any("人均不少于1□70元" in t for t in texts)
    assert not any("170元" in t for t in texts)
    amounts = [str(r) for r in fake_services.records.for_document(result.doc_id)]
    assert not any("170" in a or "'70" in a or " 70" in a for a in amounts), amounts
    answer = fake_services.chain.ask("某市市财政每年安排人均多少元的科普专项经费？")
    assert "170" not in answer.text and not re.search(r"(?<![\d□])70元", answer.text)
    assert answer.found and "人均不少于1□70元" in answer.text, answer.text  # quoted, with a warning
    assert "**" not in answer.text and any("□" in w for w in answer.warnings)
