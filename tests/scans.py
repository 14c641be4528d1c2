"""Scanned-document stand-ins for the OCR tests and benchmark: text drawn with the Noto CJK font
onto page images (one column, two columns, or a table), saved as an image-only PDF; and the
character error rate of a reading."""

from __future__ import annotations

import io
import re
import subprocess
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from tests.conftest import CORPUS

DPI = 150
A4 = (1240, 1754)  # pixels at 150 dpi
A5 = (874, 1240)
MARGIN = 100  # pixels of white around the body text
HEADER = "衡阳市知识产权局文件"


@lru_cache(maxsize=1)
def cjk_font() -> Path | None:
    """A Noto Sans CJK (or any Chinese) font file, found by fontconfig."""
    try:
        listed = subprocess.run(
            ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted({line.split(":")[0].strip() for line in listed.splitlines() if line.strip()})
    preferred = [f for f in files if "NotoSansCJK-Regular" in f] or files
    return Path(preferred[0]) if preferred else None


def sample_paragraphs(skip: int = 0, count: int = 6) -> list[str]:
    """Paragraphs of the sample-corpus reports, the first report's first."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    return [p.strip() for t in texts for p in t.split("\n") if p.strip()][skip : skip + count]


def wrap(
    draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int
) -> list[str]:
    """Lines of `text` no wider than `width` pixels: Chinese wraps between any characters,
    numbers and Latin words stay whole."""
    lines, line = [], ""
    for unit in re.findall(r"[!-~]+|.", text):
        if line and draw.textlength(line + unit, font=font) > width:
            lines.append(line)
            line = ""
        line += unit
    return [*lines, line] if line else lines


def render_pages(
    paragraphs: list[str], pages: int = 2, page: tuple[int, int] = A5, size: int = 30
) -> tuple[list[Image.Image], list[list[str]]]:
    """Page images with a running header and a page number, filled line by line (text that
    does not fit is left out); also the body lines drawn on each page."""
    font_path = cjk_font()
    assert font_path is not None
    font = ImageFont.truetype(str(font_path), size)
    probe = ImageDraw.Draw(Image.new("L", page, 255))
    lines = [ln for p in paragraphs for ln in wrap(probe, p, font, page[0] - 2 * MARGIN)]
    height = int(size * 1.6)
    per_page = (page[1] - 2 * MARGIN - 20) // height  # rows that fit between the margins
    images, drawn = [], []
    for n in range(pages):
        image = Image.new("L", page, 255)
        draw = ImageDraw.Draw(image)
        draw.text((MARGIN, 20), HEADER, font=font, fill=0)
        draw.text((page[0] // 2 - 30, page[1] - 60), f"- {n + 1} -", font=font, fill=0)
        body = lines[n * per_page : (n + 1) * per_page]
        for row, line in enumerate(body):
            draw.text((MARGIN, MARGIN + 20 + row * height), line, font=font, fill=0)
        images.append(image)
        drawn.append(body)
    return images, drawn


def image_pdf(images: list[Image.Image]) -> bytes:
    """An image-only PDF (no text layer), one page per image."""
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=DPI)
    return out.getvalue()


def _plain(text: str) -> str:
    """Text compared by the error rate: compatibility forms folded, whitespace removed."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def char_errors(reference: str, reading: str) -> tuple[int, int]:
    """Edit distance (insertions, deletions, substitutions) and the reference's length."""
    ref, hyp = _plain(reference), _plain(reading)
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        current = [i]
        for j, h in enumerate(hyp, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1], len(ref)


def char_error_rate(reference: str, reading: str) -> float:
    """Edit distance over the reference's length."""
    errors, length = char_errors(reference, reading)
    return errors / max(length, 1)


def _font(size: int) -> ImageFont.FreeTypeFont:
    """The CJK font at `size` pixels."""
    font_path = cjk_font()
    assert font_path is not None
    return ImageFont.truetype(str(font_path), size)


def render_two_columns(
    title: str, paragraphs: list[str], page: tuple[int, int] = A5, size: int = 22
) -> tuple[Image.Image, list[str], list[str]]:
    """A page with a full-width title over two text columns (the left filled first, then the
    right); also the lines drawn in the left and in the right column."""
    font = _font(size)
    image = Image.new("L", page, 255)
    draw = ImageDraw.Draw(image)
    gutter = 2 * size
    width = (page[0] - 2 * MARGIN - gutter) // 2
    lines = [ln for p in paragraphs for ln in wrap(draw, p, font, width)]
    height = int(size * 1.6)
    top = MARGIN + 2 * height
    per_column = (page[1] - MARGIN - top) // height
    draw.text(
        ((page[0] - draw.textlength(title, font=font)) // 2, MARGIN), title, font=font, fill=0
    )
    columns = [lines[:per_column], lines[per_column : 2 * per_column]]
    for n, column in enumerate(columns):
        for row, line in enumerate(column):
            draw.text((MARGIN + n * (width + gutter), top + row * height), line, font=font, fill=0)
    return image, columns[0], columns[1]


def render_table(
    above: Sequence[str],
    rows: list[list[str]],
    widths: list[int],
    ruled: bool,
    below: Sequence[str] = (),
    size: int = 22,
) -> Image.Image:
    """A page with lines of text over and under a table (`rows`, the first the header) whose
    columns are `widths` pixels wide, with or without ruling lines."""
    font = _font(size)
    height = int(size * 2)
    page = (2 * MARGIN + sum(widths), 2 * MARGIN + (len(above) + len(rows) + len(below)) * height)
    image = Image.new("L", page, 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(above):
        draw.text((MARGIN, MARGIN + n * height), line, font=font, fill=0)
    top = MARGIN + len(above) * height
    edges = [MARGIN + sum(widths[:n]) for n in range(len(widths) + 1)]
    for r, row in enumerate(rows):
        for left, cell in zip(edges, row, strict=False):
            draw.text((left + size // 2, top + r * height + size // 2), cell, font=font, fill=0)
    bottom = top + len(rows) * height
    if ruled:
        for r in range(len(rows) + 1):
            draw.line((edges[0], top + r * height, edges[-1], top + r * height), fill=0, width=2)
        for x in edges:
            draw.line((x, top, x, bottom), fill=0, width=2)
    for n, line in enumerate(below):
        draw.text((MARGIN, bottom + size // 2 + n * height), line, font=font, fill=0)
    return image
