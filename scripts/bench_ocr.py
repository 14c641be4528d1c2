"""OCR benchmark: sample-corpus text drawn on A4 page images (Noto CJK), saved as an image-only
PDF, read back by the PDF loader; prints the character error rate and OCR pages per minute.

    .venv/bin/python scripts/bench_ocr.py [--pages 4]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.loaders import load_document
from ingest.models import OCR_MARK, PAGE_END, Limits
from ingest.ocr import recognise
from tests.scans import A4, char_error_rate, image_pdf, render_pages, sample_paragraphs


def main() -> None:
    """Render, OCR and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4, help="A4 pages to render and read")
    args = parser.parse_args()
    images, drawn = render_pages(sample_paragraphs(0, 12 * args.pages), args.pages, A4, 32)
    recognise(images[0].crop((0, 0, 200, 200)))  # load the models outside the timing
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scan.pdf"
        path.write_bytes(image_pdf(images))
        started = time.perf_counter()
        raw = load_document(path, 200 * 1024 * 1024, Limits(max_bytes=200 * 1024 * 1024))
        seconds = time.perf_counter() - started
    pages = raw.split(f"\n{PAGE_END}{OCR_MARK}\n")[: args.pages]
    reference = "".join("".join(lines) for lines in drawn)
    print(f"pages: {args.pages} (A4, 150 dpi scans, {len(reference)} characters)")
    print(f"character error rate: {char_error_rate(reference, ''.join(pages)):.4f}")
    print(f"OCR time: {seconds:.1f} s = {60 * args.pages / seconds:.1f} pages/minute")


if __name__ == "__main__":
    main()
