"""Format-specific loaders that turn one file into raw (uncleaned) text."""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import docx
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from charset_normalizer import from_bytes
from docx.document import Document as DocxDocument
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from ingest.models import IngestError

logger = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-PDF warnings are noise here

# UTF-32 BOMs first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
_SUSPICIOUS_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})
_MAX_SUSPICIOUS_RATIO = 0.05
_MAX_REPLACEMENT_RATIO = 0.01
_SNIFF_CHARS = 65536

_DOCX_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)

_HTML_JUNK = ("script", "style", "noscript", "template", "head", "svg", "iframe", "object")
_HTML_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_HTML_BLOCKS = re.compile(
    r"^(?:address|article|aside|blockquote|caption|dd|details|dialog|div|dl|dt|fieldset|"
    r"figcaption|figure|footer|form|header|hr|li|main|nav|ol|p|pre|section|summary|ul|body|html)$"
)
_LAYOUT_CELL_CHARS = 300
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t]*\r?\n\s*(?=[{_CJK}])")


class Loader(Protocol):
    """Reads one file format into raw text."""

    extensions: tuple[str, ...]

    def load(self, path: Path) -> str:
        """Return the raw text of `path`; raise IngestError when it cannot be read."""
        ...


def _short(exc: BaseException, limit: int = 120) -> str:
    """One-line, length-limited description of an exception."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_bytes(path: Path) -> bytes:
    """Read a whole file, mapping OS errors to IngestError."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read file: {_short(exc)}") from exc


def _binary_error(path: Path) -> IngestError:
    """IngestError for binary content."""
    return IngestError(path, "binary content, not text")


