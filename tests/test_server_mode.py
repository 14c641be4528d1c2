"""Server mode: the same pipeline against a real `chroma run` server on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from policyqa.services import Services
from tests.conftest import FakeEmbedder, make_settings, wait_for_http


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A Chroma server process on a free loopback port; yields the port."""
    exe = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    proc = subprocess.Popen(
        [exe, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", proc, 60)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_ingest_search_delete_through_server(chroma_server: int, tmp_path: Path) -> None:
    """Ingest, search, re-ingest and delete work through HttpClient; two clients see one index."""
    settings = make_settings(tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server)
    doc = tmp_path / "a.txt"
    doc.write_text("一、成效\n全市专利申请 9837 件，同比增长 73.95%。\n", encoding="utf-8")
    writer = Services(settings)
    writer.__dict__["embedder"] = FakeEmbedder()
    assert writer.ingestor.ingest([doc]).count("added") == 1
    assert writer.ingestor.ingest([doc]).count("unchanged") == 1
    assert not (tmp_path / "index" / "chroma").exists()  # nothing written locally

    reader = Services(settings)
    reader.__dict__["embedder"] = FakeEmbedder()
    hits = reader.store.search("专利申请", k=1)
    assert hits and "9837" in hits[0].text
    assert writer.ingestor.delete(hits[0].metadata["doc_id"])
    assert reader.store.count() == 0
