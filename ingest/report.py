"""What an ingest run reports per file, and which files a run covers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ingest.loaders import SUPPORTED_EXTENSIONS


@dataclass
class FileResult:
    """Outcome of one file: added / updated / unchanged / failed."""

    path: Path
    status: str
    doc_id: str = ""
    chunks: int = 0
    error: str = ""
    source: str = ""  # the name the document is stored under (the archive copy has another)

    @property
    def name(self) -> str:
        """The file name to show the user."""
        return self.source or self.path.name


@dataclass
class IngestReport:
    """Per-file results plus seconds spent in each stage."""

    results: list[FileResult] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def count(self, status: str) -> int:
        """Number of files with this status."""
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> list[FileResult]:
        """Results of files that could not be ingested."""
        return [r for r in self.results if r.status == "failed"]

    def summary(self) -> str:
        """One line: '新增 2 · 更新 1 · 未变 3 · 失败 1'."""
        parts = ("added", "新增"), ("updated", "更新"), ("unchanged", "未变"), ("failed", "失败")
        return " · ".join(f"{label} {self.count(key)}" for key, label in parts)


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[FileResult]]:
    """Expand folders into supported files; missing paths and empty folders become failures."""
    files: list[Path] = []
    failures: list[FileResult] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS
            )
            if not found:
                reason = f"no supported documents in folder ({', '.join(SUPPORTED_EXTENSIONS)})"
                failures.append(FileResult(path, "failed", error=f"{path}: {reason}"))
            files += found
        elif path.exists():
            files.append(path)
        else:
            failures.append(FileResult(path, "failed", error=f"{path}: file not found"))
    return list(dict.fromkeys(files)), failures
