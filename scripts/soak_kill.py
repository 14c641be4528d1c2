"""SIGKILL soak: kill `policyqa ingest / update / delete / reindex` at random moments and check
that the index the next process opens is consistent. Prints `tried / held` per operation.

Bounded and local: temporary folders only, the hash embedder (no model), no network.
Usage: .venv/bin/python scripts/soak_kill.py [-n 20] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policyqa.services import Services  # noqa: E402
from policyqa.settings import Settings  # noqa: E402

CORPUS = ROOT / "data" / "corpus"
OPERATIONS = ("ingest", "update", "delete", "reindex")


def env_for(data_dir: Path) -> dict[str, str]:
    """Environment of one CLI process on `data_dir`."""
    return {
        **os.environ,
        "POLICYQA_DATA_DIR": str(data_dir),
        "POLICYQA_EMBEDDING_MODEL": "hash:64",
        "POLICYQA_AUTO_INGEST_SAMPLE": "false",
        "POLICYQA_LOG_LEVEL": "WARNING",
        "HF_HUB_OFFLINE": "1",
    }


def cli(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    """Start `policyqa …` in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "policyqa.cli", *args],
        env=env_for(data_dir),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def prepare(work: Path) -> tuple[Path, Path]:
    """A data folder holding the sample corpus; the folder of its originals."""
    docs = work / "docs"
    shutil.copytree(CORPUS, docs)
    data_dir = work / "index"
    if cli(data_dir, "ingest", str(docs)).wait() != 0:
        raise SystemExit("could not build the starting index")
    return data_dir, docs


def arguments(operation: str, docs: Path, rng: random.Random) -> list[str]:
    """The CLI arguments of one operation (an update appends a line to one original)."""
    files = sorted(docs.iterdir())
    target = rng.choice(files)
    if operation == "ingest":
        return ["ingest", str(docs)]
    if operation == "update":
        with target.open("a", encoding="utf-8") as handle:
            handle.write(f"\n补充说明：第{rng.randint(1, 10**6)}号。\n")
        return ["ingest", str(target)]
    if operation == "delete":
        return ["delete", target.name]
    return ["reindex"]


def consistent(data_dir: Path) -> str | None:
    """None when the index is consistent, else what is wrong."""
    settings = Settings(
        data_dir=data_dir, embedding_model="hash:64", auto_ingest_sample=False, _env_file=None
    )  # type: ignore[call-arg]
    services = Services(settings)
    store = services.store
    docs = store.list_documents()
    sources = [d["source"] for d in docs]
    if len(sources) != len(set(sources)):
        return f"a file is listed twice: {sorted(sources)}"
    for doc in docs:
        have = len(store.chunks.get(where={"doc_id": doc["doc_id"]}, include=[])["ids"])
        if have != doc["chunks"]:
            return f"{doc['source']}: {have} chunks stored, {doc['chunks']} registered"
    if store.count() != sum(int(d["chunks"]) for d in docs):
        return "chunks without a document"
    if not services.records.doc_ids() <= {str(d["doc_id"]) for d in docs}:
        return "records of documents that are gone"
    for doc in docs:
        if services.ingestor.archived_path(str(doc["doc_id"]), str(doc["source"])) is None:
            return f"{doc['source']}: original missing from the archive"
    return None


def check_in_new_process(data_dir: Path) -> str | None:
    """`consistent()` as the next process to open the folder sees it."""
    got = subprocess.run(
        [sys.executable, __file__, "--check", str(data_dir)],
        env=env_for(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = got.stdout.strip().splitlines()
    if got.returncode != 0 or not out:
        return f"the index did not open: {got.stderr.strip().splitlines()[-1:]}"
    return None if out[-1] == "OK" else out[-1]


def soak(operation: str, rounds: int, rng: random.Random) -> tuple[int, int, list[str]]:
    """Kill `operation` at a random moment `rounds` times; (tried, held, problems)."""
    held, problems = 0, []
    with tempfile.TemporaryDirectory(prefix=f"soak-{operation}-") as tmp:
        data_dir, docs = prepare(Path(tmp))
        for n in range(rounds):
            if operation == "delete" and not any(docs.iterdir()):
                shutil.copytree(CORPUS, docs, dirs_exist_ok=True)
                cli(data_dir, "ingest", str(docs)).wait()
            proc = cli(data_dir, *arguments(operation, docs, rng))
            time.sleep(rng.uniform(0.5, 6.0))  # process start is about 2–3 s of this
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
            proc.wait()
            problem = check_in_new_process(data_dir)
            if problem is None:
                held += 1
            else:
                problems.append(f"round {n + 1}: {problem}")
    return rounds, held, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20, help="kills per operation")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=OPERATIONS, action="append")
    parser.add_argument("--check", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.check:
        print(consistent(args.check) or "OK")
        return
    rng = random.Random(args.seed)
    print(f"{'operation':<10} {'tried':>5} {'held':>5}")
    for operation in args.only or OPERATIONS:
        tried, held, problems = soak(operation, args.n, rng)
        print(f"{operation:<10} {tried:>5} {held:>5}")
        for problem in problems:
            print(f"    {problem}")


if __name__ == "__main__":
    main()
