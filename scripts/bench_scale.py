"""Scale benchmark (first slice of `policyqa bench scale`): the sample corpus plus N news articles
as distractors, the hashing embedder (no model: figures exclude embedding), then ingest rate,
cold start of a fresh process (services + index ready, first answer) and warm retrieval.

Usage: .venv/bin/python scripts/bench_scale.py --bulk ../shared/scale/news_68k.txt.xz \\
           --articles 3000 --data-dir /tmp/bench [--runs 3]
Run it again with the same --data-dir to time only the start and the queries.
"""

from __future__ import annotations

import argparse
import json
import lzma
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.evaluation import load_qa  # noqa: E402
from policyqa.services import Services  # noqa: E402
from policyqa.settings import Settings  # noqa: E402

EMBEDDER = "hash:384"
COLD = """
import sys, time
start = time.perf_counter()
sys.path.insert(0, {root!r})
from policyqa.services import Services
from policyqa.settings import Settings
services = Services(Settings(data_dir={data!r}, embedding_model={model!r}, auto_ingest_sample=False))
chain = services.chain
ready = time.perf_counter() - start
chain.ask("衡阳市2020年1-11月专利申请量是多少？")
print(ready, time.perf_counter() - start)
"""


def settings_for(data_dir: Path) -> Settings:
    """Benchmark settings: the data folder, the hashing embedder, no automatic sample."""
    return Settings(data_dir=data_dir, embedding_model=EMBEDDER, auto_ingest_sample=False)


def write_articles(bulk: Path, n: int, folder: Path) -> int:
    """The first `n` articles of the compressed file, one text file each."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    with lzma.open(bulk, "rt", encoding="utf-8") as lines:
        for line in lines:
            if written >= n:
                break
            if len(line.strip()) > 50:
                (folder / f"news_{written:06d}.txt").write_text(line.strip(), encoding="utf-8")
                written += 1
    return written


def build(data_dir: Path, bulk: Path, articles: int) -> dict[str, float]:
    """Ingest the sample corpus and the articles; chunks and chunks/s (hash embedding)."""
    write_articles(bulk, articles, data_dir.parent / f"{data_dir.name}-articles")
    services = Services(settings_for(data_dir))
    start = time.perf_counter()
    report = services.ingest(
        [ROOT / "data" / "corpus", data_dir.parent / f"{data_dir.name}-articles"]
    )
    seconds = time.perf_counter() - start
    chunks = sum(r.chunks for r in report.results)
    return {"chunks": chunks, "ingest_chunks_per_s": chunks / seconds, "ingest_s": seconds}


def cold_start(data_dir: Path, runs: int) -> tuple[float, float]:
    """Median (services ready, first answer) seconds of fresh processes."""
    script = COLD.format(root=str(ROOT), data=str(data_dir), model=EMBEDDER)
    ready, answered = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env={**os.environ, "HF_HUB_OFFLINE": "1", "POLICYQA_LOG_LEVEL": "WARNING"},
            check=True,
        )
        a, b = (float(x) for x in out.stdout.split()[-2:])
        ready.append(a)
        answered.append(b)
    return statistics.median(ready), statistics.median(answered)


def warm_queries(data_dir: Path) -> dict[str, float]:
    """p50 / p95 ms of hybrid retrieval and of whole offline answers over dev.jsonl."""
    services = Services(settings_for(data_dir))
    chain = services.chain
    questions = [i.q for i in load_qa(ROOT / "data" / "eval" / "dev.jsonl")]
    retrieve, answer = [], []
    from assistant.query import understand

    for q in questions:
        info = understand(q, services.index.cities, services.index.doc_types)
        t = time.perf_counter()
        chain.retrieve(info)
        retrieve.append(1000 * (time.perf_counter() - t))
        t = time.perf_counter()
        chain.ask(q)
        answer.append(1000 * (time.perf_counter() - t))

    def p(values: list[float], q: float) -> float:
        return sorted(values)[min(len(values) - 1, int(q * len(values)))]

    return {
        "retrieve_p50_ms": p(retrieve, 0.5),
        "retrieve_p95_ms": p(retrieve, 0.95),
        "answer_p50_ms": p(answer, 0.5),
        "answer_p95_ms": p(answer, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bulk", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    figures: dict[str, float] = {}
    if not (args.data_dir / "chroma").exists():
        figures.update(build(args.data_dir, args.bulk, args.articles))
    services = Services(settings_for(args.data_dir))
    figures["chunks_indexed"] = services.store.count()
    figures["app_ready_s"], figures["first_answer_s"] = cold_start(args.data_dir, args.runs)
    figures.update(warm_queries(args.data_dir))
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}, indent=2))


if __name__ == "__main__":
    main()
