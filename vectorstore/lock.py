"""One writer at a time across processes, and a generation stamp readers use to notice writes.

Every process that changes the data folder (CLI, web app, re-index) holds `WriteLock` while it
writes; on release it stamps a new generation. A reader whose own view was opened at another
generation knows that someone else wrote and reopens its view (a local Chroma client keeps its
vector index in memory and does not see other processes' writes).
"""

from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path
from types import TracebackType

from filelock import FileLock, Timeout

log = logging.getLogger(__name__)

LOCK_NAME = ".write.lock"
GENERATION_NAME = ".generation"
DIRTY_NAME = ".writing"  # present while a write is under way; left behind by a crash


class IndexBusyError(RuntimeError):
    """Another process kept the data folder's write lock for longer than the wait allowed."""


def read_generation(data_dir: Path) -> str:
    """The current generation stamp of the data folder ('' before the first write)."""
    try:
        return (data_dir / GENERATION_NAME).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def stamp_generation(data_dir: Path) -> str:
    """Write a new generation stamp atomically and return it."""
    stamp = uuid.uuid4().hex
    tmp = data_dir / f"{GENERATION_NAME}.{os.getpid()}.tmp"
    tmp.write_text(stamp, encoding="utf-8")
    os.replace(tmp, data_dir / GENERATION_NAME)
    return stamp


class WriteLock:
    """Inter-process write lock on a data folder (re-entrant within one process).

    A second writer waits up to `timeout` seconds, logging once that it waits, then raises
    `IndexBusyError` naming the lock file. Releasing the outermost hold stamps a new generation.
    While a write is under way a marker file exists; a writer killed (or failing) mid-way leaves
    it behind, and `interrupted` then tells the next holder to clean up.
    """

    def __init__(self, data_dir: Path, timeout: float) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self.timeout = timeout
        self.path = data_dir / LOCK_NAME
        self._lock = FileLock(str(self.path), thread_local=False)
        self.generation = ""
        self.marker = data_dir / DIRTY_NAME
        self.interrupted = False

    def acquire(self, wait: bool = True) -> bool:
        """Take the lock (waiting up to the timeout when `wait`); False if not taken."""
        try:
            self._lock.acquire(timeout=0)
            self._mark()
            return True
        except Timeout:
            if not wait:
                return False
        log.warning(
            "另一个进程正在写入知识库，等待其完成（最多 %.0f 秒）：%s", self.timeout, self.path
        )
        try:
            self._lock.acquire(timeout=self.timeout)
        except Timeout:
            raise IndexBusyError(
                f"知识库正被另一个进程写入，{self.timeout:.0f} 秒后仍未完成，请稍后再试"
                f"（锁文件 {self.path}）"
            ) from None
        self._mark()
        return True

    def _mark(self) -> None:
        """On the outermost hold: note whether the last writer died mid-way, then mark ours."""
        if self._lock.lock_counter == 1:
            self.interrupted = self.marker.exists()
            self.marker.write_text(str(os.getpid()), encoding="utf-8")

    def release(self, clean: bool = True, changed: bool = True) -> None:
        """Release one hold; the outermost release stamps a new generation (unless nothing
        `changed`) and, when the write completed (`clean`), removes the in-progress marker."""
        try:
            if self._lock.lock_counter == 1:
                if changed:
                    self.generation = stamp_generation(self.data_dir)
                if clean:
                    self.marker.unlink(missing_ok=True)
                    self.interrupted = False
        finally:
            self._lock.release()

    def __enter__(self) -> WriteLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release(clean=exc_type is None)

    @property
    def held(self) -> bool:
        """Whether this process holds the lock now."""
        return self._lock.is_locked