def _decode_nul_bytes(data: bytes, path: Path) -> str:
    """Decode data containing NULs as BOM-less UTF-16 if plausible, else reject as binary."""
    sample = data[:_SNIFF_CHARS]
    le_first = sample[1::2].count(0) >= sample[0::2].count(0)
    for codec in ("utf-16-le", "utf-16-be") if le_first else ("utf-16-be", "utf-16-le"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            return text
    raise _binary_error(path)


def _decode_unchecked(data: bytes, path: Path) -> str:
    """Decode via BOM, BOM-less UTF-16, UTF-8, GB18030, then charset_normalizer."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    if b"\x00" in data:
        return _decode_nul_bytes(data, path)
    for codec in ("utf-8", "gb18030"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= _MAX_REPLACEMENT_RATIO * len(lenient):
        logger.warning("%s: invalid UTF-8 bytes replaced with U+FFFD", path.name)
        return lenient
    best = from_bytes(data).best()
    if best is None:
        raise _binary_error(path)
    logger.info("%s: decoded as %s (charset_normalizer guess)", path.name, best.encoding)
    return str(best)


def _looks_binary(text: str) -> bool:
    """True when many leading chars are control, surrogate, private-use or unassigned."""
    sample = text[:_SNIFF_CHARS]
    bad = sum(
        ch not in _TEXT_CONTROLS and unicodedata.category(ch) in _SUSPICIOUS_CATEGORIES
        for ch in sample
    )
    return bad > _MAX_SUSPICIOUS_RATIO * len(sample)


def decode_bytes(data: bytes, path: Path) -> str:
    """Decode text bytes of unknown encoding, normalise newlines; IngestError if binary."""
    text = _decode_unchecked(data, path).removeprefix("\ufeff")
    if _looks_binary(text):
        raise _binary_error(path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TextLoader:
    """Plain text and Markdown."""

    extensions: tuple[str, ...] = (".txt", ".md")

    def load(self, path: Path) -> str:
        """Decode the file's bytes."""
        return decode_bytes(_read_bytes(path), path)


class DocxLoader:
    """Word .docx via python-docx: paragraphs and tables in document order."""

    extensions: tuple[str, ...] = (".docx",)

    def load(self, path: Path) -> str:
        """Extract body paragraphs (headings as '#' lines) and table rows."""
        data = _read_bytes(path)
        if data.startswith(_OLE2_MAGIC):
            raise IngestError(path, "corrupt .docx: legacy .doc or password-protected Word file")
        try:
            document = docx.Document(io.BytesIO(data))
            return "\n".join(line for line in _docx_lines(document) if line.strip())
        except Exception as exc:
            raise IngestError(path, f"corrupt .docx: {_short(exc)}") from exc


def _docx_lines(document: DocxDocument) -> Iterator[str]:
    """Yield one line per body paragraph and per table row, in document order."""
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            yield from _docx_table_rows(block)
        else:
            yield _docx_paragraph(block)


def _docx_paragraph(paragraph: Paragraph) -> str:
    """Paragraph text, prefixed with '#'s when its style is 'Heading N'."""
    text = paragraph.text.strip()
    try:
        style = paragraph.style
        style_name = (style.name if style is not None else None) or ""
    except Exception:
        style_name = ""
    match = _DOCX_HEADING.match(style_name.strip())
    if match and text:
        return "#" * min(max(int(match.group(1)), 1), 6) + " " + text
    return text


def _docx_table_rows(table: Table) -> Iterator[str]:
    """Yield each table row as its cells joined with ' | ' (merged cells once)."""
    for row in table.rows:
        cells: list[_Cell] = []
        for cell in row.cells:
            if not cells or cell is not cells[-1]:
                cells.append(cell)
        yield " | ".join(" ".join(c.text.split()) for c in cells)


class PdfLoader:
    """PDF text layer via pypdf."""

    extensions: tuple[str, ...] = (".pdf",)

    def load(self, path: Path) -> str:
        """Join the text layer of every page with newlines."""
        data = _read_bytes(path)
        if b"%PDF" not in data[:1024]:
            raise IngestError(path, "corrupt or unreadable PDF: no %PDF header")
        text = self._extract(data, path)
        if not text.strip():
            raise IngestError(path, "PDF has no text layer (scanned image?)")
        return text

    def _extract(self, data: bytes, path: Path) -> str:
        """Open, decrypt if needed, and extract all pages."""
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise IngestError(path, "encrypted PDF (password protected)")
            pages = _pdf_page_texts(reader, path)
        except IngestError:
            raise
        except Exception as exc:
            if "cryptography" in str(exc) or "AES" in str(exc):
                raise IngestError(path, f"encrypted PDF (cannot decrypt: {_short(exc)})") from exc
            raise IngestError(path, f"corrupt or unreadable PDF: {_short(exc)}") from exc
        return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n")


def _pdf_page_texts(reader: PdfReader, path: Path) -> list[str]:
    """Text of each page; a failing page is skipped unless every page fails."""
    texts: list[str] = []
    error: Exception | None = None
    for number, page in enumerate(reader.pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as exc:
            logger.warning("%s: skipping page %d: %s", path.name, number, _short(exc))
            error = exc
    if error is not None and not texts:
        raise error
    return texts


class HtmlLoader:
    """HTML via BeautifulSoup: visible text, headings as '#' lines, table rows ' | '-joined."""

    extensions: tuple[str, ...] = (".html", ".htm")

    def load(self, path: Path) -> str:
        """Decode, parse and flatten the document to text."""
        soup = BeautifulSoup(decode_bytes(_read_bytes(path), path), "html.parser")
        return _html_to_text(soup)


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
    lines = [" | ".join(" ".join(c.get_text(" ").split()) for c in row) for row in cells]
    table.replace_with(NavigableString("\n\n" + "\n".join(ln for ln in lines if ln) + "\n\n"))


_LOADERS: tuple[Loader, ...] = (TextLoader(), DocxLoader(), PdfLoader(), HtmlLoader())
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(ext for ld in _LOADERS for ext in ld.extensions)


def loader_for(path: Path) -> Loader:
    """Loader for the file's extension (case-insensitive); IngestError if unsupported."""
    suffix = path.suffix.lower()
    for loader in _LOADERS:
        if suffix in loader.extensions:
            return loader
    shown = f"'{suffix}'" if suffix else "(no extension)"
    supported = ", ".join(SUPPORTED_EXTENSIONS)
    raise IngestError(path, f"unsupported file type {shown} (supported: {supported})")


def _format_size(n_bytes: float) -> str:
    """Human-readable size such as '63.2 MB', '12 KB' or '7 bytes'."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if n_bytes >= factor:
            return f"{n_bytes / factor:.1f}".removesuffix(".0") + f" {unit}"
    return f"{int(n_bytes)} bytes"


def load_document(path: Path, max_bytes: int) -> str:
    """Validate the file (exists, supported, non-empty, within size limit) and load its text."""
    if not path.is_file():
        raise IngestError(path, "file not found" if not path.exists() else "not a regular file")
    loader = loader_for(path)
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path, "empty file (0 bytes)")
    if size > max_bytes:
        shown, limit = _format_size(size), _format_size(max_bytes)
        if shown == limit:
            shown, limit = f"{size} bytes", f"{max_bytes} bytes"
        raise IngestError(path, f"file too large ({shown} > {limit} limit)")
    text = loader.load(path)
    if not text.strip():
        raise IngestError(path, "no text content (empty or whitespace only)")
    logger.debug("loaded %s: %d chars", path.name, len(text))
    return text
