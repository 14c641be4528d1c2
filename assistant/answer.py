"""Answers are data: text with [n] markers plus the citations they point to."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

NOT_FOUND = "在已收录的文件中没有找到"
_MARKER = re.compile(r"\[(\d{1,2})\]")


@dataclass
class Citation:
    """One numbered source: the document, the passage and the supporting sentence span."""

    n: int
    doc: str  # source file name
    title: str
    city: str
    year: int | None
    section: str
    span: tuple[int, int]  # character span of the supporting sentence(s) in the cleaned text
    snippet: str  # the supporting sentence(s)
    passage: str  # the whole chunk text
    passage_start: int  # start of the chunk in the cleaned text
    doc_id: str = ""
    chunk_id: str = ""
    score: float = 0.0
    answer_span: tuple[int, int] | None = None  # the exact answer (a sum, date …) in the text
    page: int | None = None  # page of the snippet (PDF, OFD)
    ocr: bool = False  # the passage was recognised from a scanned page

    @property
    def location(self) -> str:
        """'第3页', '第3页 · OCR' or '' (documents without pages)."""
        parts = [f"第{self.page}页"] if self.page is not None else []
        return " · ".join([*parts, "OCR"] if self.ocr else parts)

    @property
    def answer_highlight(self) -> tuple[int, int] | None:
        """Span of the exact answer inside `passage`, if one was found."""
        if self.answer_span is None:
            return None
        start = self.answer_span[0] - self.passage_start
        return start, start + self.answer_span[1] - self.answer_span[0]

    @property
    def highlight(self) -> tuple[int, int]:
        """Span of the snippet inside `passage` (for highlighting)."""
        start = max(0, self.span[0] - self.passage_start)
        return start, min(len(self.passage), start + self.span[1] - self.span[0])


@dataclass
class Answer:
    """The answer text (with [n] markers), its citations and how it was produced."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    found: bool = True
    mode: str = "offline"
    question: str = ""
    standalone_question: str = ""
    closest: list[Citation] = field(default_factory=list)  # shown when nothing was found
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (API, `--json`)."""
        return asdict(self)


def location_of(metadata: Mapping[str, Any]) -> str:
    """Where a stored chunk begins: '第3页', '第3页 · OCR' or '' (documents without pages)."""
    page = metadata.get("page")
    parts = [f"第{page}页"] if page not in (None, "") else []
    return " · ".join([*parts, "OCR"] if metadata.get("ocr") else parts)


def page_of(metadata: Mapping[str, Any], offset: int) -> int | None:
    """Page of a cleaned-text offset inside a stored chunk: its start page, or the last page
    begun at or before the offset ('page_starts' holds 'offset:page' pairs)."""
    page = metadata.get("page")
    if page is None:
        return None
    for pair in str(metadata.get("page_starts") or "").split(","):
        start, _, later = pair.partition(":")
        if start and later and int(start) <= offset:
            page = later
    return int(page)


def markers(text: str) -> list[int]:
    """Citation numbers used in a text, in order of first use."""
    return list(dict.fromkeys(int(n) for n in _MARKER.findall(text)))


def neutralise_markers(text: str) -> str:
    """Document text with its own '[n]' turned into '［n］' (same length), so that it can never
    pass for one of our citation markers."""
    return _MARKER.sub(lambda m: f"［{m.group(1)}］", text)


def strip_markers(text: str) -> str:
    """Text without [n] markers."""
    return _MARKER.sub("", text)


def drop_markers(text: str, numbers: list[int]) -> str:
    """Text without the [n] markers whose number is in `numbers`."""
    return _MARKER.sub(lambda m: "" if int(m.group(1)) in numbers else m.group(0), text)
