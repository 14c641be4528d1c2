"""Preparing documents ahead of the writer: in worker processes during a large ingest.

Cleaning, chunking and extracting records cost about as much per chunk as writing them, and
the writer (Chroma's upsert) holds the GIL, so a large ingest prepares documents in a small
pool of processes while the calling process writes the batches they fill. A small ingest (one
upload, a few files) prepares in the calling process: starting workers would cost more than
it saves.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
import time
import traceback
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from types import TracebackType
from typing import TypeVar

from ingest.models import IngestError, Limits
from ingest.prepare import Loaded, Prepared, prepare
from vectorstore.lexical import Analyser

log = logging.getLogger(__name__)

POOL_MIN_FILES = 16  # fewer files than this are prepared in the calling process
AHEAD_PER_WORKER = 64  # documents prepared ahead of the writer, per worker: more than a batch
AHEAD_CHARS = 32_000_000  # and at most this much loaded text waiting to be prepared
K = TypeVar("K")


@dataclass(frozen=True)
class Job:
    """Everything needed to prepare one loaded document, anywhere."""

    loaded: Loaded
    overrides: Mapping[str, object]
    limits: Limits
    chunk_tokens: int
    overlap: int
    with_records: bool
    load_seconds: float  # already spent reading the file; counts against its time budget
    analyse: Analyser | None = None  # the lexical index's (a module-level function: picklable)


@dataclass(frozen=True)
class Refused:
    """A document that could not be prepared: the line to show, and a traceback if unexpected."""

    error: str
    trace: str = ""


Done = tuple[Prepared | Refused, float]  # the outcome and the seconds preparing took


def prepare_job(job: Job) -> Prepared:
    """Prepare one document; raises IngestError (or ValueError) on bad input."""
    started = time.perf_counter()
    loaded = replace(job.loaded, started=started - job.load_seconds)  # time queued is not its own
    return prepare(
        loaded,
        job.overrides,
        job.limits,
        job.chunk_tokens,
        job.overlap,
        job.with_records,
        job.analyse,
    )


def run_job(job: Job) -> Done:
    """Prepare one document; bad input comes back as its one-line error, never raised."""
    started = time.perf_counter()
    try:
        outcome: Prepared | Refused = prepare_job(job)
    except Exception as exc:
        outcome = refusal(job.loaded.path.name, exc)
    return outcome, time.perf_counter() - started


def refusal(name: str, exc: Exception) -> Refused:
    """The one-line error of a file that could not be loaded or prepared (with the traceback
    when the error is not one of bad input)."""
    if isinstance(exc, IngestError):
        return Refused(str(exc))
    if isinstance(exc, ValueError):  # bad sidecar or override
        return Refused(f"{name}: {exc}")
    return Refused(f"{name}: {type(exc).__name__}: {exc}", traceback.format_exc())


def worker_count(configured: int | None, files: int) -> int:
    """Worker processes to prepare `files` files with (0: in the calling process); by default
    one per CPU core (on 2 cores, 2 workers beside the writer beat 1: ~245 against ~185
    chunks/s, the calling process alone ~177)."""
    if files < POOL_MIN_FILES:
        return 0
    return (os.cpu_count() or 1) if configured is None else configured


class Preparer:
    """Runs preparation jobs in a process pool, or at once in the calling process (0 workers)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: Executor | None = None
        if workers > 0:
            self._pool = ProcessPoolExecutor(
                workers,
                mp_context=multiprocessing.get_context("spawn"),  # never fork Chroma's threads
                initializer=_start_worker,
                initargs=(logging.getLogger().getEffectiveLevel(),),
            )
            log.info("preparing documents in %d worker processes", workers)

    def submit(self, job: Job) -> Future[Done]:
        """Start preparing a document; in the calling process the future is already done."""
        if self._pool is not None:
            return self._pool.submit(run_job, job)
        future: Future[Done] = Future()
        future.set_result(run_job(job))
        return future

    def in_order(self, jobs: Iterable[tuple[K, Job]]) -> Iterator[tuple[K, Done]]:
        """Prepare jobs a little ahead of the caller (bounded in count and text), yielding
        them in their order; `jobs` is consumed lazily, so loading keeps pace too."""
        ahead: deque[tuple[K, int, Future[Done]]] = deque()
        room = AHEAD_PER_WORKER * self.workers  # in the calling process: none ahead
        chars = 0  # loaded text of the documents ahead
        for key, job in jobs:
            ahead.append((key, len(job.loaded.raw), self.submit(job)))
            chars += len(job.loaded.raw)
            while len(ahead) > room or chars > AHEAD_CHARS:
                done = ahead.popleft()
                chars -= done[1]
                yield done[0], done[2].result()
        while ahead:
            done = ahead.popleft()
            yield done[0], done[2].result()

    def __enter__(self) -> Preparer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _start_worker(level: int) -> None:
    """Workers log what they warn about (an illegible glyph, say) to stderr like the caller,
    and exit when the caller dies (killed mid-ingest, it cannot shut its pool down)."""
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()


def _exit_with(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)
