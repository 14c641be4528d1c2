"""SQLite table of structured records (targets, outcomes, subsidies) kept per document."""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from vectorstore.sqlite import connect

COLUMNS = (
    "doc_id", "source", "title", "city", "kind", "indicator", "value", "value_max", "unit",
    "qualifier", "value_text", "baseline", "baseline_year", "year", "period", "attribute",
    "conditions", "grantor", "section", "sentence", "start", "end", "beneficiary",
)  # fmt: skip


class RecordStore:
    """Records in `records.sqlite3`; a document's records are replaced as a whole."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = connect(path)
        cols = ", ".join(f'"{c}"' for c in COLUMNS)
        self._db.execute(f"CREATE TABLE IF NOT EXISTS records (id INTEGER PRIMARY KEY, {cols})")
        self._db.execute("CREATE INDEX IF NOT EXISTS records_doc ON records(doc_id)")
        self._add_missing_columns()
        self._create_extracted_table()
        self._db.execute("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT)")
        self._db.commit()

    def _add_missing_columns(self) -> None:
        """Columns added since the table was made (a folder from an older version)."""
        have = {r[1] for r in self._db.execute("PRAGMA table_info(records)")}
        for column in COLUMNS:
            if column not in have:
                self._db.execute(f'ALTER TABLE records ADD COLUMN "{column}"')

    def extractor_version(self) -> str:
        """The version of the extraction rules the stored records come from ('' if unknown)."""
        with self._lock:
            row = self._db.execute("SELECT value FROM settings WHERE key = 'extractor'").fetchone()
        return str(row[0]) if row else ""

    def mark_stale(self, version: str) -> None:
        """Rules changed: every document is to be read again; `version` is what it will be."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM extracted")
            self._db.execute("INSERT OR REPLACE INTO settings VALUES ('extractor', ?)", (version,))

    def _create_extracted_table(self) -> None:
        """Which documents were read for records, those that had none too (a folder from before
        this table: the documents that have records)."""
        exists = self._db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'extracted'"
        ).fetchone()
        if exists:
            return
        self._db.execute("CREATE TABLE extracted (doc_id TEXT PRIMARY KEY)")
        self._db.execute("INSERT INTO extracted SELECT DISTINCT doc_id FROM records")

    def replace_document(self, doc_id: str, records: Sequence[Mapping[str, Any]]) -> None:
        """Store a document's records in one transaction (old ones removed)."""
        self.replace_documents({doc_id: records})

    def replace_documents(self, docs: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        """Store several documents' records in one transaction (their old ones removed)."""
        rows = [
            [_cell(r.get(c)) for c in COLUMNS]
            for doc_id, records in docs.items()
            for r in ({**r, "doc_id": doc_id} for r in records)
        ]
        marks = ", ".join("?" * len(COLUMNS))
        cols = ", ".join(f'"{c}"' for c in COLUMNS)
        with self._lock, self._db:
            self._db.executemany(
                "DELETE FROM records WHERE doc_id = ?", [(doc_id,) for doc_id in docs]
            )
            self._db.executemany(f"INSERT INTO records ({cols}) VALUES ({marks})", rows)
            self._db.executemany(
                "INSERT OR IGNORE INTO extracted VALUES (?)", [(doc_id,) for doc_id in docs]
            )

    def delete_document(self, doc_id: str) -> None:
        """Remove a document's records."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM records WHERE doc_id = ?", (doc_id,))
            self._db.execute("DELETE FROM extracted WHERE doc_id = ?", (doc_id,))

    def retain(self, doc_ids: set[str]) -> int:
        """Drop records of documents no longer in the index; returns how many were dropped."""
        with self._lock, self._db:
            known = {r[0] for r in self._db.execute("SELECT doc_id FROM extracted")}
            for doc_id in known - doc_ids:
                self._db.execute("DELETE FROM records WHERE doc_id = ?", (doc_id,))
                self._db.execute("DELETE FROM extracted WHERE doc_id = ?", (doc_id,))
        return len(known - doc_ids)

    def doc_ids(self) -> set[str]:
        """Documents whose records were extracted (whether or not they had any)."""
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT doc_id FROM extracted")}

    def for_document(self, doc_id: str) -> list[dict[str, Any]]:
        """One document's records in text order."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM records WHERE doc_id = ? ORDER BY start", (doc_id,)
            ).fetchall()
        return [dict(r) for r in rows]

    def query(self, kind: str | None = None, city: str | None = None) -> list[dict[str, Any]]:
        """Records (optionally of one kind / city) in document order."""
        sql = "SELECT * FROM records WHERE 1=1"
        args: list[str] = []
        if kind:
            sql, args = sql + " AND kind = ?", [*args, kind]
        if city:
            sql, args = sql + " AND city = ?", [*args, city]
        with self._lock:
            rows = self._db.execute(sql + " ORDER BY city, doc_id, start", args).fetchall()
        return [dict(r) for r in rows]


def _cell(value: Any) -> Any:
    """SQLite-storable value (dicts and lists as JSON)."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value
