"""Chinese heading detection and section paths."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.models import Section

_CN_NUM = "一二三四五六七八九十百零〇"

# (rank, pattern): lower rank = higher level. Official documents nest 一、 > （一） > 1. > （1）.
# Regulations nest 第X章 > 第X节 > 第X条; an article's own items (一)… stay inside it.
ARTICLE_RANK = 3
_ARTICLE = re.compile(rf"^第[{_CN_NUM}\d]+条(?=[\s　]|$)")
_MARKERS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^第[{_CN_NUM}\d]+[章编]")),
    (2, re.compile(rf"^第[{_CN_NUM}\d]+节")),
    (ARTICLE_RANK, _ARTICLE),
    (4, re.compile(rf"^[{_CN_NUM}]+\s*[、.．]")),
    (5, re.compile(rf"^[（(]\s*[{_CN_NUM}]+\s*[）)]")),
    (6, re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))")),
    (7, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
]
PLAIN_RANK = 0  # untyped headings ("知识产权保护得到加强", markdown titles): never nest
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_TERMINAL = "。！？；：!?;:…”’」』"
_MAX_INLINE_TITLE = 40
_MAX_STANDALONE = 40


@dataclass(frozen=True)
class Heading:
    """A heading found at the start of a line; `title` is the heading text only."""

    rank: int
    title: str
    inline_body: bool  # the line continues with body text after the title


def strip_md(line: str) -> tuple[str, bool]:
    """Remove a markdown heading prefix; return the text and whether it was one."""
    match = _MD_HEADING.match(line)
    if match:
        return match.group(2).strip(), True
    return line, False


def marker_rank(line: str) -> int | None:
    """Rank of the numbering marker the line starts with, if any."""
    for rank, pattern in _MARKERS:
        if pattern.match(line):
            return rank
    return None


def _inline_title(line: str) -> tuple[str, bool] | None:
    """'(一). 专利量质快速齐升。1-11 月…' → ('(一). 专利量质快速齐升', True) when the title is short."""
    match = re.search(r"[。；：:!！？?]", line)
    if match is None:
        return None
    title = line[: match.start()].strip()
    if not 0 < len(title) <= _MAX_INLINE_TITLE:
        return None
    return title, bool(line[match.end() :].strip())


def is_plain_heading(line: str) -> bool:
    """A short standalone line without sentence punctuation that reads like a heading."""
    if len(line) < 4 or len(line) > 24 or line[-1] in _TERMINAL:
        return False
    if re.search(r"[，,。；;：:]", line) or line.startswith(("-", "•", "·", "—")):
        return False
    digits = sum(ch.isdigit() for ch in line)
    return digits <= len(line) // 3


def detect_heading(line: str, *, allow_plain: bool = True) -> Heading | None:
    """Classify one cleaned line as a heading (standalone or followed by inline body)."""
    text, was_md = strip_md(line.strip())
    if not text:
        return None
    rank = marker_rank(text)
    article = _ARTICLE.match(text)
    if article is not None:  # '第十条 职务发明创造…': the article number titles its text
        return Heading(
            ARTICLE_RANK, article.group(0), inline_body=bool(text[article.end() :].strip())
        )
    if rank is not None and was_md:
        return Heading(rank, text.rstrip(_TERMINAL), inline_body=False)
    if rank is not None:
        inline = _inline_title(text)
        if inline is not None and not inline[1] and text.rstrip()[-1] in "；;，,":
            return None  # a list item ("4. 到 2025 年，…达到 5 件；"), not a heading
        if inline is not None:
            return Heading(rank, inline[0], inline_body=inline[1])
        if text[-1] not in _TERMINAL and len(text) <= _MAX_STANDALONE:
            return Heading(rank, text, inline_body=False)
        return None
    if was_md:
        return Heading(PLAIN_RANK, text, inline_body=False)
    if allow_plain and is_plain_heading(text):
        return Heading(PLAIN_RANK, text, inline_body=False)
    return None


@dataclass
class _Open:
    rank: int
    title: str


def build_sections(headings: list[tuple[int, Heading]], text_length: int) -> list[Section]:
    """Turn (offset, heading) pairs into contiguous sections covering the whole text."""
    sections: list[Section] = []
    stack: list[_Open] = []
    start = 0
    path: tuple[str, ...] = ()
    for offset, heading in headings:
        if offset > start:
            sections.append(Section(tuple(path), start, offset))
        if heading.rank == PLAIN_RANK:
            stack.clear()
        while stack and (stack[-1].rank >= heading.rank or stack[-1].rank == PLAIN_RANK):
            stack.pop()
        stack.append(_Open(heading.rank, heading.title))
        start, path = offset, tuple(o.title for o in stack)
    if text_length > start or not sections:
        sections.append(Section(tuple(path), start, text_length))
    return sections
