"""`policyqa bench scale`: the sample corpus plus about N chunks of bulk news as distractors.

Prints ingest chunks/s (without embedding), CLI and web-app cold start, peak memory, warm
retrieval and answer p50/p95 (hybrid, bm25, dense) and dev.jsonl answer accuracy with the
bulk present against an index of the sample corpus alone. Fresh processes do the timing, so
what is measured is what a user starting the app or the CLI waits for.
"""

from __future__ import annotations

import json
import logging
import lzma
import math
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.evaluation import evaluate, load_qa
from assistant.query import understand
from policyqa.services import Services
from policyqa.settings import Settings

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
DEV_QA = ROOT / "data" / "eval" / "dev.jsonl"
FAST_EMBEDDER = "hash:384"
PROBE = "衡阳市2020年1-11月专利申请量是多少？"
ROUND_DOCS = 400  # bulk documents written and ingested per round


def bench_settings(base: Settings, data_dir: Path, fast: bool) -> Settings:
    """Settings of a benchmark index: its folder, no automatic sample, maybe the fast embedder."""
    update: dict[str, Any] = {"data_dir": data_dir, "auto_ingest_sample": False}
    if fast:
        update["embedding_model"] = FAST_EMBEDDER
    return base.model_copy(update=update)


def bulk_documents(bulk: Path, per_doc: int) -> Iterator[str]:
    """Documents of `per_doc` consecutive articles each, read from the compressed file."""
    group: list[str] = []
    with lzma.open(bulk, "rt", encoding="utf-8") as lines:
        for line in lines:
            if len(line.strip()) > 50:
                group.append(line.strip())
            if len(group) == per_doc:
                yield "\n\n".join(group)
                group = []
    if group:
        yield "\n\n".join(group)


def build(settings: Settings, bulk: Path | None, chunks: int, per_doc: int) -> dict[str, float]:
    """Ingest the sample corpus, then bulk documents round by round until about `chunks`."""
    services = Services(settings)
    folder = settings.data_dir.parent / f"{settings.data_dir.name}-bulk"
    done = services.ingest([settings.sample_corpus_dir])
    total = sum(r.chunks for r in done.results)
    seconds = embed = 0.0
    docs = bulk_documents(bulk, per_doc) if bulk else iter(())
    rounds, per_bulk_doc = 0, 2.0 * per_doc  # chunks per bulk document, re-estimated per round
    while total < chunks:
        wanted = min(ROUND_DOCS, max(1, math.ceil((chunks - total) / per_bulk_doc)))
        paths = _write_round(folder, docs, wanted, rounds)
        rounds += 1
        if not paths:
            break
        started = time.perf_counter()
        report = services.ingest(paths)
        seconds += time.perf_counter() - started
        embed += report.timings.get("embed", 0.0)
        added = sum(r.chunks for r in report.results)
        total += added
        per_bulk_doc = max(1.0, added / max(1, len(paths)))
        log.info("bulk: %d chunks indexed", total)
        for path in paths:
            path.unlink()
    bulk_chunks = total - sum(r.chunks for r in done.results)
    return {
        "chunks": float(services.store.count()),
        "ingest_s": seconds,
        "ingest_chunks_per_s": bulk_chunks / max(seconds - embed, 1e-9),
        "ingest_chunks_per_s_with_embedding": bulk_chunks / max(seconds, 1e-9),
    }


