"""Hostile files generated here (zip bombs, deep HTML, huge text): refused within the budgets,
with one line naming the file and the limit, and nothing stored changes."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from policyqa.services import Services
from tests.conftest import FakeEmbedder, make_settings

# a refusal within this many seconds proves the work stopped early (unguarded, these inputs
# take hours or exhaust memory); generous because the shared 2-core machines are noisy
QUICK_S = 30
GOOD = "株洲市2024年简报\n一、成效\n株洲市专利申请 1234 件。\n"


@pytest.fixture
def guarded(tmp_path: Path) -> Services:
    """Services with small budgets (so the hostile files stay small) and one good document."""
    settings = make_settings(
        tmp_path, max_unzipped_mb=20, max_chars=200_000, max_chunks=40, max_html_depth=400
    )
    services = Services(settings)
    services.__dict__["embedder"] = FakeEmbedder()
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    assert services.ingest([good]).count("added") == 1
    return services


def zip_bomb(path: Path, megabytes: int) -> Path:
    """A .docx-named zip whose one part inflates to `megabytes` of zeros (written streaming)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as part:
            block = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(block)
    return path


def refused(services: Services, path: Path, *words: str) -> tuple[float, int]:
    """Ingest `path`; assert one failure line naming the file and the limit; (seconds, peak
    bytes of Python allocations while it ran)."""
    before = (services.store.list_documents(), services.store.count())
    tracemalloc.start()
    started = time.monotonic()
    report = services.ingest([path])
    seconds = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    [result] = report.results
    assert result.status == "failed"
    assert result.error is not None and "\n" not in result.error
    assert result.error.startswith(path.name)
    for word in words:
        assert word in result.error, result.error
    assert (services.store.list_documents(), services.store.count()) == before
    return seconds, peak


def test_zip_bomb_docx_is_refused_without_inflating(guarded: Services, tmp_path: Path) -> None:
    """A .docx that inflates to 64 MB (limit 20 MB) is refused from its zip directory."""
    bomb = zip_bomb(tmp_path / "bomb.docx", 64)
    assert bomb.stat().st_size < 1024 * 1024
    seconds, peak = refused(guarded, bomb, "decompresses to 64 MB", "20 MB limit")
    assert seconds < QUICK_S and peak < 50 * 1024 * 1024


def test_highly_compressed_docx_part_is_refused(guarded: Services, tmp_path: Path) -> None:
    """Under the total limit but compressed a thousand to one: a bomb all the same."""
    bomb = zip_bomb(tmp_path / "ratio.docx", 8)
    seconds, peak = refused(guarded, bomb, "word/document.xml", "200:1 limit")
    assert seconds < QUICK_S and peak < 50 * 1024 * 1024


def test_deeply_nested_html_is_refused_in_linear_time(guarded: Services, tmp_path: Path) -> None:
    """10⁵ nested tags: refused after one streaming pass (the tree would take hours)."""
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>" * 100_000 + "株洲市专利申请 1 件" + "</div>" * 100_000)
    seconds, _ = refused(guarded, page, "100002 levels", "400 limit")
    assert seconds < QUICK_S


def test_ordinary_html_with_open_paragraphs_still_loads(guarded: Services, tmp_path: Path) -> None:
    """Old pages that never close <p> or <li> are not 'deep'."""
    page = tmp_path / "old.html"
    rows = "".join(f"<p>第{i}段：株洲市专利申请 {i} 件。" for i in range(600))
    page.write_text(f"<html><body><h1>株洲市简报</h1>{rows}</body></html>", encoding="utf-8")
    assert guarded.ingest([page]).count("added") == 1


def test_huge_text_is_refused_before_chunking(guarded: Services, tmp_path: Path) -> None:
    """Over the character budget: refused before any cleaning, chunking or embedding."""
    huge = tmp_path / "huge.txt"
    huge.write_text(("株洲市专利申请 1234 件。" * 20 + "\n") * 1000, encoding="utf-8")
    embedded = guarded.embedder.texts_embedded  # type: ignore[attr-defined]
    seconds, _ = refused(guarded, huge, "characters", "200,000 limit")
    assert seconds < QUICK_S and guarded.embedder.texts_embedded == embedded  # type: ignore[attr-defined]


def test_too_many_chunks_is_refused(guarded: Services, tmp_path: Path) -> None:
    """Under the character budget but over the chunk cap: refused before embedding."""
    long = tmp_path / "long.txt"
    paragraphs = [f"第{i}条 株洲市对第{i}类专利给予资助{i}元。" * 12 for i in range(400)]
    long.write_text("株洲市资助办法\n" + "\n\n".join(paragraphs), encoding="utf-8")
    refused(guarded, long, "chunks", "40 per document limit")
