"""Format-specific loaders that turn one file into raw (uncleaned) text."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import docx
from docx.document import Document as DocxDocument
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from ingest.decode import decode_bytes, format_size, read_bytes, short_error
from ingest.html_text import HtmlLoader
from ingest.models import IngestError, Limits
from ingest.ofd import OfdLoader
from ingest.sheets import CsvLoader, XlsLoader, XlsxLoader
from ingest.zips import OLE2_MAGIC, check_zip_budget

logger = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-PDF warnings are noise here

_DOCX_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


class Loader(Protocol):
    """Reads one file format into raw text."""

    extensions: tuple[str, ...]

    def load(self, path: Path, limits: Limits) -> str:
        """Return the raw text of `path`; raise IngestError when it cannot be read."""
        ...


class TextLoader:
    """Plain text and Markdown."""

    extensions: tuple[str, ...] = (".txt", ".md")

    def load(self, path: Path, limits: Limits) -> str:
        """Decode the file's bytes."""
        return decode_bytes(read_bytes(path), path)


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
    """Yield each table row as its cells joined with ' | ' (merged cells once)."""
    for row in table.rows:
        cells: list[_Cell] = []
        for cell in row.cells:
            if not cells or cell is not cells[-1]:
                cells.append(cell)
        yield " | ".join(" ".join(c.text.split()) for c in cells)


class PdfLoader:
    """PDF text layer via pypdf."""

    extensions: tuple[str, ...] = (".pdf",)

    def load(self, path: Path, limits: Limits) -> str:
        """Join the text layer of every page with newlines."""
        data = read_bytes(path)
        if b"%PDF" not in data[:1024]:
            raise IngestError(path, "corrupt or unreadable PDF: no %PDF header")
        text = self._extract(data, path, limits)
        if not text.strip():
            raise IngestError(path, "PDF has no text layer (scanned image?)")
        return text

    def _extract(self, data: bytes, path: Path, limits: Limits) -> str:
        """Open, decrypt if needed, and extract all pages."""
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise IngestError(path, "encrypted PDF (password protected)")
            if len(reader.pages) > limits.max_pdf_pages:
                raise IngestError(
                    path, f"{len(reader.pages)} pages (> {limits.max_pdf_pages} page limit)"
                )
            pages = _pdf_page_texts(reader, path)
        except IngestError:
            raise
        except Exception as exc:
            if "cryptography" in str(exc) or "AES" in str(exc):
                raise IngestError(
                    path, f"encrypted PDF (cannot decrypt: {short_error(exc)})"
                ) from exc
            raise IngestError(path, f"corrupt or unreadable PDF: {short_error(exc)}") from exc
        return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")


def _pdf_page_texts(reader: PdfReader, path: Path) -> list[str]:
    """Text of each page; a failing page is skipped unless every page fails."""
    texts: list[str] = []
    error: Exception | None = None
    for number, page in enumerate(reader.pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as exc:
            logger.warning("%s: skipping page %d: %s", path.name, number, short_error(exc))
            error = exc
    if error is not None and not texts:
        raise error
    return texts


_LOADERS: tuple[Loader, ...] = (
    TextLoader(),
    DocxLoader(),
    PdfLoader(),
    HtmlLoader(),
    XlsxLoader(),
    XlsLoader(),
    CsvLoader(),
    OfdLoader(),
)
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(ext for ld in _LOADERS for ext in ld.extensions)


def loader_for(path: Path) -> Loader:
    """Loader for the file's extension (case-insensitive); IngestError if unsupported."""
    suffix = path.suffix.lower()
    for loader in _LOADERS:
        if suffix in loader.extensions:
            return loader
    shown = f"'{suffix}'" if suffix else "(no extension)"
    supported = ", ".join(SUPPORTED_EXTENSIONS)
    raise IngestError(path, f"unsupported file type {shown} (supported: {supported})")


def load_document(path: Path, max_bytes: int, limits: Limits | None = None) -> str:
    """Validate the file (exists, supported, non-empty, within its budgets) and load its text."""
    limits = limits or Limits(max_bytes=max_bytes)
    if not path.is_file():
        raise IngestError(path, "file not found" if not path.exists() else "not a regular file")
    loader = loader_for(path)
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "empty file (0 bytes)")
    if size > max_bytes:
        shown, limit = format_size(size), format_size(max_bytes)
        if shown == limit:
            shown, limit = f"{size} bytes", f"{max_bytes} bytes"
        raise IngestError(path, f"file too large ({shown} > {limit} limit)")
    text = loader.load(path, limits)
    if len(text) > limits.max_chars:
        raise IngestError(path, f"{len(text):,} characters (> {limits.max_chars:,} limit)")
    if not text.strip():
        raise IngestError(path, "no text content (empty or whitespace only)")
    logger.debug("loaded %s: %d chars", path.name, len(text))
    return text
