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
    """

    def __init__(self, data_dir: Path, timeout: float) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self.timeout = timeout
        self.path = data_dir / LOCK_NAME
        self._lock = FileLock(str(self.path), thread_local=False)
        self.generation = ""

    def acquire(self, wait: bool = True) -> bool:
        """Take the lock (waiting up to the timeout when `wait`); False if not taken."""
        try:
            self._lock.acquire(timeout=0)
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
        return True

    def release(self) -> None:
        """Release one hold; the outermost release stamps a new generation."""
        try:
            if self._lock.lock_counter == 1:
                self.generation = stamp_generation(self.data_dir)
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
        self.release()

    @property
    def held(self) -> bool:
        """Whether this process holds the lock now."""
        return self._lock.is_locked
