"""Word .docx via python-docx: paragraphs (headings as '#' lines) and table rows in order."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.decode import read_bytes, short_error
from ingest.models import IngestError, Limits
from ingest.tables import table_lines
from ingest.zips import OLE2_MAGIC, check_zip_budget

_DOCX_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


class DocxLoader:
    """Word .docx via python-docx: paragraphs and tables in document order."""

    extensions: tuple[str, ...] = (".docx",)

    def load(self, path: Path, limits: Limits) -> str:
        """Extract body paragraphs (headings as '#' lines) and table rows."""
        data = read_bytes(path)
        if data.startswith(OLE2_MAGIC):
            raise IngestError(path, "corrupt .docx: legacy .doc or password-protected Word file")
        check_zip_budget(data, path, limits)
        try:
            document = docx.Document(io.BytesIO(data))
            return "\n".join(line for line in _docx_lines(document) if line.strip())
        except Exception as exc:
            raise IngestError(path, f"corrupt .docx: {short_error(exc)}") from exc


def _docx_lines(document: DocxDocument) -> Iterator[str]:
    """Yield one line per body paragraph and per table row, in document order."""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _docx_table_rows(block)
        else:
            yield _docx_paragraph(block)


def _docx_paragraph(paragraph: Paragraph) -> str:
    """Paragraph text, prefixed with '#'s when its style is 'Heading N'."""
    text = paragraph.text.strip()
    try:
        style = paragraph.style
        style_name = (style.name if style is not None else None) or ""
    except Exception:
        style_name = ""
    match = _DOCX_HEADING.match(style_name.strip())
    if match and text:
        return "#" * min(max(int(match.group(1)), 1), 6) + " " + text
    return text


def _docx_table_rows(table: Table) -> Iterator[str]:
    """The table's lines (see `table_lines`); a merged cell fills every column it spans."""
    rows = [[" ".join(cell.text.split()) for cell in row.cells] for row in table.rows]
    yield from table_lines(rows)
