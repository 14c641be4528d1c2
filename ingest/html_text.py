"""HTML to text: visible text, headings as '#' lines, table rows ' | '-joined; nesting checked
first in one streaming pass (a deeply nested page would take the tree builder hours)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from ingest.decode import decode_bytes, read_bytes
from ingest.models import IngestError, Limits
from ingest.tables import table_lines

_HTML_JUNK = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
_HTML_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_HTML_BLOCKS = re.compile(
    r"^(?:address|article|aside|blockquote|caption|dd|details|dialog|div|dl|dt|fieldset|"
    r"figcaption|figure|footer|form|header|hr|li|main|nav|ol|p|pre|section|summary|ul|body|html)$"
)
_LAYOUT_CELL_CHARS = 300
_MAX_COLSPAN, _MAX_ROWSPAN = 64, 1000  # larger spans in a data table are malformed
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\r?\n\s*(?=[{_CJK}])")


class HtmlLoader:
    """HTML via BeautifulSoup: visible text, headings as '#' lines, table rows ' | '-joined."""

    extensions: tuple[str, ...] = (".html", ".htm")

    def load(self, path: Path, limits: Limits) -> str:
        """Decode, check the nesting, parse and flatten the document to text."""
        html = decode_bytes(read_bytes(path), path)
        depth = html_depth(html)
        if depth > limits.max_html_depth:
            raise IngestError(
                path, f"HTML nested {depth} levels deep (> {limits.max_html_depth} limit)"
            )
        return _html_to_text(BeautifulSoup(html, "html.parser"))


class _DepthProbe(HTMLParser):
    """Streams through HTML once, tracking the deepest element nesting (linear time)."""

    # void elements, and those whose end tag is optional (old pages leave '<p>' open)
    VOID = frozenset(
        "area base br col embed hr img input link meta param source track wbr "
        "p li td th tr dt dd option".split()
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID:
            self.depth = max(self.depth - 1, 0)


def html_depth(html: str) -> int:
    """Deepest element nesting of an HTML text (unclosed tags count as open)."""
    probe = _DepthProbe()
    probe.feed(html)
    probe.close()
    return probe.deepest


def _html_to_text(soup: BeautifulSoup) -> str:
    """Flatten parsed HTML to lines, with blank lines between blocks."""
    for junk in soup.find_all(_HTML_JUNK):
        junk.decompose()
    _collapse_html_whitespace(soup)
    for table in soup.find_all("table"):
        if any(parent is soup for parent in table.parents):
            _flatten_table(table)
    for heading in soup.find_all(_HTML_HEADINGS):
        text = " ".join(heading.get_text(" ").split())
        level = int(heading.name[1])
        heading.replace_with(f"\n\n{'#' * level} {text}\n\n" if text else "\n")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for block in soup.find_all(_HTML_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = [line.strip() for line in soup.get_text().split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _collapse_html_whitespace(soup: BeautifulSoup) -> None:
    """Drop comments; collapse whitespace outside <pre>, dropping line breaks between CJK."""
    for node in list(soup.find_all(string=True)):
        if isinstance(node, PreformattedString):
            node.extract()
        elif node.find_parent(["pre", "textarea"]) is None:
            joined = _CJK_LINE_BREAK.sub("", str(node))
            node.replace_with(NavigableString(re.sub(r"\s+", " ", joined)))


def _flatten_table(table: Tag) -> None:
    """Replace a data table by ' | '-joined row lines; split a layout table into blocks."""
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    cells = [tr.find_all(["td", "th"], recursive=False) for tr in rows]
    is_layout = table.find(["table", *_HTML_HEADINGS]) is not None or any(
        len(cell.get_text()) > _LAYOUT_CELL_CHARS for row in cells for cell in row
    )
    if is_layout:
        for part in [*rows, *(cell for row in cells for cell in row)]:
            part.insert_before("\n")
            part.insert_after("\n")
        return
    header_rows = next(
        (n for n, row in enumerate(cells) if not row or any(c.name != "th" for c in row)), 0
    )
    lines = table_lines(_grid(cells), header_rows or None)
    caption = table.find("caption")
    if caption is not None and caption.find_parent("table") is table:
        lines.insert(0, " ".join(caption.get_text(" ").split()))
    table.replace_with(NavigableString("\n\n" + "\n".join(ln for ln in lines if ln) + "\n\n"))


def _span(cell: Tag, name: str, limit: int) -> int:
    """A cell's colspan or rowspan, 1 when absent or malformed, at most `limit`."""
    try:
        return min(max(int(str(cell.get(name, "1")).strip() or 1), 1), limit)
    except ValueError:
        return 1


def _grid(rows: Sequence[Sequence[Tag]]) -> list[list[str]]:
    """Cell texts by row and column, a cell spanning rows or columns repeated in each."""
    grid: list[list[str]] = []
    below: dict[int, tuple[str, int]] = {}  # column -> (text, rows it still covers)
    for cells in rows:
        row: list[str] = []
        queue = [(" ".join(c.get_text(" ").split()), c) for c in cells]
        while queue or any(col >= len(row) for col in below):
            if len(row) in below or not queue:  # a cell from above, or a gap before one
                text, left = below.pop(len(row), ("", 0))
                if left > 1:
                    below[len(row)] = (text, left - 1)
                row.append(text)
                continue
            text, cell = queue.pop(0)
            down = _span(cell, "rowspan", _MAX_ROWSPAN)
            for _ in range(_span(cell, "colspan", _MAX_COLSPAN)):
                if down > 1:
                    below[len(row)] = (text, down - 1)
                row.append(text)
        grid.append(row)
    return grid
