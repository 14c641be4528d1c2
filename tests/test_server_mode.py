"""Server mode: the same pipeline against a real `chroma run` server on loopback."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
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


def _instance(tmp: Path, port: int) -> Services:
    """One app instance: its own data folder (lexical index), the shared Chroma server."""
    settings = make_settings(
        tmp, chroma_host="127.0.0.1", chroma_port=port, collection="shared_instances"
    )
    services = Services(settings)
    services.__dict__["embedder"] = FakeEmbedder()
    return services


def _answers_within(services: Services, question: str, figure: str, seconds: float) -> bool:
    """Whether the instance's answer contains `figure` within `seconds` (polled)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if figure in services.chain.ask(question).text:
            return True
        time.sleep(0.2)
    return False


def test_a_change_through_one_instance_is_served_by_another(
    chroma_server: int, tmp_path: Path
) -> None:
    """Two instances on one Chroma server: a document ingested through one is answered by the
    other within 5 s (it follows the registry's version and indexes the document lexically);
    once deleted through the first, the second stops citing it."""
    first, second = (
        _instance(tmp_path / "a", chroma_server),
        _instance(tmp_path / "b", chroma_server),
    )
    question = "株洲市2024年专利申请多少件？"
    assert "4321" not in second.chain.ask(question).text  # second is up before the change
    doc = tmp_path / "a.txt"
    doc.write_text("株洲市2024年简报\n一、成效\n株洲市2024年专利申请 4321 件。\n", encoding="utf-8")
    (result,) = first.ingest([doc]).results
    assert _answers_within(second, question, "4321", 5)
    assert second.store.lexical is not None and result.doc_id in second.store.lexical.documents()
    first.delete(result.doc_id)
    deadline = time.monotonic() + 5
    while "4321" in second.chain.ask(question).text and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "4321" not in second.chain.ask(question).text
    assert result.doc_id not in second.store.lexical.documents()
