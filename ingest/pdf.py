"""PDF via pypdf, page by page: the text layer, or OCR for scanned pages."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from pypdf import PageObject, PdfReader

from ingest.decode import read_bytes, short_error
from ingest.models import IngestError, Limits, join_pages
from ingest.ocr import ocr_pdf_pages
from ingest.pdf_tables import tables_text

logger = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-PDF warnings are noise here
_MIN_TEXT_CHARS = 10  # a page with less text than this but an image is treated as a scan
_RULE_OPERATORS = re.compile(rb"\s(?:re|l)\s")  # path operators: rectangle, line to
_MIN_RULES = 6  # a 2 x 2 table needs at least six rules
_NEWLINES = re.compile(r"\r\n?|[\f\v]")  # page ends and OCR marks are ours alone


class PdfLoader:
    """PDF text layer via pypdf; pages without one (scans) recognised by OCR."""

    extensions: tuple[str, ...] = (".pdf",)

    def load(self, path: Path, limits: Limits) -> str:
        """The text of every page, each page ended by a form feed (marked for OCR'd pages)."""
        data = read_bytes(path)
        if b"%PDF" not in data[:1024]:
            raise IngestError(path, "corrupt or unreadable PDF: no %PDF header")
        pages, scanned, ruled = self._extract(data, path, limits)
        for number, text in tables_text(data, ruled, path, limits).items():
            pages[number - 1] = text
        ocr: frozenset[int] = frozenset()
        if scanned and limits.ocr_pages > 0:
            if len(scanned) > limits.ocr_pages:
                raise IngestError(
                    path, f"{len(scanned)} scanned pages (> {limits.ocr_pages} OCR page limit)"
                )
            for number, text in ocr_pdf_pages(data, scanned, path, limits).items():
                pages[number - 1] = text
            ocr = frozenset(n for n in scanned if pages[n - 1].strip())
        if not any(page.strip() for page in pages):
            found = " and OCR found no text" if scanned and limits.ocr_pages > 0 else ""
            raise IngestError(path, f"PDF has no text layer{found} (scanned image?)")
        return join_pages(pages, ocr)

    def _extract(
        self, data: bytes, path: Path, limits: Limits
    ) -> tuple[list[str], list[int], list[int]]:
        """Open, decrypt if needed, and extract all pages; also the numbers of scanned pages
        and of text pages with ruling lines (maybe tables)."""
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise IngestError(path, "encrypted PDF (password protected)")
            if len(reader.pages) > limits.max_pdf_pages:
                raise IngestError(
                    path, f"{len(reader.pages)} pages (> {limits.max_pdf_pages} page limit)"
                )
            pages = _pdf_page_texts(reader, path)
            scanned = [n for n, page in enumerate(reader.pages, 1) if _is_scan(page, pages[n - 1])]
            ruled = [
                n
                for n, page in enumerate(reader.pages, 1)
                if n not in scanned and pages[n - 1].strip() and _has_rules(page)
            ]
        except IngestError:
            raise
        except Exception as exc:
            if "cryptography" in str(exc) or "AES" in str(exc):
                raise IngestError(
                    path, f"encrypted PDF (cannot decrypt: {short_error(exc)})"
                ) from exc
            raise IngestError(path, f"corrupt or unreadable PDF: {short_error(exc)}") from exc
        return pages, scanned, ruled


def _has_rules(page: PageObject) -> bool:
    """Whether the page draws enough lines or rectangles to hold a ruled table."""
    try:
        contents = page.get_contents()
        stream = contents.get_data() if contents is not None else b""
    except Exception:
        return False
    return len(_RULE_OPERATORS.findall(stream)) >= _MIN_RULES


def _is_scan(page: PageObject, text: str) -> bool:
    """A page with images and next to no text layer."""
    if len("".join(text.split())) >= _MIN_TEXT_CHARS:
        return False
    try:
        return len(page.images) > 0
    except Exception:
        return False


def _pdf_page_texts(reader: PdfReader, path: Path) -> list[str]:
    """Text of each page (newlines normalised); a failing page is left empty unless every
    page fails."""
    texts: list[str] = []
    error: Exception | None = None
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as exc:
            logger.warning("%s: skipping page %d: %s", path.name, number, short_error(exc))
            error, text = exc, ""
        texts.append(_NEWLINES.sub("\n", text))
    if error is not None and not any(texts):
        raise error
    return texts
