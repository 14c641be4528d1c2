"""Plain data types passed between the ingestion stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PAGE_END = "\f"  # ends each page of a loader's raw text (PDF, OFD): chunks keep their page
OCR_MARK = "\v"  # right after PAGE_END: the page's text was recognised from its image


def join_pages(pages: list[str], ocr: frozenset[int] = frozenset()) -> str:
    """Raw text of a paged document: each page's text, then a form feed on a line of its own
    (marked when page number n, counted from 1, is in `ocr`)."""
    return "".join(
        f"{page}\n{PAGE_END}{OCR_MARK if n in ocr else ''}\n" for n, page in enumerate(pages, 1)
    )


class IngestError(Exception):
    """A file that cannot be ingested; str() is one line naming the file and the reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass(frozen=True)
class Limits:
    """Per-file resource budgets; a file over one is refused with one line naming the limit."""

    max_bytes: int = 50 * 1024 * 1024  # size of the file itself
    max_unzipped_bytes: int = 200 * 1024 * 1024  # .docx/.xlsx/.ofd: all members decompressed
    max_zip_ratio: float = 200.0  # zips: decompressed / compressed size of any member
    max_html_depth: int = 400  # HTML: nesting of elements
    max_pdf_pages: int = 2000  # PDF and OFD pages
    max_chars: int = 4_000_000  # text after loading (about 2,000 pages)
    max_chunks: int = 5000  # chunks of one document
    max_seconds: float = 120.0  # loading, cleaning and chunking one file
    ocr_pages: int = 100  # scanned PDF pages recognised per file (0: no OCR)
    ocr_seconds: float = 900.0  # OCR of one file, on top of max_seconds


@dataclass(frozen=True)
class Section:
    """A heading-delimited region of the cleaned text."""

    path: tuple[str, ...]
    start: int
    end: int

    @property
    def title(self) -> str:
        """Section path joined for display, e.g. '三、主要任务 > (一)全面加强知识产权保护'."""
        return " > ".join(self.path)


@dataclass
class DocumentMeta:
    """Metadata of one document, detected from its text and optionally overridden by the user."""

    title: str
    city: str
    doc_type: str
    year: int | None = None
    years: list[int] = field(default_factory=list)
    issuer: str | None = None
    source: str = ""
    content_hash: str = ""
    level: str = ""  # 省 / 市 / 区县 / 园区 of the document's place
    province: str = ""  # province-level place above it (itself for a province)
    place_path: str = ""  # short names from the province down: '浙江/宁波'
    adopted: str | None = None  # ISO dates a regulation states for itself
    effective: str | None = None
    revised: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (for storage and display)."""
        return asdict(self)


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage with its provenance in the cleaned text."""

    index: int
    text: str
    section: str
    start: int
    end: int
    tokens: int
    kind: str = "text"  # "text": a passage of the cleaned text; "outline": a section's sub-headings
    page: int | None = None  # page of its start (paged documents: PDF, OFD)
    page_starts: tuple[tuple[int, int], ...] = ()  # (offset, page) of later pages begun in it
    ocr: bool = False  # some of its text was recognised from a page image


@dataclass
class Record:
    """One target, outcome or subsidy with the sentence it comes from."""

    kind: str  # "target" | "outcome" | "subsidy"
    indicator: str
    value: float | None
    unit: str
    sentence: str
    start: int
    end: int
    value_max: float | None = None
    qualifier: str = ""
    value_text: str = ""
    baseline: float | None = None
    baseline_year: int | None = None
    year: int | None = None
    period: str = ""
    attribute: str = ""
    conditions: str = ""
    grantor: str = ""
    beneficiary: str = ""
    section: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for storage."""
        return asdict(self)
