"""Answers from a scanned copy vs the text: the 衡阳 report drawn on A4 page images (Noto CJK),
saved as an image-only PDF, ingested by OCR into one data folder and as text into another;
the dev questions about it are asked of both and their answer correctness compared.

    HF_HUB_OFFLINE=1 .venv/bin/python scripts/bench_ocr_answers.py [--keep DIR] [--with-corpus]

Prints OCR pages, seconds and pages/minute, answer accuracy on text vs scan, how many questions
got the same correctness, and each question whose outcome differs (with where its answer lies
on the scan and whether the OCR read it). One run; several minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import tempfile
import time
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["POLICYQA_AUTO_INGEST_SAMPLE"] = "false"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ingest.pdf
from assistant.evaluation import ItemResult, QAItem, contains_any, evaluate, load_qa
from ingest.ocr import recognise
from policyqa.services import Services
from policyqa.settings import PROJECT_ROOT, Settings
from tests.scans import A4, char_error_rate, image_pdf, render_pages

DOC = "000_5b541e14f83c3092.txt"
CORPUS = PROJECT_ROOT / "data" / "corpus"
DEV = PROJECT_ROOT / "data" / "eval" / "dev.jsonl"
FONT_SIZE = 32  # as scripts/bench_ocr.py: about 30 characters a line, 30 lines a page
SHORT = 110  # characters of an answer shown


def render_report(text: str) -> tuple[list[Any], list[list[str]]]:
    """Every paragraph of `text` on as many A4 pages as it needs (and the lines on each)."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    pages = len(text) // 700 + 3
    while True:
        images, drawn = render_pages(paragraphs, pages, A4, FONT_SIZE)
        if not drawn[-1]:  # a blank last page: nothing was left out
            used = sum(1 for lines in drawn if lines)
            return images[:used], drawn[:used]
        pages *= 2


class OcrProgress(logging.Handler):
    """Keeps the OCR loader's per-page log records (page, done, total, seconds so far)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.pages: list[tuple[int, int, int, float]] = []

    def emit(self, record: logging.LogRecord) -> None:
        args = record.args
        if "OCR page" in str(record.msg) and isinstance(args, tuple) and len(args) == 5:
            number, done, total = (int(str(a)) for a in args[1:4])
            seconds = float(str(args[4]))
            self.pages.append((number, done, total, seconds))
            print(f"  OCR page {done}/{total} {seconds:.0f} s", file=sys.stderr, flush=True)


def record_ocr_texts(into: dict[int, str]) -> None:
    """Keep each OCR'd page's text as the PDF loader reads it (a wrapper in this process only;
    the project code is unchanged)."""
    original = ingest.pdf.ocr_pdf_pages

    def recording(*args: Any, **kwargs: Any) -> dict[int, str]:
        texts = original(*args, **kwargs)
        into.update(texts)
        return texts

    ingest.pdf.ocr_pdf_pages = recording


def build(folder: Path, files: list[Path]) -> tuple[Services, float]:
    """A data folder with `files` ingested through the project's own services."""
    settings = Settings(data_dir=folder, auto_ingest_sample=False)
    services = Services(settings)
    started = time.perf_counter()
    report = services.ingest(files)
    seconds = time.perf_counter() - started
    for result in report.failed:
        raise SystemExit(f"ingest failed: {result.error}")
    services.sync_records()
    return services, seconds


def describe(services: Services, source: str) -> str:
    """Title, city, year and type the folder holds for `source`, and its chunk count."""
    for d in services.store.list_documents():
        if d.get("source") == source:
            keys = ("title", "city", "year", "doc_type", "chunks", "n_chunks")
            return " ".join(f"{k}={d[k]}" for k in keys if k in d)
    return "(not found)"


