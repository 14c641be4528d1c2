"""Reading order of a page's OCR text boxes: running headers, footers and page numbers dropped;
rows top to bottom, boxes left to right."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

_MARGIN = 0.06  # top and bottom share of the page where headers, footers and page numbers sit
_MAX_MARGIN_CHARS = 30  # a longer line there is body text, not a running header


@dataclass(frozen=True)
class OcrLine:
    """One recognised text box: its text and its bounds in pixels."""

    text: str
    left: float
    top: float
    right: float
    bottom: float

    @property
    def middle(self) -> float:
        """Vertical centre."""
        return (self.top + self.bottom) / 2


def _in_margin(line: OcrLine, height: float) -> bool:
    """A short line wholly inside the top or bottom margin: header, footer or page number."""
    band = _MARGIN * height
    outside = line.bottom <= band or line.top >= height - band
    return outside and len(line.text) <= _MAX_MARGIN_CHARS


def reading_order(lines: list[OcrLine], height: float) -> list[str]:
    """Boxes grouped into rows (a box whose centre lies within a row's height joins it), rows
    top to bottom, boxes left to right; a wide gap inside a row becomes a space."""
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (ln.top, ln.left)):
        if _in_margin(line, height):
            continue
        if rows and rows[-1][0].top <= line.middle <= rows[-1][0].bottom:
            rows[-1].append(line)
        else:
            rows.append([line])
    out = []
    for row in rows:
        boxes = sorted(row, key=lambda ln: ln.left)
        text = boxes[0].text
        for before, box in pairwise(boxes):
            wide = box.left - before.right > (box.bottom - box.top)
            text += (" " if wide else "") + box.text
        out.append(text)
    return out
