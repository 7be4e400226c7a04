"""A table's header lines that the band reading left unread, read again on their own.

Tesseract reads a table band as one uniform block. On a degraded copy (speckle, blur, a grey
paper) that block reading can drop most of a header line over the first row of figures: the
words come back as a few fragments ('N or * Persentase') where the image shows 'No Sasaran
Strategis Target Realisasi Persentase'. Read alone, the same strip comes back whole. Without its
header the table's columns have no roles and the table is lost. So the glyphs the image shows
on each text line above the first figure row are counted against the letters read there; when
a line read far fewer letters than it shows glyphs, the strip from that line down to the figures
is read again alone, and line by line the reading with more confidently read letters is kept (a
strip reading can split a word the band read whole, 'Strat egis').
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
HEADER_LINES = 6  # text lines above the first figure row looked at: a header's, not the page's
SURE = 50.0  # word confidence below which a reading's letters do not count


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


def _header_lines(
    words: Sequence[Word], ocr: np.ndarray, ppp: float, char_height: float, band: tuple[float, float] | None
) -> list[tuple[float, float, int]]:
    """The ``HEADER_LINES`` text lines (top, bottom in points, glyphs) the image shows right
    above the first figure row, inside the band: where a header sits (a caption or prose higher
    up is the layout reading's business)."""
    figures = first_figure_row(words)
    if figures is None or char_height <= 0:
        return []
    top = max(0.0, band[0] if band is not None else 0.0)
    rows = (int(top / ppp), int(figures / ppp))
    if rows[1] - rows[0] < char_height:
        return []
    found = glyph_lines(ocr[rows[0] : rows[1]] < 128, char_height)
    lines = [((rows[0] + t) * ppp, (rows[0] + b) * ppp, n) for t, b, n in found if rows[0] + b < rows[1]]
    return lines[-HEADER_LINES:]


def _letters(words: Sequence[Word], line: tuple[float, float]) -> int:
    """Letters of the confidently read words whose middle lies on ``line`` (top, bottom)."""
    return sum(len(w.text) for w in words if w.conf >= SURE and line[0] <= (w.top + w.bottom) / 2 <= line[1])


def unread_strip(
    words: Sequence[Word], ocr: np.ndarray, ppp: float, char_height: float, band: tuple[float, float] | None
) -> tuple[float, float] | None:
    """The strip (points) from the highest badly read header line (``_header_lines``) down to the
    first figure row, or None when every such line was read (or there is no figure row)."""
    lines = _header_lines(words, ocr, ppp, char_height, band)
    for t, b, glyphs in lines:
        if glyphs >= MIN_GLYPHS and _letters(words, (t, b)) < READ_SHARE * glyphs:
            return max(band[0] if band else 0.0, t - 0.25 * char_height * ppp), lines[-1][1] + 0.25 * char_height * ppp
    return None


def with_header_strip(
    words: Sequence[Word],
    read: ReadStrip,
    ocr: np.ndarray,
    ppp: float,
    char_height: float,
    band: tuple[float, float] | None,
) -> tuple[Word, ...]:
    """``words`` with an unread header strip (``unread_strip``) read again alone; line by line
    (the image's text lines) the reading with more confidently read letters is kept."""
    strip = unread_strip(words, ocr, ppp, char_height, band)
    if strip is None:
        return tuple(words)
    first = max((w.line for w in words), default=0) + 1  # its own line numbers, after the band's
    again = [replace(w, line=first + w.line) for w in read(strip)]
    out = list(words)
    for t, b, _ in _header_lines(words, ocr, ppp, char_height, band):
        if t < strip[0] or _letters(again, (t, b)) <= _letters(words, (t, b)):
            continue
        on_line = lambda w, t=t, b=b: t <= (w.top + w.bottom) / 2 <= b  # noqa: E731
        out = [w for w in out if not on_line(w)] + [w for w in again if on_line(w)]
    return tuple(sorted(out, key=lambda w: (w.top, w.x0)))