def _write_round(folder: Path, docs: Iterator[str], n: int, round_no: int) -> list[Path]:
    """The next `n` bulk documents as text files (deleted again once ingested)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in zip(range(n), docs, strict=False):
        path = folder / f"news_{round_no:03d}_{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _env(settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "POLICYQA_DATA_DIR": str(settings.data_dir),
        "POLICYQA_EMBEDDING_MODEL": settings.embedding_model,
        "POLICYQA_AUTO_INGEST_SAMPLE": "false",
        "POLICYQA_LOG_LEVEL": "WARNING",
        "HF_HUB_OFFLINE": "1",
    }


def cli_ask_seconds(settings: Settings, runs: int) -> float:
    """Median wall time of `policyqa ask` in a fresh process, start to printed answer."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "policyqa.cli", "ask", PROBE],
            env=_env(settings),
            capture_output=True,
        )
        if done.returncode not in (0, 3):  # 3: answered that the documents do not say
            raise RuntimeError(f"policyqa ask failed: {done.stderr.decode()[-500:]}")
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def app_ready(settings: Settings, runs: int, timeout: float = 900) -> tuple[float, float]:
    """Median seconds from starting the web app until its page is served, and the largest
    peak resident memory (MB) the app reached after answering one question."""
    times, peaks = [], []
    for _ in range(runs):
        port = _free_port()
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--host", "127.0.0.1", "--port", str(port)],
            env=_env(settings),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(f"http://127.0.0.1:{port}/", proc, timeout)
            times.append(time.perf_counter() - started)
            _ask_app(port)
            peaks.append(_peak_rss_mb(proc.pid))
        finally:
            proc.terminate()
            proc.wait(30)
    return statistics.median(times), max(peaks)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the web app exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the web app did not answer at {url} within {timeout:.0f} s")


def _ask_app(port: int) -> None:
    """One question through the app's HTTP API, so that memory includes answering."""
    from gradio_client import Client

    Client(f"http://127.0.0.1:{port}/", verbose=False).predict(
        PROBE, "", "offline", api_name="/ask"
    )


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def warm(settings: Settings, questions: Path = DEV_QA) -> dict[str, float]:
    """In this process: p50/p95 of retrieval (per retriever) and of whole offline answers over
    the dev questions, their answer accuracy, and this process's peak memory."""
    services = Services(settings)
    chain = services.chain
    items = load_qa(questions)
    figures: dict[str, float] = {}
    for retriever in ("hybrid", "bm25", "dense"):
        times = []
        for item in items:
            info = understand(item.q, services.index.cities, services.index.doc_types)
            started = time.perf_counter()
            chain.search.search(info, chain.config.k, retriever)
            times.append(1000 * (time.perf_counter() - started))
        figures[f"retrieve_{retriever}_p50_ms"] = _percentile(times, 0.5)
        figures[f"retrieve_{retriever}_p95_ms"] = _percentile(times, 0.95)
    report = evaluate(chain, items)
    latencies = [r.latency_ms for r in report.results]
    figures["answer_p50_ms"] = _percentile(latencies, 0.5)
    figures["answer_p95_ms"] = _percentile(latencies, 0.95)
    figures["dev_accuracy"] = float(report.metrics()["answer_acc"] or 0.0)
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def warm_in_child(settings: Settings) -> dict[str, float]:
    """`warm` in a fresh process (memory and timings not mixed with the ingest)."""
    out = subprocess.run(
        [sys.executable, "-m", "policyqa.bench"],
        env=_env(settings),
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def scale(
    base: Settings,
    data_dir: Path,
    bulk: Path | None,
    chunks: int,
    fast: bool,
    runs: int = 3,
    per_doc: int = 20,
) -> dict[str, float]:
    """Every figure of the scale benchmark; builds the indexes that are not there yet."""
    settings = bench_settings(base, data_dir, fast)
    alone = bench_settings(base, data_dir.parent / f"{data_dir.name}-sample-only", fast)
    figures: dict[str, float] = {}
    if not (data_dir / "chroma").exists():
        figures.update(build(settings, bulk, chunks, per_doc))
    if not (alone.data_dir / "chroma").exists():
        build(alone, None, 0, per_doc)
    figures["chunks"] = float(Services(settings).store.count())
    figures["cli_ask_s"] = cli_ask_seconds(settings, runs)
    figures["app_ready_s"], app_peak = app_ready(settings, runs)
    with_bulk = warm_in_child(settings)
    figures.update({k: v for k, v in with_bulk.items() if k != "dev_accuracy"})
    figures["retrieve_p95_ms"] = with_bulk["retrieve_hybrid_p95_ms"]
    figures["peak_rss_mb"] = max(app_peak, with_bulk["peak_rss_mb"])
    figures["dev_accuracy_with_bulk"] = with_bulk["dev_accuracy"]
    figures["dev_accuracy"] = warm_in_child(alone)["dev_accuracy"]
    return figures


if __name__ == "__main__":  # the child process of `warm_in_child`
    logging.basicConfig(level=logging.WARNING)
    print(json.dumps(warm(Settings())))
