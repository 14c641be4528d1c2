"""Format-specific loaders that turn one file into raw (uncleaned) text."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from ingest.decode import decode_bytes, format_size, read_bytes
from ingest.docx_text import DocxLoader
from ingest.html_text import HtmlLoader
from ingest.models import IngestError, Limits
from ingest.ofd import OfdLoader
from ingest.office import LegacyWordLoader
from ingest.pdf import PdfLoader
from ingest.sheets import CsvLoader, XlsLoader, XlsxLoader

logger = logging.getLogger(__name__)


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


_LOADERS: tuple[Loader, ...] = (
    TextLoader(),
    DocxLoader(),
    LegacyWordLoader(),
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
