"""Two processes on one data folder: one writer at a time, and readers that see every write."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.answer import Answer
from policyqa.services import Services
from tests.conftest import ROOT, FakeEmbedder, make_settings
from vectorstore.lock import IndexBusyError

# A second process working on the same folder through the same code path as `policyqa ingest`
# and `policyqa delete` (Services.ingest / Services.delete), with the fake embedder.
WRITER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from assistant.answer import Answer
from policyqa.services import Services
from tests.conftest import FakeEmbedder, make_settings

tmp, mode = Path(sys.argv[1]), sys.argv[2]
services = Services(make_settings(tmp))
services.__dict__["embedder"] = FakeEmbedder()
if mode == "hold":
    with services.writing():
        (tmp / "holding").write_text("1")
        time.sleep(float(sys.argv[3]))
else:
    for i in range(int(sys.argv[3])):
        services.ingest([tmp / "docs" / f"d{{i}}.txt"])
        if i >= 2:
            doc = [d for d in services.store.list_documents() if d["source"] == f"d{{i-2}}.txt"]
            services.delete(str(doc[0]["doc_id"]))
        (tmp / "round").write_text(str(i))
        while not (tmp / f"ack{{i}}").exists():
            time.sleep(0.05)
"""

CITIES = ["株洲", "湘潭", "常德", "益阳", "郴州", "永州", "怀化", "娄底", "张家界", "吉首", "醴陵"]


def start_writer(tmp: Path, mode: str, arg: str) -> subprocess.Popen[bytes]:
    """Run the writer script in its own process on `tmp`'s data folder."""
    script = tmp / "writer.py"
    script.write_text(WRITER.format(root=str(ROOT)), encoding="utf-8")
    return subprocess.Popen([sys.executable, str(script), str(tmp), mode, arg], cwd=ROOT)


def wait_for(path: Path, proc: subprocess.Popen[bytes], seconds: float = 60) -> str:
    """Wait until the writer creates `path`; its content."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return path.read_text()
        if proc.poll() is not None:
            pytest.fail(f"writer exited early with {proc.returncode}")
        time.sleep(0.05)
    pytest.fail(f"writer did not create {path.name}")


def served(answer: Answer) -> str:
    """Everything an answer shows: its text, cited and closest passages."""
    return answer.text + "".join(c.passage for c in answer.citations + answer.closest)


def reader(tmp: Path, **settings: object) -> Services:
    """Services of the 'web app' process on the same folder."""
    services = Services(make_settings(tmp, **settings))
    services.__dict__["embedder"] = FakeEmbedder()
    return services


def test_second_writer_waits_then_fails_clearly(tmp_path: Path) -> None:
    """While another process writes, a writer with a short wait gets a clear error and changes
    nothing; with a longer wait it goes ahead once the other process is done."""
    doc = tmp_path / "a.txt"
    doc.write_text("株洲市2024年简报\n株洲市专利申请 1234 件。\n", encoding="utf-8")
    proc = start_writer(tmp_path, "hold", "4")
    try:
        wait_for(tmp_path / "holding", proc)
        impatient = reader(tmp_path, write_lock_timeout=0.5)
        with pytest.raises(IndexBusyError, match=r"另一个进程.*\.write\.lock"):
            impatient.ingest([doc])
        assert impatient.store.list_documents() == []
        patient = reader(tmp_path, write_lock_timeout=60)
        started = time.monotonic()
        report = patient.ingest([doc])
        assert report.count("added") == 1
        assert time.monotonic() - started > 0.5  # it waited for the other writer
    finally:
        proc.wait(timeout=60)


def test_app_serves_what_another_process_writes(tmp_path: Path) -> None:
    """10 rounds: another process adds a document and deletes an older one while this process
    keeps answering; every answer succeeds, new documents are found, deleted ones never return."""
    rounds = 10
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(rounds):
        (docs / f"d{i}.txt").write_text(
            f"{CITIES[i]}市2024年知识产权简报\n一、成效\n{CITIES[i]}市专利申请 {7001 + i} 件。\n",
            encoding="utf-8",
        )
    app = reader(tmp_path)
    assert (
        app.chain.ask("专利申请多少件？").found is False
    )  # the app is up (empty index) before the other process writes
    errors: list[BaseException] = []
    stop = threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            try:
                app.refresh_if_changed()
                app.chain.ask("专利申请多少件？")
            except BaseException as exc:
                errors.append(exc)

    background = threading.Thread(target=keep_asking)
    background.start()
    proc = start_writer(tmp_path, "rounds", str(rounds))
    try:
        for i in range(rounds):
            wait_for(tmp_path / "round", proc)
            while (tmp_path / "round").read_text() != str(i):
                time.sleep(0.05)
            app.refresh_if_changed()
            answer = app.chain.ask(f"{CITIES[i]}市专利申请多少件？")
            assert str(7001 + i) in served(answer), (i, answer.text)
            if i >= 2:
                gone = app.chain.ask(f"{CITIES[i - 2]}市专利申请多少件？")
                assert str(7001 + i - 2) not in served(gone)
                assert all(c.doc != f"d{i - 2}.txt" for c in gone.citations + gone.closest)
            listed = sorted(str(d["source"]) for d in app.store.list_documents())
            assert listed == [f"d{j}.txt" for j in range(max(0, i - 1), i + 1)]
            (tmp_path / f"ack{i}").write_text("1")
    except BaseException:
        proc.kill()
        raise
    finally:
        stop.set()
        background.join(timeout=30)
        proc.wait(timeout=60)
    assert proc.returncode == 0
    assert [repr(e) for e in errors] == []
