"""OCR of scanned PDF pages, offline: each page rendered by PDFium (pypdfium2), its text found
by RapidOCR's PP-OCR Chinese models (shipped inside the wheel), boxes put in reading order
(`ingest.ocr_layout`: margins dropped, columns, tables); seals and ink signatures are painted
out first (`ingest.seals`)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from ingest.decode import short_error
from ingest.models import IngestError, Limits
from ingest.ocr_layout import OcrLine, reading_order
from ingest.seals import without_seals

logger = logging.getLogger(__name__)

_DPI = 200  # rendering resolution: PP-OCR reads body text well from 150 dpi up
_MAX_SIDE = 3000  # pixels: a poster-sized page is rendered smaller
_MIN_SCORE = 0.5  # recognitions PP-OCR itself doubts are dropped
_LOCK = threading.Lock()  # one recognition at a time: the model already uses every core


@lru_cache(maxsize=1)
def _engine() -> Any:
    """The RapidOCR engine (models load once per process, from the installed wheel)."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def recognise(image: Any) -> list[OcrLine]:
    """Text boxes of an image (PIL; RapidOCR converts it to BGR), confident readings only."""
    with _LOCK:
        result, _ = _engine()(image)
    out = []
    for box, text, score in result or []:
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        if float(score) >= _MIN_SCORE and str(text).strip():
            out.append(OcrLine(str(text).strip(), min(xs), min(ys), max(xs), max(ys)))
    return out


def _render(data: bytes, numbers: list[int]) -> Iterator[tuple[int, Any]]:
    """Page images (PIL) of the given 1-based page numbers."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        for number in numbers:
            page = document[number - 1]
            width, height = page.get_size()
            scale = min(_DPI / 72, _MAX_SIDE / max(width, height, 1))
            yield number, page.render(scale=scale).to_pil()
            page.close()
    finally:
        document.close()


def ocr_pdf_pages(data: bytes, numbers: list[int], path: Path, limits: Limits) -> dict[int, str]:
    """Text of each scanned page (lines joined by newlines), within the OCR time budget."""
    started = time.monotonic()
    texts: dict[int, str] = {}
    try:
        for done, (number, image) in enumerate(_render(data, numbers), start=1):
            image = without_seals(image)
            texts[number] = "\n".join(reading_order(recognise(image), image.height))
            elapsed = time.monotonic() - started
            logger.info(
                "%s: OCR page %d (%d/%d) %.1f s", path.name, number, done, len(numbers), elapsed
            )
            if elapsed > limits.ocr_seconds and done < len(numbers):
                raise IngestError(
                    path,
                    f"OCR of {len(numbers)} scanned pages over {limits.ocr_seconds:g} s "
                    f"(stopped after {done}): refused",
                )
    except IngestError:
        raise
    except ImportError as exc:
        raise IngestError(path, f"scanned PDF: OCR not installed ({short_error(exc)})") from exc
    except Exception as exc:
        raise IngestError(path, f"scanned PDF: OCR failed ({short_error(exc)})") from exc
    return texts
