"""Fault injection: the CLI is SIGKILLed at each named crash point of add, update, delete and
re-index; the next process to open the folder finds a consistent index."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policyqa.services import Services
from tests.conftest import ROOT, make_settings

DOCS = {
    "a.txt": "株洲市2024年知识产权简报\n一、成效\n株洲市专利申请 1111 件，同比增长 5%。\n",
    "b.txt": "湘潭市2024年知识产权简报\n一、成效\n湘潭市专利申请 2222 件，同比增长 6%。\n",
}
NEW = "常德市2024年知识产权简报\n一、成效\n常德市专利申请 3333 件，同比增长 7%。\n"
CHANGED = DOCS["a.txt"] + "二、计划\n株洲市2025年力争专利申请 1500 件。\n"
HASH = {"embedding_model": "hash:64"}

# crash point → the CLI command that reaches it
CASES = {
    "ingest:embedded": "add",
    "ingest:archived": "add",
    "store:chunks-written": "add",
    "ingest:stored": "add",
    "update:new-written": "update",
    "delete:record-removed": "delete",
    "reindex:staged": "reindex",
    "reindex:retired": "reindex",
}


def cli(tmp: Path, *args: str, crash_at: str | None = None) -> subprocess.CompletedProcess[str]:
    """`policyqa …` in its own process on `tmp`'s folder (hash embedder, no sample corpus)."""
    env = {
        **os.environ,
        "POLICYQA_DATA_DIR": str(tmp / "index"),
        "POLICYQA_EMBEDDING_MODEL": "hash:64",
        "POLICYQA_AUTO_INGEST_SAMPLE": "false",
    }
    env.pop("POLICYQA_CRASH_AT", None)
    if crash_at:
        env["POLICYQA_CRASH_AT"] = crash_at
    command = [sys.executable, "-m", "policyqa.cli", *args]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


def check_invariants(tmp: Path) -> Services:
    """The index opens; every listed document has all its chunks and only them; no file is
    listed twice; records belong to listed documents; nothing half-built is left."""
    services = Services(make_settings(tmp, **HASH))
    store = services.store
    docs = store.list_documents()
    sources = [d["source"] for d in docs]
    assert len(sources) == len(set(sources)), sources
    for doc in docs:
        got = store.chunks.get(where={"doc_id": doc["doc_id"]}, include=[])
        assert len(got["ids"]) == doc["chunks"], doc["source"]
    assert store.count() == sum(int(d["chunks"]) for d in docs)  # no orphan chunks
    assert services.records.doc_ids() <= {str(d["doc_id"]) for d in docs}
    names = {c.name for c in store.client.list_collections()}
    assert not any("staging" in n or "retired" in n for n in names), names
    return services


@pytest.mark.parametrize("point", list(CASES))
def test_killed_at_each_crash_point_leaves_a_consistent_index(tmp_path: Path, point: str) -> None:
    """Killed at `point`: the documents before the operation are intact, the one being added or
    deleted is either wholly there or wholly gone, and a re-index then works."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert cli(tmp_path, "ingest", str(folder)).returncode == 0
    operation = CASES[point]
    if operation == "add":
        (folder / "c.txt").write_text(NEW, encoding="utf-8")
        args = ["ingest", str(folder / "c.txt")]
    elif operation == "update":
        (folder / "a.txt").write_text(CHANGED, encoding="utf-8")
        args = ["ingest", str(folder / "a.txt")]
    elif operation == "delete":
        args = ["delete", "b.txt"]
    else:
        args = ["reindex"]
    killed = cli(tmp_path, *args, crash_at=point)
    assert killed.returncode == -9, (point, killed.stderr[-500:])
    services = check_invariants(tmp_path)
    sources = {str(d["source"]) for d in services.store.list_documents()}
    if operation == "delete":
        assert sources in ({"a.txt"}, {"a.txt", "b.txt"})
    else:
        assert {"a.txt", "b.txt"} <= sources <= {"a.txt", "b.txt", "c.txt"}
    if operation == "update":  # the complete new version wins
        [doc] = services.store.list_documents({"source": "a.txt"})
        assert "1500" in "".join(
            services.store.chunks.get(where={"doc_id": doc["doc_id"]})["documents"]
        )
    del services
    assert cli(tmp_path, "reindex").returncode == 0
    after = check_invariants(tmp_path)
    assert {str(d["source"]) for d in after.store.list_documents()} == sources


def _processes_on(folder: Path) -> list[int]:
    """Pids of live processes whose environment names this data folder."""
    wanted = f"POLICYQA_DATA_DIR={folder}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        try:
            names = proc.name.isdigit() and wanted in (proc / "environ").read_bytes().split(b"\0")
            state = (proc / "stat").read_text().split(")")[-1].split()[0] if names else "Z"
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if state != "Z":  # a zombie has exited
            found.append(int(proc.name))
    return found


def test_workers_exit_with_a_killed_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large ingest killed while its worker processes prepare documents leaves none of them
    running, and the index it leaves is consistent."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(24):
        text = f"株洲市{2000 + n}年知识产权简报\n一、成效\n株洲市专利申请 {1000 + n} 件。\n"
        (folder / f"{n:02d}.txt").write_text(text * 40, encoding="utf-8")
    monkeypatch.setenv("POLICYQA_INGEST_WORKERS", "2")
    monkeypatch.setenv("POLICYQA_WRITE_BATCH_CHUNKS", "1")  # the first write comes early
    killed = cli(tmp_path, "ingest", str(folder), crash_at="ingest:archived")
    assert killed.returncode == -9, killed.stderr[-500:]
    assert "2 worker processes" in killed.stderr
    deadline = time.monotonic() + 20
    while _processes_on(tmp_path / "index") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _processes_on(tmp_path / "index") == []
    check_invariants(tmp_path)
