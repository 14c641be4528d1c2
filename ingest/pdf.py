"""PDF text layer via pypdf, page by page."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from pypdf import PdfReader

from ingest.decode import read_bytes, short_error
from ingest.models import IngestError, Limits, join_pages

logger = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-PDF warnings are noise here
_NEWLINES = re.compile(r"\r\n?|[\f\v]")  # page ends and OCR marks are ours alone


class PdfLoader:
    """PDF text layer via pypdf."""

    extensions: tuple[str, ...] = (".pdf",)

    def load(self, path: Path, limits: Limits) -> str:
        """The text layer of every page, each page ended by a form feed."""
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
        return join_pages(pages)


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
