"""A table's header lines that the band reading left unread, read again on their own.

Tesseract reads a table band as one uniform block. On a degraded copy (speckle, blur, a grey
paper) that block reading can drop most of a header line over the first row of figures: the
words come back as a few fragments ('N or * Persentase') where the image shows 'No Sasaran
Strategis Target Realisasi Persentase'. Read alone, the same strip comes back whole. Without its
header the table's columns have no roles and the table is lost. So the glyphs the image shows
on each text line above the first figure row are counted against the letters read there; when
a line read far fewer letters than it shows glyphs, the strip from that line down to the figures
is read again alone, and the reading with more letters is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import cv2
import numpy as np

from extractor.models import Word
from extractor.ocr.bands import _figure_like
from extractor.tables import visual_lines
from extractor.vocabulary import YEAR_MARK

ReadStrip = Callable[[tuple[float, float]], Sequence[Word]]

READ_SHARE = 0.5  # a line giving fewer letters than this share of its glyphs went unread
MIN_GLYPHS = 6  # a line showing fewer glyphs is too short to judge
FIGURES = 2  # figures (not years) that make a row a row of the table's body


def first_figure_row(words: Sequence[Word]) -> float | None:
    """Top (points) of the highest printed line holding ``FIGURES`` figures or more."""
    tops = [
        min(w.top for w in row)
        for row in visual_lines(words)
        if sum(_figure_like(w.text) and not YEAR_MARK.match(w.text) for w in row) >= FIGURES
    ]
    return min(tops) if tops else None


def glyph_lines(ink: np.ndarray, char_height: float) -> list[tuple[int, int, int]]:
    """Text lines of a 0/1 ink image: (top, bottom, glyphs) in its pixels, from glyph-sized
    components grouped by their vertical middle."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    heights = stats[1:count, cv2.CC_STAT_HEIGHT]
    keep = (heights >= 0.4 * char_height) & (heights <= 2.0 * char_height)
    boxes = [(int(y), int(y + h)) for y, h in zip(stats[1:count, cv2.CC_STAT_TOP][keep], heights[keep], strict=True)]
    lines: list[list[int]] = []
    for top, bottom in sorted(boxes, key=lambda b: b[0] + b[1]):
        middle = (top + bottom) / 2
        if lines and lines[-1][0] <= middle <= lines[-1][1]:
            lines[-1][1] = max(lines[-1][1], bottom)
            lines[-1][2] += 1
            continue
        lines.append([top, bottom, 1])
    return [(t, b, n) for t, b, n in lines]


def unread_strip(
    words: Sequence[Word], ocr: np.ndarray, ppp: float, char_height: float, band: tuple[float, float] | None
) -> tuple[float, float] | None:
    """The strip (points) from the highest badly read text line above the first figure row down
    to that row, or None when every line there was read (or there is no figure row)."""
    figures = first_figure_row(words)
    if figures is None or char_height <= 0:
        return None
    top = max(0.0, band[0] if band is not None else 0.0)
    rows = (int(top / ppp), int(figures / ppp))
    if rows[1] - rows[0] < char_height:
        return None
    for t, b, glyphs in glyph_lines(ocr[rows[0] : rows[1]] < 128, char_height):
        if glyphs < MIN_GLYPHS or rows[0] + b >= rows[1]:
            continue
        line = ((rows[0] + t) * ppp, (rows[0] + b) * ppp)
        letters = sum(len(w.text) for w in words if line[0] <= (w.top + w.bottom) / 2 <= line[1])
        if letters < READ_SHARE * glyphs:
            return max(top, line[0] - 0.25 * char_height * ppp), figures - 0.5
    return None


def with_header_strip(
    words: Sequence[Word],
    read: ReadStrip,
    ocr: np.ndarray,
    ppp: float,
    char_height: float,
    band: tuple[float, float] | None,
) -> tuple[Word, ...]:
    """``words`` with an unread header strip (``unread_strip``) replaced by its own reading,
    when that reading holds more letters."""
    strip = unread_strip(words, ocr, ppp, char_height, band)
    if strip is None:
        return tuple(words)

    def inside(w: Word) -> bool:
        return strip[0] <= (w.top + w.bottom) / 2 <= strip[1]

    first = max((w.line for w in words), default=0) + 1  # its own line numbers, after the band's
    again = [replace(w, line=first + w.line) for w in read(strip) if inside(w)]
    before = [w for w in words if inside(w)]
    if sum(len(w.text) for w in again) <= sum(len(w.text) for w in before):
        return tuple(words)
    return tuple(sorted((*[w for w in words if not inside(w)], *again), key=lambda w: (w.top, w.x0)))
