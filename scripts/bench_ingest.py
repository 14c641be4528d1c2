"""Ingest throughput without embedding, side by side for several worker counts.

    scripts/bench_ingest.py --docs 400 --workers 0,1,2 --runs 3

Each run ingests the same bulk news documents (20 articles each, from the shared compressed
corpus) into a fresh index with the hashing embedder, in a fresh process; worker counts are
interleaved run by run so that a noisy machine affects them alike. Prints every run and the
median chunks/s (excluding embedding) per worker count.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BULK = ROOT.parent / "shared" / "scale" / "news_68k.txt.xz"


def one_run(folder: Path, docs: int, workers: int) -> dict[str, float]:
    """Ingest `docs` bulk documents into a fresh index under `folder` (in this process)."""
    from policyqa.bench import _write_round, bench_settings, bulk_documents
    from policyqa.services import Services
    from policyqa.settings import Settings

    index = folder / f"index-{workers}"
    shutil.rmtree(index, ignore_errors=True)
    settings = bench_settings(Settings(), index, fast=True)
    services = Services(settings.model_copy(update={"ingest_workers": workers}))
    paths = _write_round(folder / "bulk", bulk_documents(BULK, 20), docs, 0)
    started = time.perf_counter()
    report = services.ingest(paths)
    seconds = time.perf_counter() - started
    chunks = sum(r.chunks for r in report.results)
    return {"chunks": chunks, "seconds": seconds, "embed": report.timings.get("embed", 0.0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=400, help="bulk documents per run")
    parser.add_argument("--workers", default="0,2", help="worker counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs per worker count")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.child is not None:
        print(json.dumps(one_run(args.folder, args.docs, args.child)))
        return
    counts = [int(w) for w in args.workers.split(",")]
    rates: dict[int, list[float]] = {w: [] for w in counts}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            for workers in counts:
                command = [sys.executable, __file__, "--docs", str(args.docs)]
                command += ["--child", str(workers), "--folder", tmp]
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                got = json.loads(done.stdout.strip().splitlines()[-1])
                rate = got["chunks"] / (got["seconds"] - got["embed"])
                rates[workers].append(rate)
                print(
                    f"run {run + 1} workers {workers}: {got['chunks']:.0f} chunks in "
                    f"{got['seconds']:.1f} s ({got['embed']:.1f} s embedding): {rate:.0f} chunks/s"
                )
    for workers in counts:
        print(f"workers {workers}: median {statistics.median(rates[workers]):.0f} chunks/s")


if __name__ == "__main__":
    main()
