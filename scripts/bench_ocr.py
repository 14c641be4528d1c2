"""OCR benchmark: sample-corpus text drawn on A4 page images (Noto CJK), saved as an image-only
PDF, read back by the PDF loader (or, with --ingest, ingested as an upload is: loaded, chunked,
embedded and stored); logs each page as it is read, prints the character error rate and OCR
pages per minute.

    .venv/bin/python scripts/bench_ocr.py [--pages 4] [--ingest]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.loaders import load_document
from ingest.models import OCR_MARK, PAGE_END, Limits
from ingest.ocr import recognise
from tests.scans import A4, char_errors, image_pdf, render_pages, sample_paragraphs

LIMIT = 200 * 1024 * 1024


class OcrClock(logging.Handler):
    """Seconds of OCR so far, from the loader's per-page log records."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seconds = 0.0

    def emit(self, record: logging.LogRecord) -> None:
        if "OCR page" in str(record.msg) and isinstance(record.args, tuple):
            self.seconds = float(str(record.args[-1]))


def ingest(path: Path, data_dir: Path) -> str:
    """Ingest the scan into a fresh data folder as the app does; a one-line report."""
    from policyqa.services import Services
    from policyqa.settings import Settings

    services = Services(Settings(data_dir=data_dir, auto_ingest_sample=False))
    services.embedder.embed_batch(["预热"])  # load the embedding model outside the timing
    started = time.perf_counter()
    report = services.ingestor.ingest([path])
    seconds = time.perf_counter() - started
    return f"{report.summary()} in {seconds:.1f} s"


def main() -> None:
    """Render, OCR and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=4, help="A4 pages to render and read")
    parser.add_argument("--ingest", action="store_true", help="through the ingest pipeline")
    args = parser.parse_args()
    logging.basicConfig(format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    logging.getLogger("ingest.ocr").setLevel(logging.INFO)  # "OCR page 3 (3/20) 41.2 s"
    clock = OcrClock()
    logging.getLogger("ingest.ocr").addHandler(clock)
    images, drawn = render_pages(sample_paragraphs(0, 40 * args.pages), args.pages, A4, 32)
    if not drawn[-1]:
        sys.exit(f"the sample corpus fills fewer than {args.pages} pages")
    recognise(images[0].crop((0, 0, 200, 200)))  # load the models outside the timing
    texts: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scan.pdf"
        path.write_bytes(image_pdf(images))
        started = time.perf_counter()
        if args.ingest:
            print(f"ingest: {ingest(path, Path(tmp) / 'index')}")
        else:
            raw = load_document(path, LIMIT, Limits(max_bytes=LIMIT))
            texts = raw.split(f"\n{PAGE_END}{OCR_MARK}\n")[: args.pages]
        seconds = time.perf_counter() - started
    reference = "".join("".join(lines) for lines in drawn)
    print(f"pages: {args.pages} (A4, 150 dpi scans, {len(reference)} characters)")
    if texts:  # page by page: the edit distance is quadratic in the text's length
        pairs = zip(drawn, texts, strict=False)
        counts = [char_errors("".join(lines), text) for lines, text in pairs]
        rate = sum(e for e, _ in counts) / max(sum(n for _, n in counts), 1)
        print(f"character error rate: {rate:.4f}")
    print(f"OCR time: {clock.seconds:.1f} s = {60 * args.pages / clock.seconds:.1f} pages/minute")
    if args.ingest:
        print(f"ingest time: {seconds:.1f} s = {60 * args.pages / seconds:.1f} pages/minute")


if __name__ == "__main__":
    main()
