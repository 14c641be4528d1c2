"""Clean raw extracted text into paragraphs, headings and tables with exact character spans."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from ingest.models import OCR_MARK, PAGE_END, Section
from ingest.structure import (
    ARTICLE_RANK,
    PLAIN_RANK,
    Heading,
    build_sections,
    detect_heading,
    is_plain_heading,
    marker_rank,
    strip_md,
)
from ingest.tables import format_table, is_pipe_line, looks_like_table, split_cells

ILLEGIBLE = "□"  # U+25A1, the usual mark for a character that cannot be read
_PRIVATE_USE = "\ue000-\uf8ff"
_GLYPH_IN_FIGURE = re.compile(rf"(?<=\d)[{_PRIVATE_USE}]+(?=\d)")
_DEBRIS = [
    re.compile(r"##paid(?:begin|end)##", re.I),
    re.compile(r"\*\*"),
    re.compile(r"【[A-Za-z0-9]】"),
    re.compile(rf"[\u200b-\u200f\ufeff\u2060{_PRIVATE_USE}]"),  # zero-width and private-use
]
_NOISE_LINES = [
    re.compile(r"^(?:本?文档|文件)?(?:编辑|打开|修改)?密码\s*[:：]"),  # document passwords
    re.compile(r"^联系(?:人|电话)\s*[:：]"),  # contact lines with personal phone numbers
    re.compile(r"^【[^】]{1,8}】$"),  # disclosure stamps such as 【同意公开】
    re.compile(r"^[-=_*]{3,}$"),  # horizontal rules
    re.compile(r"^<!--.*-->$"),  # HTML comments left in Markdown
    re.compile(r"^第?\s*\d+\s*页(?:\s*[/共]\s*\d+\s*页?)?$|^-\s*\d+\s*-$"),  # page numbers
]
_TERMINAL = "。！？；!?;…”’」』：:"
_NEW_PARA = re.compile(r"^(?:[-•·]\s|——|[\u4e00-\u9fff]{1,4}[：:](?!\d))")
_INTERVIEW_QUESTION = re.compile(r"^(?:记者|问|主持人)\s*[:：]\s*(.{4,}?)\s*$")
_MIN_BROKEN_LINE = 15
_MAX_CAPTION = 40


Pages = tuple[tuple[int, int], ...]  # (offset in a paragraph or block, page) where pages begin


class Line(NamedTuple):
    """A normalised raw line, the blank lines before it and the page it is on."""

    text: str
    gap: int
    page: int


@dataclass(frozen=True)
class Block:
    """A paragraph, heading or table row group in the cleaned text."""

    kind: str  # "heading" | "para" | "table"
    text: str
    heading: Heading | None = None
    pages: Pages = ((0, 1),)


@dataclass
class CleanDocument:
    """Cleaned text plus its blocks (with offsets) and sections; pages when the raw text had
    page ends (PDF, OFD)."""

    text: str
    blocks: list[tuple[int, Block]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    page_map: list[tuple[int, int]] = field(default_factory=list)  # (offset, page) changes
    ocr_pages: frozenset[int] = frozenset()

    def page_at(self, offset: int) -> int | None:
        """Page of the text at `offset`; None for documents without pages."""
        if not self.page_map:
            return None
        index = bisect_right(self.page_map, (offset, float("inf"))) - 1
        return self.page_map[max(index, 0)][1]

    def page_starts(self, start: int, end: int) -> list[tuple[int, int]]:
        """(offset, page) of each later page beginning in (start, end)."""
        low = bisect_right(self.page_map, (start, float("inf")))
        high = bisect_left(self.page_map, (end, float("-inf")))
        return self.page_map[low:high]


def page_map(blocks: list[tuple[int, Block]]) -> list[tuple[int, int]]:
    """(offset, page) where the text begins and wherever a new page begins."""
    out: list[tuple[int, int]] = []
    for offset, block in blocks:
        for inside, page in block.pages:
            if not out or page != out[-1][1]:
                out.append((offset + min(inside, len(block.text)), page))
    return out


_BRACKETED_NUMBER = re.compile(r"\[(\d{1,3})\]")


def illegible_figures(raw: str) -> int:
    """Figures with a font-private glyph inside (a decimal point or digit no reader can know)."""
    return len(_GLYPH_IN_FIGURE.findall(raw))


def normalise_line(line: str) -> str:
    """Remove markup debris and odd spaces from one raw line.

    A private-use glyph between digits is kept as □: dropping it would turn "1\ue01070元"
    into a confident 170元 when the original may read 1.70元.
    """
    line = _GLYPH_IN_FIGURE.sub(ILLEGIBLE, line)
    for pattern in _DEBRIS:
        line = pattern.sub("", line)
    line = line.replace("\u3000", " ").replace("\xa0", " ").replace("\t", " ")
    line = _BRACKETED_NUMBER.sub(r"［\1］", line)  # never mistaken for a citation marker
    return re.sub(r" {2,}", " ", line).strip()


def is_noise(line: str) -> bool:
    """Lines that are clearly not content."""
    return any(p.search(line) for p in _NOISE_LINES)


def _lines_with_gaps(raw: str) -> tuple[list[Line], frozenset[int]]:
    """Non-empty normalised lines with the blank lines before them and their page; and the
    pages whose page end is marked as OCR."""
    out: list[Line] = []
    blanks, page, ocr = 0, 1, set()
    for raw_line in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        parts = raw_line.split(PAGE_END)
        for n, part in enumerate(parts):
            if n:
                if part.startswith(OCR_MARK):
                    ocr.add(page)
                page += 1
            line = normalise_line(part)
            if not line:
                blanks += len(parts) == 1  # a page end is no paragraph break
                continue
            if not is_noise(line):
                out.append(Line(line, blanks, page))
            blanks = 0
    return out, frozenset(ocr)


def _is_broken(line: str) -> bool:
    """A line that stops mid-sentence (PDF line wrap or page break)."""
    text, was_md = strip_md(line)
    if was_md or len(text) < _MIN_BROKEN_LINE or text[-1] in _TERMINAL:
        return False
    if text.startswith("——") and not re.search(r"[。；]", text):
        return False  # a subtitle ("——某局局长答记者问")
    heading = detect_heading(text, allow_plain=False)
    return heading is None or heading.inline_body


def _starts_paragraph(line: str) -> bool:
    """A line that must not be glued to the previous one."""
    text, was_md = strip_md(line)
    return was_md or is_plain_heading(text) or bool(_NEW_PARA.match(text) or marker_rank(text))


def collapse_table_of_contents(lines: list[Line]) -> list[Line]:
    """Fold a '目录' line and the heading-only lines after it into one '目录：…' paragraph.

    The entries stay searchable (some plans list their measures only there) but no longer
    open sections of their own.
    """
    out: list[Line] = []
    entries: list[str] = []
    in_toc, toc_page = False, 1
    for line, gap, page in lines:
        if re.fullmatch(r"目\s*录", line):
            in_toc, toc_page = True, page
            continue
        if in_toc and detect_heading(line, allow_plain=False) is not None:
            entries.append(line.rstrip("。；;"))
            continue
        if entries:
            out.append(Line("目录：" + "；".join(entries) + "。", 1, toc_page))
            entries = []
        in_toc = False
        out.append(Line(line, gap, page))
    if entries:
        out.append(Line("目录：" + "；".join(entries) + "。", 1, toc_page))
    return out


def _is_caption(line: str, gap: int) -> bool:
    """A picture caption dropped into the middle of a wrapped sentence."""
    return gap >= 2 and len(line) <= _MAX_CAPTION and line[-1] in "。."


def join_paragraphs(lines: list[Line]) -> list[tuple[str, Pages]]:
    """Re-join lines broken mid-sentence (across page ends too); move captions that interrupt
    a sentence after it. Each paragraph keeps where its pages begin."""
    paras: list[tuple[str, Pages]] = []
    held: list[tuple[str, Pages]] = []  # captions waiting for the interrupted sentence to end
    earlier: set[str] = set()  # a line repeating an earlier one is a heading (repeated title)
    for line, gap, page in lines:
        last, pages = paras[-1] if paras else ("", ())
        repeated = bool(paras) and last in earlier
        if paras and _is_broken(last) and not repeated and not _starts_paragraph(line):
            if _is_caption(line, gap) and not held:
                held.append((line, ((0, page),)))
                continue
            if page != pages[-1][1]:
                pages = (*pages, (len(last), page))
            paras[-1] = (last + line, pages)
        else:
            earlier.update([last] if paras else [])
            paras.append((line, ((0, page),)))
        if held and not _is_broken(paras[-1][0]):
            paras.extend(held)
            held.clear()
    return paras + held


def _group_tables(paras: list[tuple[str, Pages]]) -> list[Block]:
    """Turn runs of '|' lines into table blocks (or plain paragraphs when not tabular)."""
    blocks: list[Block] = []
    i = 0
    while i < len(paras):
        text, pages = paras[i]
        if not is_pipe_line(text):
            blocks.append(_block(text, pages))
            i += 1
            continue
        j = i
        while j < len(paras) and is_pipe_line(paras[j][0]):
            j += 1
        cells = split_cells([p for p, _ in paras[i:j]])
        if looks_like_table(cells):
            blocks.extend(_table_blocks(format_table(cells), pages))
        else:
            blocks.extend(_block(c, pages) for c in cells if c)
        i = j
    return blocks


def _table_blocks(lines: list[str], pages: Pages) -> list[Block]:
    """A table's caption lines become a section heading so the rows form one section."""
    body = next((i for i, ln in enumerate(lines) if ln.startswith("表头：")), 0)
    caption = "".join(lines[:body])
    heading = Heading(PLAIN_RANK, caption, False)
    captions = [Block("heading", caption, heading, pages[:1])] if caption else []
    return [*captions, Block("table", "\n".join(lines[body:]), pages=pages[:1])]


