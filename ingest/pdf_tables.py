"""Ruled tables in text-layer PDFs (pdfplumber): a page with tables is read as its text above,
between and below them, each table as rows of '列名：值' pairs."""

from __future__ import annotations

import io
import logging
import re
import time
from pathlib import Path
from typing import Any

from ingest.decode import short_error
from ingest.models import Limits
from ingest.tables import table_lines

logger = logging.getLogger(__name__)
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_SHARE_OF_BUDGET = 0.25  # of max_seconds spent looking for tables; later pages keep plain text
_CJK_BREAK = re.compile(
    r"(?<=[\u3000-\u9fff\uff00-\uffef])\s*\n\s*(?=[\u3000-\u9fff\uff00-\uffef])"
)


def _cell(text: str | None) -> str:
    """A cell's text on one line (a wrap between Chinese characters joined without a space)."""
    return " ".join(_CJK_BREAK.sub("", text or "").split())


def _region_text(page: Any, top: float, bottom: float) -> str:
    """Text of the characters whose middle lies between two heights (a band between tables)."""

    def inside(obj: dict[str, Any]) -> bool:
        return obj.get("object_type") == "char" and top <= (obj["top"] + obj["bottom"]) / 2 < bottom

    return str(page.filter(inside).extract_text() or "").strip()


def page_with_tables(page: Any) -> str | None:
    """The page's text with its ruled tables as labelled rows, or None when it has none."""
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
    rows_of = [[[_cell(c) for c in row] for row in t.extract()] for t in tables]
    found = [(t, rows) for t, rows in zip(tables, rows_of, strict=True) if len(rows) >= 2]
    if not found:
        return None
    parts, top = [], 0.0
    for table, rows in found:
        parts.append(_region_text(page, top, table.bbox[1]))
        parts.append("\n".join(table_lines(rows)))
        top = table.bbox[3]
    parts.append(_region_text(page, top, page.height))
    return "\n".join(part for part in parts if part)


def tables_text(data: bytes, numbers: list[int], path: Path, limits: Limits) -> dict[int, str]:
    """Texts of the pages (1-based numbers) that have tables; never fails the file: a page
    pdfplumber cannot read keeps its plain text, and so do pages past a share of the budget."""
    import pdfplumber

    deadline = time.monotonic() + _SHARE_OF_BUDGET * limits.max_seconds
    out: dict[int, str] = {}
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:
        logger.warning("%s: tables not read: %s", path.name, short_error(exc))
        return out
    with pdf:
        for number in numbers:
            if time.monotonic() > deadline:
                logger.warning("%s: tables read up to page %d only (time)", path.name, number - 1)
                break
            try:
                text = page_with_tables(pdf.pages[number - 1])
            except Exception as exc:
                logger.warning(
                    "%s: page %d tables not read: %s", path.name, number, short_error(exc)
                )
                continue
            if text is not None:
                out[number] = text
    return out
