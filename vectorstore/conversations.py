"""The conversation log: every question, its answer and citations, and users' 👍/👎 (SQLite)."""

from __future__ import annotations

import csv
import json
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from vectorstore.sqlite import connect

COLUMNS = (
    "id", "at", "user", "question", "answer", "citations", "mode", "found", "latency_ms",
    "rating", "comment",
)  # fmt: skip


class ConversationLog:
    """Turns in `conversations.sqlite3`; `gaps()` lists what the knowledge base is missing."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = connect(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS turns (id INTEGER PRIMARY KEY, at TEXT, user TEXT,"
            " question TEXT, answer TEXT, citations TEXT, mode TEXT, found INTEGER,"
            " latency_ms REAL, rating INTEGER, comment TEXT)"
        )
        self._db.commit()

    def record(
        self,
        user: str,
        question: str,
        answer: str,
        citations: Sequence[str],
        mode: str,
        found: bool,
        latency_ms: float,
    ) -> int:
        """Log one answered question; returns its id (for the feedback)."""
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock, self._db:
            cursor = self._db.execute(
                "INSERT INTO turns (at, user, question, answer, citations, mode, found,"
                " latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (at, user, question, answer, json.dumps(list(citations), ensure_ascii=False),
                 mode, int(found), round(latency_ms, 1)),
            )  # fmt: skip
        return int(cursor.lastrowid or 0)

    def rate(self, turn_id: int, rating: int, comment: str = "") -> bool:
        """👍 (+1) or 👎 (-1) with an optional comment; False if there is no such turn."""
        if rating not in (-1, 1):
            raise ValueError(f"rating must be 1 or -1, not {rating}")
        with self._lock, self._db:
            cursor = self._db.execute(
                "UPDATE turns SET rating = ?, comment = ? WHERE id = ?",
                (rating, comment.strip()[:1000], turn_id),
            )
        return cursor.rowcount == 1

    def recent(self, limit: int = 200) -> list[dict[str, Any]]:
        """The newest turns first."""
        return self._select("1 = 1", limit)

    def gaps(self, limit: int = 200) -> list[dict[str, Any]]:
        """Questions the knowledge base could not answer or whose answer got a 👎, newest first."""
        return self._select("found = 0 OR rating = -1", limit)

    def _select(self, condition: str, limit: int) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT * FROM turns WHERE {condition} ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
        return [dict(r) for r in rows]


def write_csv(rows: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Turns as CSV (UTF-8 with BOM when written to a file, so that Excel reads it)."""
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
