"""Seals and signatures off a scanned page before OCR: stamped seals (公章, red) and ink
signatures or marks (blue, red) would otherwise be read as stray characters.

Printed text is black or grey; ink of a seal or a pen is saturated colour. Each coloured blob
that is roughly as tall as it is wide and seal-sized is lightened within its bounds: each pixel
becomes its brightest channel, so the seal's ring and words (and their compressed, greyed edges)
turn near white while black print under the seal stays dark. Wide coloured bands,
such as the red masthead of a 红头文件 and the red rule under it, are kept for OCR.
"""

from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage

_SATURATION = 70  # max - min of the RGB channels: above it a pixel is coloured ink
_PAPER = 180  # a brightest channel above it is ink of colour (or paper): made white
_MIN_SIDE = 0.04  # of the page width: smaller coloured specks are left alone
_MAX_ASPECT = 2.5  # a blob wider than this (times its height) is a masthead or a rule


def without_seals(image: Image.Image) -> Image.Image:
    """The page with seal- and signature-shaped coloured blobs lightened away."""
    rgb = np.asarray(image.convert("RGB")).astype(np.int16)
    coloured = (rgb.max(axis=2) - rgb.min(axis=2)) > _SATURATION
    if not coloured.any():
        return image
    reach_x, reach_y = max(2, image.width // 60), max(1, image.width // 300)
    joining = np.ones((2 * reach_y + 1, 2 * reach_x + 1), dtype=bool)  # a line's characters
    grown = ndimage.binary_dilation(coloured, structure=joining)
    labels, _ = ndimage.label(grown)
    out = rgb.copy()
    for box in ndimage.find_objects(labels):
        if box is not None and _seal_shaped(box, image.width):
            # each pixel as its brightest channel: red or blue ink turns light, black print
            # (dark in every channel) stays, even where the seal covers it
            brightest = rgb[box].max(axis=2, keepdims=True)
            out[box] = np.where(brightest > _PAPER, 255, brightest)
    return Image.fromarray(out.astype(np.uint8))


def _seal_shaped(box: tuple[slice, slice], page_width: int) -> bool:
    """Big enough to be a seal or signature, and not a wide band."""
    height, width = box[0].stop - box[0].start, box[1].stop - box[1].start
    big = max(height, width) >= _MIN_SIDE * page_width
    return big and width <= _MAX_ASPECT * height