def _block(line: str, pages: Pages) -> Block:
    text, _ = strip_md(line)
    interview = _INTERVIEW_QUESTION.match(text)
    if interview:  # an interviewer's question (or prompt) titles the answer that follows it
        sentences = [
            x.strip() for x in re.split(r"(?<=[。！？?])", interview.group(1)) if x.strip()
        ]
        asked = [x for x in sentences if x.endswith(("？", "?"))]
        question = (asked or sentences)[-1]
        return Block("heading", text, Heading(PLAIN_RANK, question[:80], inline_body=True), pages)
    heading = detect_heading(line)
    if heading is None:
        return Block("para", text, pages=pages)
    return Block("para" if heading.inline_body else "heading", text, heading, pages)


def clean_text(raw: str) -> CleanDocument:
    """Full cleaning: debris and noise removal, paragraph re-joining, tables, sections."""
    raw_lines, ocr_pages = _lines_with_gaps(raw)
    paras: list[tuple[str, Pages]] = []
    run: list[Line] = []
    for line in collapse_table_of_contents(raw_lines):
        if is_pipe_line(line.text):
            paras.extend(join_paragraphs(run))
            run = []
            paras.append((line.text, ((0, line.page),)))
        else:
            run.append(line)
    paras.extend(join_paragraphs(run))
    doc = assemble(_group_tables(paras))
    if PAGE_END in raw:
        doc.page_map, doc.ocr_pages = page_map(doc.blocks), ocr_pages
    return doc


def assemble(blocks: list[Block]) -> CleanDocument:
    """Concatenate blocks with newlines, recording offsets and building sections."""
    doc = CleanDocument(text="")
    parts: list[str] = []
    offset = 0
    headings: list[tuple[int, Heading]] = []
    in_article = False
    for block in blocks:
        heading = block.heading
        if heading is not None and in_article and heading.rank > ARTICLE_RANK:
            block = replace(block, kind="para", heading=None)  # an article's items (一)…
            heading = None
        if heading is not None:
            in_article = heading.rank == ARTICLE_RANK
            headings.append((offset, heading))
        doc.blocks.append((offset, block))
        parts.append(block.text)
        offset += len(block.text) + 1
    doc.text = "\n".join(parts)
    doc.sections = build_sections(headings, len(doc.text))
    return doc