def shorten(text: str, limit: int = SHORT) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def where(item: QAItem, drawn: list[list[str]], ocr: dict[int, str]) -> str:
    """Scan pages whose drawn text holds an accepted answer, and whether OCR read it there."""
    notes = []
    for n, lines in enumerate(drawn, 1):
        page = "".join(lines)
        found = [a for a in item.any if contains_any(page, [a])]
        if found:
            fragment = max(found, key=len)
            read = "read" if contains_any(ocr.get(n, ""), [fragment]) else "NOT read"
            notes.append(f"p{n} {fragment!r} {read}")
    return "; ".join(notes) or "answer not on one page (split across lines/pages?)"


def page_error_rate(drawn: list[list[str]], ocr: dict[int, str]) -> float:
    """Character error rate of the whole report, page by page (weighted by page length)."""
    errors = total = 0.0
    for n, lines in enumerate(drawn, 1):
        reference = "".join(lines)
        size = len("".join(unicodedata.normalize("NFKC", reference).split()))
        errors += char_error_rate(reference, ocr.get(n, "")) * size
        total += size
    return errors / max(total, 1)


def main() -> None:
    """Render, OCR, ingest both copies, evaluate both, compare."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", metavar="DIR", help="build the data folders here and keep them")
    parser.add_argument(
        "--with-corpus",
        action="store_true",
        help="also ingest the other sample-corpus documents (as text) into both folders",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    progress = OcrProgress()
    ocr_logger = logging.getLogger("ingest.ocr")
    ocr_logger.setLevel(logging.INFO)
    ocr_logger.addHandler(progress)
    ocr_logger.propagate = False
    ocr_texts: dict[int, str] = {}
    record_ocr_texts(ocr_texts)

    text_path = CORPUS / DOC
    pdf_name = Path(DOC).with_suffix(".pdf").name
    items = [i for i in load_qa(DEV) if DOC in i.docs]
    scan_items = [
        replace(i, docs=tuple(pdf_name if d == DOC else d for d in i.docs)) for i in items
    ]
    others = [p for p in sorted(CORPUS.glob("*.txt")) if p.name != DOC] if args.with_corpus else []

    if args.keep:
        root = Path(args.keep)
        root.mkdir(parents=True, exist_ok=True)
        holder = None
    else:
        holder = tempfile.TemporaryDirectory(prefix="bench_ocr_answers-")
        root = Path(holder.name)
    for name in ("text", "scan", "input"):
        if (root / name).exists() and any((root / name).iterdir()):
            raise SystemExit(f"{root / name} is not empty: give --keep a new folder")
    (root / "input").mkdir(exist_ok=True)

    images, drawn = render_report(text_path.read_text(encoding="utf-8"))
    pdf_path = root / "input" / pdf_name
    pdf_path.write_bytes(image_pdf(images))
    (root / "input" / "questions-text.jsonl").write_text(
        "".join(json.dumps(_jsonl(i), ensure_ascii=False) + "\n" for i in items), "utf-8"
    )
    (root / "input" / "questions-scan.jsonl").write_text(
        "".join(json.dumps(_jsonl(i), ensure_ascii=False) + "\n" for i in scan_items), "utf-8"
    )
    recognise(images[0].crop((0, 0, 200, 200)))  # load the OCR models outside the timing

    print(f"document: {DOC} ({len(text_path.read_text(encoding='utf-8'))} characters)")
    print(f"questions: {len(items)} ({sum(bool(i.history) for i in items)} follow-ups)")
    if others:
        print(f"other documents in both folders: {len(others)}")
    print(f"folders: {root}", file=sys.stderr)

    print("ingesting text copy…", file=sys.stderr, flush=True)
    text_services, text_ingest = build(root / "text", [text_path, *others])
    print("ingesting scanned copy (OCR)…", file=sys.stderr, flush=True)
    scan_services, scan_ingest = build(root / "scan", [pdf_path, *others])
    pages = len(progress.pages)
    ocr_seconds = progress.pages[-1][3] if progress.pages else 0.0
    (root / "input" / "ocr_pages.txt").write_text(
        "".join(f"=== page {n} ===\n{t}\n" for n, t in sorted(ocr_texts.items())), "utf-8"
    )
    cer = page_error_rate(drawn, ocr_texts)

    print("evaluating…", file=sys.stderr, flush=True)
    started = time.perf_counter()
    text_report = evaluate(text_services.chain, items)
    scan_report = evaluate(scan_services.chain, scan_items)
    eval_seconds = time.perf_counter() - started

    n = len(items)
    text_ok = sum(r.answer_ok for r in text_report.results)
    scan_ok = sum(r.answer_ok for r in scan_report.results)
    pairs = list(zip(items, text_report.results, scan_report.results, strict=True))
    same = sum(t.answer_ok == s.answer_ok for _, t, s in pairs)
    identical = sum(t.answer == s.answer for _, t, s in pairs)
    alike = sum(_squash(t.answer) == _squash(s.answer) for _, t, s in pairs)
    differ = [(i, t, s) for i, t, s in pairs if t.answer_ok != s.answer_ok]
    tm, sm = text_report.metrics(), scan_report.metrics()

    print(f"scan: {pages} A4 pages, 150 dpi, image-only PDF ({pdf_path.stat().st_size} bytes)")
    print(f"OCR pages: {pages}")
    print(f"OCR seconds: {ocr_seconds:.1f}")
    if ocr_seconds:
        print(f"OCR pages/minute: {60 * pages / ocr_seconds:.1f}")
    print(f"OCR character error rate (whole report): {cer:.4f}")
    print(f"ingest seconds: text {text_ingest:.1f}, scan {scan_ingest:.1f} (OCR included)")
    print(f"text document: {describe(text_services, DOC)}")
    print(f"scan document: {describe(scan_services, pdf_name)}")
    print(f"answer accuracy text: {text_ok}/{n} = {text_ok / n:.3f}")
    print(f"answer accuracy scan: {scan_ok}/{n} = {scan_ok / n:.3f}")
    print(
        f"hit@1 text {tm.get('hit@1', 0):.3f} scan {sm.get('hit@1', 0):.3f}; "
        f"hit@5 text {tm.get('hit@5', 0):.3f} scan {sm.get('hit@5', 0):.3f}"
    )
    print(
        f"abstained text {sum(r.abstained for r in text_report.results)} "
        f"scan {sum(r.abstained for r in scan_report.results)}"
    )
    print(f"same correctness: {same}/{n} = {same / n:.3f} (target >= 0.90)")
    print(f"identical answer text: {identical}/{n} ({alike}/{n} ignoring whitespace)")
    both_wrong = [i.id for i, t, s in pairs if not t.answer_ok and not s.answer_ok]
    print(f"wrong in both: {', '.join(both_wrong) or 'none'}")
    print(f"evaluation seconds (both): {eval_seconds:.1f}")
    print(f"differing outcomes: {len(differ)}")
    for item, t, s in differ:
        print(f"- {item.id} [{item.type}{', follow-up' if item.history else ''}] {item.q}")
        print(
            f"  expected: {' | '.join(item.any)}{' all: ' + ' | '.join(item.all) if item.all else ''}"
        )
        print(f"  text {_mark(t)}: {shorten(t.answer)}")
        print(f"  scan {_mark(s)}: {shorten(s.answer)}")
        print(f"  on the scan: {where(item, drawn, ocr_texts)}")
    if args.keep:
        print(f"kept: {root} (input/ocr_pages.txt holds the OCR text of each page)")
    if holder is not None:
        holder.cleanup()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _mark(r: ItemResult) -> str:
    state = "ok" if r.answer_ok else "abstained" if r.abstained else "wrong"
    return f"{state} rank={r.rank}"


def _jsonl(item: QAItem) -> dict[str, Any]:
    """A QA item as a dev.jsonl line (for `policyqa eval --qa`)."""
    out: dict[str, Any] = {"id": item.id, "type": item.type, "q": item.q}
    out["doc"] = list(item.docs) if len(item.docs) > 1 else item.doc
    out["any"] = list(item.any)
    out["split"], out["style"] = item.split, item.style
    if item.all:
        out["all"] = list(item.all)
    if item.history:
        out["history"] = [list(h) for h in item.history]
    return out


if __name__ == "__main__":
    main()
