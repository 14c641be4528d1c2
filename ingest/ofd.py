"""OFD (GB/T 33190) documents: a zip of XML read with lxml; text objects placed by their
boundary and offsets, gathered into lines top to bottom and left to right, page by page."""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ingest.decode import read_bytes, short_error
from ingest.models import IngestError, Limits, join_pages
from ingest.zips import check_zip_budget

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class _Piece:
    """A run of text at its absolute position on the page (millimetres, y downwards)."""

    x: float
    y: float
    size: float
    text: str


def _local(element: etree._Element) -> str:
    """Tag name without its namespace (producers differ in prefixes and namespaces)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _first(element: etree._Element, name: str) -> etree._Element | None:
    """First descendant with the local name."""
    return next((e for e in element.iter() if _local(e) == name), None)


def _numbers(value: str | None, count: int) -> list[float]:
    """The first `count` numbers of a space-separated attribute (zeros when absent)."""
    parts = [float(p) for p in (value or "").split()[:count]]
    return parts + [0.0] * (count - len(parts))


class _Package:
    """The zip with its parts parsed on demand, resolving OFD's relative locations."""

    def __init__(self, data: bytes, path: Path) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.path = path

    def xml(self, name: str) -> etree._Element:
        """Parse one part; IngestError naming it when missing or malformed."""
        try:
            return etree.fromstring(self.zip.read(name), _PARSER)
        except KeyError as exc:
            raise IngestError(self.path, f"corrupt .ofd: missing part {name}") from exc

    @staticmethod
    def resolve(base: str, location: str) -> str:
        """A part name from a location, absolute ('/Doc_0/…') or relative to `base`'s folder."""
        location = location.strip()
        joined = location if location.startswith("/") else posixpath.join(base, location)
        return posixpath.normpath(joined).lstrip("/")


def _page_locations(package: _Package) -> list[str]:
    """Content part names of every page of every document, in order."""
    out: list[str] = []
    for root in package.xml("OFD.xml").iter():
        if _local(root) == "DocRoot" and root.text:
            document_name = package.resolve("", root.text)
            document = package.xml(document_name)
            folder = posixpath.dirname(document_name)
            for page in document.iter():
                if _local(page) == "Page" and page.get("BaseLoc"):
                    out.append(package.resolve(folder, page.get("BaseLoc", "")))
    return out


def _pieces(page: etree._Element) -> list[_Piece]:
    """Text runs of a page's content layers (templates and annotations left out)."""
    pieces: list[_Piece] = []
    content = _first(page, "Content")
    if content is None:
        return pieces
    for obj in content.iter():
        if _local(obj) != "TextObject":
            continue
        left, top = _numbers(obj.get("Boundary"), 2)
        size = _numbers(obj.get("Size"), 1)[0] or 3.5
        for code in obj:
            if _local(code) == "TextCode" and code.text and code.text.strip():
                x, y = float(code.get("X", 0)), float(code.get("Y", 0))
                pieces.append(_Piece(left + x, top + y, size, code.text))
    return pieces


def _join(left: str, right: str) -> str:
    """Concatenate two runs of a line, with a space only between Latin letters or digits."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii():
        return left + " " + right
    return left + right


def page_lines(pieces: list[_Piece]) -> list[str]:
    """Runs grouped into lines by baseline (within half a font size), each read left to right."""
    lines: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (p.y, p.x)):
        if lines and abs(piece.y - lines[-1][0].y) <= 0.5 * max(piece.size, lines[-1][0].size):
            lines[-1].append(piece)
        else:
            lines.append([piece])
    out = []
    for line in lines:
        text = ""
        for piece in sorted(line, key=lambda p: p.x):
            text = _join(text, piece.text)
        out.append(text.strip())
    return out


class OfdLoader:
    """OFD via lxml: OFD.xml → each DocRoot's Document.xml → each page's Content.xml."""

    extensions: tuple[str, ...] = (".ofd",)

    def load(self, path: Path, limits: Limits) -> str:
        """Lines of every page in reading order, each page ended by a form feed."""
        data = read_bytes(path)
        check_zip_budget(data, path, limits)
        try:
            package = _Package(data, path)
            locations = _page_locations(package)
            if len(locations) > limits.max_pdf_pages:
                raise IngestError(
                    path, f"{len(locations)} pages (> {limits.max_pdf_pages} page limit)"
                )
            pages = ["\n".join(page_lines(_pieces(package.xml(loc)))) for loc in locations]
        except IngestError:
            raise
        except Exception as exc:
            raise IngestError(path, f"corrupt .ofd: {short_error(exc)}") from exc
        if not locations:
            raise IngestError(path, "corrupt .ofd: no pages (OFD.xml names no DocRoot)")
        return join_pages(pages)
