"""Audit log of changes to the knowledge base (who, when, what, which document), in SQLite."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from vectorstore.sqlite import connect

_SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    document TEXT NOT NULL,
    detail TEXT NOT NULL
)
"""


class AuditLog:
    """Append-only log; several processes may write (SQLite serialises them)."""

    def __init__(self, path: Path) -> None:
        self._db = connect(path)
        self._lock = threading.Lock()
        with self._lock, self._db:
            self._db.execute(_SCHEMA)

    def record(self, user: str, action: str, document: str = "", detail: str = "") -> None:
        """Add one entry, stamped with the current time (UTC)."""
        at = datetime.now(UTC).isoformat(timespec="seconds")
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO audit (at, user, action, document, detail) VALUES (?, ?, ?, ?, ?)",
                (at, user, action, document, detail),
            )

    def recent(self, limit: int = 50) -> list[tuple[str, str, str, str, str]]:
        """The newest entries first: (time, user, action, document, detail)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT at, user, action, document, detail FROM audit ORDER BY id DESC LIMIT ?",
                (limit,),
            ).fetchall()
        return [tuple(str(v) for v in row) for row in rows]  # type: ignore[misc]
